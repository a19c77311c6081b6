"""Where each post's Markdown file goes: predictable names that are safe on every file system.

`posts/<slug>.md` for posts, `pages/<slug>.md` for pages, `<post_type>/<slug>.md` for other
types. The slug comes from the post's slug, else its title, else its id. A name is made safe
for Linux, macOS and Windows alike (no separators, control characters, reserved device
names, trailing dots or spaces; at most 255 bytes) and unique even on a file system that
ignores case and Unicode normalisation: the later of two colliding posts gets `-<id>`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from wparchive.diskset import StringSet
from wparchive.model import Post

MAX_NAME_BYTES = 255  # ext4, APFS, NTFS (in UTF-16 units, which UTF-8 bytes bound), ZFS
EXTENSION = ".md"

FOLDER_BY_TYPE = {"post": "posts", "page": "pages"}

# Windows refuses these as file names whatever their case or extension ("aux.md", "Com1.md");
# the superscript digits are reserved as well.
_RESERVED_STEMS = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{device}{digit}" for device in ("COM", "LPT") for digit in "0123456789¹²³"}
)

# Characters Windows forbids in names, both separators, and everything that is not a visible
# character: C0/C1 controls, lone surrogates (from undecodable input) and the bidirectional
# overrides that make "gpj.exe" display as "exe.jpg".
_UNSAFE = re.compile(
    r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\ud800-\udfff\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]'
)
_WHITESPACE = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,}")
_NOT_WORD = re.compile(r"[^\w]+")
# Dots and spaces at the end vanish on Windows; a leading dot hides the file, a leading dash
# reads as an option to command-line tools.
_EDGE_CHARS = " .-"
# Lower-case ASCII words joined by single dashes, as WordPress makes most slugs: already a
# safe name (nothing to normalise, replace, squeeze or strip), unless a reserved stem.
_PLAIN_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class PathAllocator:
    """Hands out one relative POSIX path per post, in call order; deterministic."""

    def __init__(self) -> None:
        self._taken = StringSet()  # collision keys; on disk, as they grow with the export

    def allocate(self, post: Post) -> str:
        folder = _folder(post.type)
        stem = _stem_for(post)
        path = _join(folder, stem, "")
        if not self._taken.claim(_collision_key(path)):
            path = self._first_free(folder, stem, f"-{post.id}")
        return path

    def _first_free(self, folder: str, stem: str, suffix: str) -> str:
        path = _join(folder, stem, suffix)
        counter = 2
        while not self._taken.claim(_collision_key(path)):
            path = _join(folder, stem, f"{suffix}-{counter}")
            counter += 1
        return path


def is_inside(root: Path, candidate: Path) -> bool:
    """Whether `candidate`, with symlinks and `..` resolved, lies inside `root` (or is it).

    Relative paths are taken from the working directory, as everywhere else.
    """
    resolved_root = root.resolve()
    return candidate.resolve().is_relative_to(resolved_root)


def safe_name(text: str) -> str:
    """`text` as a file name component, without extension; "" when nothing usable is left."""
    if _PLAIN_NAME.fullmatch(text) and text.upper() not in _RESERVED_STEMS:
        return text  # what _made_safe gives, by one regex instead of its five passes
    return _made_safe(text)


def _made_safe(text: str) -> str:
    name = unicodedata.normalize("NFC", text)
    name = _UNSAFE.sub("-", name)
    name = _WHITESPACE.sub("-", name)
    name = _DASHES.sub("-", name).strip(_EDGE_CHARS)
    first, dot, rest = name.partition(".")
    if first.upper() in _RESERVED_STEMS:
        # "aux" -> "aux_", "con.tar" -> "con_.tar": still recognisable, no longer a device.
        name = f"{first}_{dot}{rest}"
    return name


def slugify(title: str) -> str:
    """A slug from a title: lower case, runs of non-word characters as one dash."""
    text = unicodedata.normalize("NFC", title).lower()
    return _NOT_WORD.sub("-", text).strip("-_")


def _stem_for(post: Post) -> str:
    # The title is slugified only when the slug gives nothing: most posts have a slug.
    return safe_name(post.slug) or safe_name(slugify(post.title)) or str(post.id)


def _folder(post_type: str) -> str:
    folder = FOLDER_BY_TYPE.get(post_type) or safe_name(post_type)
    return _truncate(folder or "items", MAX_NAME_BYTES)


def _join(folder: str, stem: str, suffix: str) -> str:
    room = MAX_NAME_BYTES - len(suffix.encode()) - len(EXTENSION)
    return f"{folder}/{_truncate(stem, room)}{suffix}{EXTENSION}"


def _truncate(name: str, max_bytes: int) -> str:
    """Cut `name` to `max_bytes` of UTF-8 on a character boundary, then re-tidy its end."""
    encoded = name.encode("utf-8")
    if len(encoded) <= max_bytes:
        return name
    cut = encoded[:max_bytes].decode("utf-8", errors="ignore")
    # A cut can leave a base letter without its combining accent: fine, still valid NFC text.
    return cut.rstrip(_EDGE_CHARS) or cut


def _collision_key(path: str) -> str:
    # macOS and Windows treat "Café.md", "CAFÉ.md" and "Cafe\u0301.md" as one file.
    return unicodedata.normalize("NFC", path).casefold()
