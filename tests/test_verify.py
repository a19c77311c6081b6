"""verify proves nothing was lost, and notices when something was."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from support import FIXTURES
from wparchive import convert
from wparchive.cli import main
from wparchive.verify import markdown_words, source_words, verify, words_kept

SEED = FIXTURES / "seed-export" / "input.xml"
THREADS = FIXTURES / "threads-drafts-protected" / "input.xml"


@pytest.mark.parametrize(
    ("source", "rendered", "words"),
    [
        ("Hello <b>big</b> world", False, ["Hello", "big", "world"]),
        ("<!-- wp:paragraph --><p>One</p><!-- /wp:paragraph -->", False, ["One"]),
        (
            '[caption id="x" width="300"]<img src="a.jpg"> The caption[/caption]',
            False,
            ["The", "caption"],
        ),
        ("Fish &amp; chips&nbsp;today", False, ["Fish", "chips", "today"]),
        ("It\u2019s", True, ["It", "s"]),
        ("", False, []),
    ],
)
def test_source_words(source: str, rendered: bool, words: list[str]) -> None:
    assert source_words(source, rendered=rendered) == words


def test_markdown_words_leave_out_front_matter() -> None:
    assert markdown_words("---\ntitle: Skip me\n---\n\nKeep **me**\n") == ["Keep", "me"]


@pytest.mark.parametrize(
    ("source", "written", "share"),
    [
        (["a", "b", "c", "d"], ["a", "b", "c", "d"], 1.0),
        (["a", "b", "c", "d"], ["x", "a", "b", "y", "c", "d", "z"], 1.0),
        (["a", "b", "c", "d"], ["a", "b"], 0.5),
        (["a", "b", "c", "d"], ["d", "c", "b", "a"], 0.25),
        ([], ["a"], 1.0),
    ],
)
def test_words_kept_counts_words_in_order(
    source: list[str], written: list[str], share: float
) -> None:
    assert words_kept(source, written) == share


def test_a_fresh_conversion_verifies(tmp_path: Path) -> None:
    convert([SEED], tmp_path)
    report = verify([SEED], tmp_path)
    assert report.ok, "\n".join(report.lines())
    assert report.checks and all(check.found for check in report.checks)
    assert sum(check.comments_expected for check in report.checks) == 7


def test_verify_finds_a_missing_file_and_lost_words(tmp_path: Path) -> None:
    convert([THREADS], tmp_path)
    post = tmp_path / "posts" / "a-conversation.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("Second paragraph", "Paragraph"), encoding="utf-8")
    report = verify([THREADS], tmp_path)
    assert not report.ok
    post.unlink()
    result = CliRunner().invoke(main, ["verify", str(THREADS), str(tmp_path)])
    assert result.exit_code == 1
    assert "file missing" in result.output


def test_verify_finds_a_lost_comment(tmp_path: Path) -> None:
    convert([THREADS], tmp_path)
    post = tmp_path / "posts" / "a-conversation.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("third level", "3rd level"), encoding="utf-8")
    [check] = [check for check in verify([THREADS], tmp_path).checks if check.id == 10]
    assert check.comments_found == check.comments_expected - 1
