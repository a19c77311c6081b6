"""One post as a Markdown file: YAML front matter, the body, then its comments, threaded.

The file is a fixed point of mdformat (GFM + front matter), so normalising it again changes
nothing; it ends with one newline, uses LF only, has no trailing whitespace and never
contains the current time.

Front matter keys, always in this order; keys marked * are left out when there is no value:

    title, date*, lastmod*, slug*, type, author*, categories, tags, draft*, status*,
    password_protected*, id, url*, guid*, excerpt*, featured_image*

`categories` and `tags` are always there (names, possibly `[]`) so that consumers can rely on
them. `draft: true` and `status` appear only when the status is not "publish";
`password_protected: true` only when the post has a password (the password never appears).

Comments follow under `## Comments`, one block per comment in the order given: a header
line (author, linked when they gave an http(s) address; date with its UTC offset; the type
for pingbacks and trackbacks; the status when not approved), then the body. A reply is a
blockquote, one `>` per level of depth, capped at MAX_QUOTE_DEPTH.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import yaml
from markdown_it import MarkdownIt

from wparchive.model import Comment, CommentStatus, CommentType, Post

# WordPress's own default for threaded comments is 5 levels. Deeper quoting reads badly and
# CommonMark parsers stop nesting somewhere (markdown-it's commonmark preset at 20 levels).
MAX_QUOTE_DEPTH = 5
ANONYMOUS = "Anonymous"  # what WordPress shows for a comment with an empty author
SEPARATOR = " · "


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedComment:
    """A comment ready to print: its Markdown body and its depth in the thread (0 = top)."""

    comment: Comment
    body: str
    depth: int


def render_markdown_file(
    post: Post,
    *,
    body: str,
    comments: Sequence[RenderedComment],
    author_name: str,
    featured_image: str | None,
    include_body: bool = True,
    excerpt: str | None = None,
) -> str:
    """The whole Markdown file for `post`.

    `body` and each comment's body are Markdown already normalised (mdformat fixed points).
    With include_body=False (a password-protected post), the body and excerpt are left out.
    `excerpt` overrides the post's raw excerpt, e.g. with one converted to plain text.
    """
    if excerpt is None:
        excerpt = post.excerpt
    if not include_body:
        excerpt = ""
    header = front_matter(
        post, author_name=author_name, featured_image=featured_image, excerpt=excerpt
    )
    blocks = [f"---\n{dump_yaml(header)}---"]
    body_text = _tidy(body) if include_body else ""
    if body_text:
        blocks.append(body_text)
    if comments:
        blocks.append("## Comments")
        blocks.extend(_comment_block(rendered) for rendered in comments)
    return "\n\n".join(blocks) + "\n"


def front_matter(
    post: Post, *, author_name: str, featured_image: str | None, excerpt: str
) -> dict[str, Any]:
    """The front matter as an ordered dict, in the documented key order."""
    published = post.status == "publish"
    fields: dict[str, Any] = {
        "title": post.title,
        "date": _iso(post.date.value),
        "lastmod": _iso(post.modified.value),
        "slug": post.slug,
        "type": post.type,
        "author": author_name,
        "categories": _unique(term.name for term in post.categories),
        "tags": _unique(term.name for term in post.tags),
        "draft": None if published else True,
        "status": None if published else post.status,
        "password_protected": True if post.password else None,
        "id": post.id,
        "url": post.link,
        "guid": post.guid,
        "excerpt": excerpt.strip(),
        "featured_image": featured_image,
    }
    always = {"title", "type", "categories", "tags", "id"}
    return {key: value for key, value in fields.items() if key in always or value}


# --- YAML -----------------------------------------------------------------------------------

# Strings a YAML 1.2 loader (Hugo, ruamel, js-yaml) reads as numbers, booleans or null while
# PyYAML's YAML 1.1 resolver does not, e.g. "1e3" or "0o17": quote them.
_YAML12_NOT_STRING = re.compile(
    r"[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
)
# A line break inside a value: double quotes keep it as an escape on one line, where a
# single-quoted scalar would fold it over several lines that tools re-indent differently.
_LINE_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
# libyaml double-quotes any value with a character beyond U+FFFF, PyYAML does not: always do.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# libyaml's emitter when PyYAML has it, PyYAML's own otherwise: both write the same text for
# the nodes we give them (tests/writers compares them), block sequences at column 0.
DUMPERS: tuple[Any, ...] = (getattr(yaml, "CSafeDumper", yaml.SafeDumper), yaml.SafeDumper)
_TAG = "tag:yaml.org,2002:"


def dump_yaml(data: dict[str, Any], *, dumper: Any = DUMPERS[0]) -> str:
    """`data` (str, int, bool and list-of-str values) as block YAML, in order, never wrapped.

    The node graph is built here rather than by PyYAML's representer: the same YAML for half
    the time, which counts at 10,000 posts.
    """
    pairs = [(yaml.ScalarNode(_TAG + "str", key), _yaml_node(value)) for key, value in data.items()]
    root = yaml.MappingNode(_TAG + "map", pairs, flow_style=False)
    text = yaml.serialize(root, Dumper=dumper, allow_unicode=True, width=1 << 30)
    # mdformat-frontmatter (ruamel.yaml) indents sequence items under their key.
    text = _SEQUENCE_ITEM.sub("  - ", text)
    return _DOUBLE_QUOTED_LINE.sub(_unescape_astral_line, text)


def _yaml_node(value: object) -> yaml.Node:
    if isinstance(value, bool):
        return yaml.ScalarNode(_TAG + "bool", "true" if value else "false")
    if isinstance(value, int):
        return yaml.ScalarNode(_TAG + "int", str(value))
    if isinstance(value, list):
        return yaml.SequenceNode(
            _TAG + "seq", [_yaml_node(item) for item in value], flow_style=False
        )
    if isinstance(value, str):
        return yaml.ScalarNode(_TAG + "str", value, style=_string_style(value))
    raise TypeError(f"front matter values are str, int, bool or lists: {value!r}")


def _string_style(value: str) -> str | None:
    if _LINE_BREAK.search(value) or _ASTRAL.search(value):
        return '"'
    # Edge whitespace PyYAML would leave unquoted (a no-break space) would be trailing space.
    if _YAML12_NOT_STRING.fullmatch(value) or value[:1].isspace() or value[-1:].isspace():
        return "'"
    return None  # plain when PyYAML's resolver allows, quoted when it does not


# Values never wrap and line breaks are escaped, so a line starting "- " is a list item.
_SEQUENCE_ITEM = re.compile("^- ", re.MULTILINE)


# In double quotes PyYAML writes characters beyond U+FFFF ("\U0001F600" for an emoji in a
# two-line excerpt) as escapes, where mdformat-frontmatter's ruamel.yaml writes them as they
# are; write them as they are too. An even run of backslashes before "\U" is escaped text.
_ASTRAL_ESCAPE = re.compile(
    r"(?<!\\)((?:\\\\)*)\\U(000[1-9A-F][0-9A-F]{4}|0010(?!FFFF)[0-9A-F]{4})"
)


# Never wrapped, a double-quoted value is one whole line: "key: "…"" or "  - "…"".
_DOUBLE_QUOTED_LINE = re.compile(r'^( *(?:- |[a-z_]+: ))(".*")$', re.MULTILINE)


def _unescape_astral_line(line: re.Match[str]) -> str:
    return line.group(1) + _ASTRAL_ESCAPE.sub(_unescape_astral, line.group(2))


def _unescape_astral(match: re.Match[str]) -> str:
    return match.group(1) + chr(int(match.group(2), 16))


# --- Comments -------------------------------------------------------------------------------


def _comment_block(rendered: RenderedComment) -> str:
    lines = [_comment_header(rendered.comment)]
    body = _tidy(rendered.body)
    if body:
        lines += ["", *body.split("\n")]
    depth = min(max(rendered.depth, 0), MAX_QUOTE_DEPTH)
    if depth == 0:
        return "\n".join(lines)
    # As mdformat writes nested quotes: "> > text", and "> >" for an empty line.
    prefix = "> " * depth
    return "\n".join(prefix + line if line else prefix.rstrip() for line in lines)


def _comment_header(comment: Comment) -> str:
    name = escape_inline(_one_line(comment.author)) or ANONYMOUS
    destination = link_destination(comment.author_url)
    author = f"**[{name}]({destination})**" if destination else f"**{name}**"
    parts = [author]
    if comment.date.value is not None:
        parts.append(comment.date.value.isoformat(sep=" "))
    if comment.type in (CommentType.PINGBACK, CommentType.TRACKBACK):
        parts.append(comment.type.value)
    if comment.status is not CommentStatus.APPROVED:
        parts.append(comment.status.value)
    return SEPARATOR.join(parts)


_LINKS = MarkdownIt("commonmark")
_HTTP_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#]\S*)?", re.IGNORECASE)
_BRACKET_DESTINATION = re.compile(r"[\x00-\x20\x7f()]")


def link_destination(url: str) -> str | None:
    """`url` as a Markdown link destination exactly as mdformat writes it, or None.

    Only plain http(s) addresses with an ASCII host are linked: a commenter's "website" can be
    `javascript:` or garbage, and the exact text stays in the archive anyway.
    """
    url = url.strip()
    if not _HTTP_URL.fullmatch(url):
        return None
    # markdown-it percent-encodes destinations when it parses them; writing them encoded
    # already makes the file a fixed point.
    normalised = _LINKS.normalizeLink(url)
    if _BRACKET_DESTINATION.search(normalised):
        return f"<{normalised}>"
    return normalised


# --- Escaping text as mdformat does ---------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_LESS_THAN = re.compile("<(?:[^ ]|$)")
_CHAR_REFERENCE = re.compile(
    "&(?:#[0-9]{1,7}|#[Xx][0-9A-Fa-f]{1,6}|"
    + "|".join(sorted({re.escape(name.rstrip(";")) for name in html.entities.html5}))
    + ");"
)


def _backslash_before(match: re.Match[str]) -> str:
    return "\\" + match.group()


def _one_line(text: str) -> str:
    """`text` on one line: controls dropped, every run of whitespace one space."""
    return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()


def escape_inline(text: str) -> str:
    """Escape plain `text` (one line, single spaces) for inline Markdown, as mdformat does.

    The same escapes mdformat's text renderer makes, in its order, so that formatting the
    file again leaves them alone: "a_b" stays, "_a_" becomes "\\_a\\_".
    """
    text = text.replace("\\", "\\\\")
    text = _escape_flanked(text, "*", _keeps_asterisk)
    text = _escape_flanked(text, "_", _keeps_underscore)
    text = _escape_square_brackets(text)
    if "<" in text:
        text = _LESS_THAN.sub(_backslash_before, text)
    text = text.replace("`", "\\`")
    if "&" in text:
        text = _CHAR_REFERENCE.sub(_backslash_before, text)
    return text.replace("~~", "\\~~")  # GFM strikethrough


_Neighbours = Callable[[str | None, str | None], bool]


def _is_space(char: str | None) -> bool:
    if char is None:
        return False
    return char in "\t\n" or unicodedata.category(char) == "Zs"


def _is_punctuation(char: str | None) -> bool:
    return char is not None and unicodedata.category(char)[0] in "PS"


def _keeps_asterisk(before: str | None, after: str | None) -> bool:
    return _is_space(before) and _is_space(after)


def _keeps_underscore(before: str | None, after: str | None) -> bool:
    if _keeps_asterisk(before, after):
        return True

    def plain(char: str | None) -> bool:
        return char is not None and not _is_space(char) and not _is_punctuation(char)

    return plain(before) and plain(after)


def _escape_flanked(text: str, marker: str, keeps: _Neighbours) -> str:
    if marker not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char == marker:
            before = text[index - 1] if index else None
            after = text[index + 1] if index + 1 < len(text) else None
            if not keeps(before, after):
                out.append("\\")
        out.append(char)
    return "".join(out)


def _escape_square_brackets(text: str) -> str:
    """Escape every bracket except a closed "[…]" pair with no bracket inside that is not
    followed by "(" or ":" (it cannot start a link then)."""
    if "[" not in text and "]" not in text:
        return text
    escape_at: list[int] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if char == "[":
            if opened is not None:
                escape_at.append(opened)
            opened = index
        elif char == "]":
            if opened is None:
                escape_at.append(index)
            elif text[index + 1 : index + 2] in (":", "("):
                escape_at += [opened, index]
                opened = None
            else:
                opened = None
    if opened is not None:
        escape_at.append(opened)
    for index in sorted(escape_at, reverse=True):
        text = f"{text[:index]}\\{text[index:]}"
    return text


# --- Helpers --------------------------------------------------------------------------------


def _tidy(markdown: str) -> str:
    """LF line ends, no trailing whitespace, no blank lines at either end."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))
