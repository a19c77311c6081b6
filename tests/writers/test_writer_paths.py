"""Markdown file names: predictable, unique, and safe on every file system."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from writer_models import post

from wparchive.writers import paths
from wparchive.writers.paths import MAX_NAME_BYTES, PathAllocator, is_inside

HOSTILE_SLUGS = [
    # (slug, path) ; the title "Fallback Title" is used when nothing of the slug survives
    ("hello-world", "posts/hello-world.md"),
    ("../../etc/passwd", "posts/etc-passwd.md"),
    ("..", "posts/fallback-title.md"),
    (".", "posts/fallback-title.md"),
    ("", "posts/fallback-title.md"),
    ("   ", "posts/fallback-title.md"),
    ("a/b\\c", "posts/a-b-c.md"),
    ("con", "posts/con_.md"),
    ("AUX", "posts/AUX_.md"),
    ("aux.md", "posts/aux_.md.md"),
    ("Com1", "posts/Com1_.md"),
    ("lpt9.txt", "posts/lpt9_.txt.md"),
    ("COM\u00b9", "posts/COM\u00b9_.md"),
    ("nul ", "posts/nul_.md"),
    ("console", "posts/console.md"),
    ("trailing.  ", "posts/trailing.md"),
    ("dots...", "posts/dots.md"),
    ("tab\there", "posts/tab-here.md"),
    ("nul\x00byte", "posts/nul-byte.md"),
    ("new\nline\r\n", "posts/new-line.md"),
    ('what?<>:"|*', "posts/what.md"),
    ("\u202egpj.exe", "posts/gpj.exe.md"),
    ("cafe\u0301", "posts/caf\u00e9.md"),
    ("-rf", "posts/rf.md"),
    (".htaccess", "posts/htaccess.md"),
    ("zero\u200bwidth", "posts/zero-width.md"),
    ("line\u2028sep", "posts/line-sep.md"),
    ("\x1b[31mred", "posts/[31mred.md"),
    ("emoji-\U0001f600", "posts/emoji-\U0001f600.md"),
    ("\u65e5\u672c\u8a9e", "posts/\u65e5\u672c\u8a9e.md"),
    ("lone\ud800surrogate", "posts/lone-surrogate.md"),
]


@pytest.mark.parametrize(("slug", "expected"), HOSTILE_SLUGS)
def test_hostile_slug(slug: str, expected: str) -> None:
    assert PathAllocator().allocate(post(slug=slug, title="Fallback Title")) == expected


def test_hostile_slugs_can_all_be_created_side_by_side(tmp_path: Path) -> None:
    allocator = PathAllocator()
    paths = [
        allocator.allocate(post(id, slug=slug, title="Fallback Title"))
        for id, (slug, _) in enumerate(HOSTILE_SLUGS, start=1)
    ]
    for relative in paths:
        target = tmp_path / relative
        assert is_inside(tmp_path, target)
        target.parent.mkdir(exist_ok=True)
        target.write_text("x", encoding="utf-8")
    assert len({path.casefold() for path in paths}) == len(HOSTILE_SLUGS)
    assert len(list((tmp_path / "posts").iterdir())) == len(HOSTILE_SLUGS)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"type": "page", "slug": "about"}, "pages/about.md"),
        ({"type": "product", "slug": "mug"}, "product/mug.md"),
        ({"type": "../evil", "slug": "x"}, "evil/x.md"),
        ({"type": "CON", "slug": "x"}, "CON_/x.md"),
        ({"type": "", "slug": "x"}, "items/x.md"),
        (
            {"slug": "", "title": "Hello, World! \u00c9t\u00e9"},
            "posts/hello-world-\u00e9t\u00e9.md",
        ),
        ({"slug": "", "title": "?!"}, "posts/42.md"),
        ({"slug": "..", "title": ""}, "posts/42.md"),
    ],
)
def test_folder_and_fallbacks(fields: dict[str, str], expected: str) -> None:
    assert PathAllocator().allocate(post(42, **fields)) == expected


def test_collisions_get_the_later_post_id_case_and_normalisation_blind() -> None:
    allocator = PathAllocator()
    allocated = [
        allocator.allocate(post(id, slug=slug))
        for id, slug in [
            (1, "caf\u00e9"),
            (2, "CAFE\u0301"),  # same file on macOS and Windows
            (3, "caf\u00e9"),
            (4, "caf\u00e9-2"),  # a real slug that looks like a suffixed one
            (5, "caf\u00e9-3"),
            (3, "caf\u00e9"),  # the same post twice (two inputs): still a new name
        ]
    ]
    assert allocated == [
        "posts/caf\u00e9.md",
        "posts/CAF\u00c9-2.md",
        "posts/caf\u00e9-3.md",
        "posts/caf\u00e9-2-4.md",
        "posts/caf\u00e9-3-5.md",
        "posts/caf\u00e9-3-2.md",
    ]


def test_allocation_is_deterministic() -> None:
    posts = [post(id, slug=slug) for id, slug in enumerate(["a", "A", "a", "b", "a-2"] * 3)]
    first, second = PathAllocator(), PathAllocator()
    assert [first.allocate(p) for p in posts] == [second.allocate(p) for p in posts]


@pytest.mark.parametrize(
    ("slug", "stem_bytes"),
    [
        ("a" * 300, 252),
        ("\u00e9" * 300, 252),  # 2 bytes each
        ("\u20ac" * 100, 252),  # 3 bytes each
        ("\U0001f600" * 100, 252),  # 4 bytes each
        ("ab" + "\U0001f600" * 100, 250),  # cut on a character boundary, never inside one
    ],
)
def test_long_slugs_are_cut_to_255_bytes_on_a_character_boundary(
    slug: str, stem_bytes: int
) -> None:
    allocator = PathAllocator()
    name = allocator.allocate(post(1, slug=slug)).split("/")[1]
    assert len(name.encode("utf-8")) == stem_bytes + len(".md")
    assert slug.startswith(name.removesuffix(".md"))
    again = allocator.allocate(post(1234, slug=slug)).split("/")[1]
    assert again.endswith("-1234.md")
    assert len(again.encode("utf-8")) <= MAX_NAME_BYTES


RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789"}


@given(slug=st.text(), title=st.text(), post_type=st.text(max_size=30))
def test_any_slug_gives_a_safe_name(slug: str, title: str, post_type: str) -> None:
    path = PathAllocator().allocate(post(7, slug=slug, title=title, type=post_type))
    parts = path.split("/")
    assert len(parts) == 2
    for part in parts:
        assert part not in ("", ".", "..")
        assert len(part.encode("utf-8")) <= MAX_NAME_BYTES
        assert not any(char in part for char in '<>:"\\|?*')
        assert not any(unicodedata.category(char) in ("Cc", "Cs") for char in part)
        assert part == unicodedata.normalize("NFC", part)
        assert not part.endswith((".", " ")) and not part.startswith((".", "-"))
        assert part.split(".")[0].upper() not in RESERVED
    assert parts[1].endswith(".md")


def test_is_inside(tmp_path: Path) -> None:
    root = tmp_path / "out"
    (root / "posts").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "posts" / "link").symlink_to(outside, target_is_directory=True)
    assert is_inside(root, root / "posts" / "a.md")
    assert is_inside(root, root / "new-folder" / "a.md")  # need not exist yet
    assert not is_inside(root, root / ".." / "a.md")
    assert not is_inside(root, root / "posts" / ".." / ".." / "elsewhere" / "a.md")
    assert not is_inside(root, root / "posts" / "link" / "a.md")  # a symlink out
    assert not is_inside(root, tmp_path / "out-sibling" / "a.md")  # a prefix is not inside


slug_like = st.text(alphabet="abcz09-_. AÉé\u0301\n", max_size=12) | st.sampled_from(
    ["con", "aux", "com1", "lpt9", "nul", "prn", "hello-world", "a", "0", "-a", "a-", "a--b"]
)


@given(text=slug_like | st.text())
def test_a_plain_slug_is_its_own_safe_name(text: str) -> None:
    """safe_name's fast path for plain slugs gives what the general path gives."""
    assert paths.safe_name(text) == paths._made_safe(text)
