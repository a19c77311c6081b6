"""The default policy holds over the whole output tree: nothing private or thrown away leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES
from wparchive import ConvertOptions, convert

THREADS = FIXTURES / "threads-drafts-protected" / "input.xml"

# Strings that may only appear when the user asks for them, with the flag that allows each.
PRIVATE = {
    "bob.secret@example.invalid": "keep_personal_data",
    "ada.private@example.invalid": "keep_personal_data",
    "198.51.100.23": "keep_personal_data",
    "203.0.113.9": "keep_personal_data",
    "behind a password": "include_protected",
    "hunter2": "include_protected",  # the post's password goes with the body it protects
}
# Drafts are kept in the archive (it holds every status but spam and trash); only their
# Markdown waits for --include-drafts.
DRAFT_BODY = "only written with --include-drafts"
NEVER = ("Buy things", "spam@example.invalid", "Trashed: never written", "203.0.113.66")


def _all_text(root: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8") for path in sorted(root.rglob("*")) if path.is_file()
    )


def test_defaults_leave_out_private_and_unpublished_content(tmp_path: Path) -> None:
    convert([THREADS], tmp_path)
    text = _all_text(tmp_path)
    for needle in (*PRIVATE, *NEVER):
        assert needle not in text, needle
    assert DRAFT_BODY not in _all_text(tmp_path / "posts")
    assert DRAFT_BODY in (tmp_path / "archive.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("flag", ["keep_personal_data", "include_protected", "include_drafts"])
def test_each_flag_lets_through_only_its_own_data(flag: str, tmp_path: Path) -> None:
    convert([THREADS], tmp_path, options=ConvertOptions(**{flag: True}))
    text = _all_text(tmp_path)
    for needle, allowed_by in PRIVATE.items():
        assert (needle in text) == (allowed_by == flag), needle
    for needle in NEVER:
        assert needle not in text, needle
    assert (DRAFT_BODY in _all_text(tmp_path / "posts")) == (flag == "include_drafts")


def test_pending_comments_are_archived_but_not_shown(tmp_path: Path) -> None:
    convert([THREADS], tmp_path)
    markdown = _all_text(tmp_path / "posts")
    archive = (tmp_path / "archive.json").read_text(encoding="utf-8")
    assert "Awaiting moderation" not in markdown
    assert "Awaiting moderation" in archive
