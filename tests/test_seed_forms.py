"""The seed's three forms (export, saved page, text capture) give one answer.

The export holds the raw text and the page the rendered text, so typographic quotes,
dashes and non-breaking spaces are folded before comparing (`verify`'s word split does).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import FIXTURES
from wparchive import convert
from wparchive.verify import markdown_words, source_words

FORMS = {
    "export": FIXTURES / "seed-export" / "input.xml",
    "page": FIXTURES / "seed-page" / "input.html",
    "text": FIXTURES / "seed-text" / "input.txt",
}
COMMENTERS = [
    "Nancy Sajben MD",
    "liz",
    "sandrasi",
    "Heidi Shultz-Hartfield",
    "Douglas Lewis, D.Sc.",
]
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2032": "'"})


def _fold(words: list[str]) -> list[str]:
    return [word.translate(_DASHES) for word in words]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    outs = {}
    for form, path in FORMS.items():
        out = tmp_path_factory.mktemp(form)
        convert([path], out)
        outs[form] = out
    return outs


def _post(out: Path) -> tuple[list[str], list[tuple[str, list[str]]]]:
    archive = json.loads((out / "archive.json").read_text(encoding="utf-8"))
    [item] = [item for item in archive["items"] if item["type"] == "post" and item["markdown_path"]]
    markdown = (out / item["markdown_path"]).read_text(encoding="utf-8")
    body = markdown.split("\n## Comments\n", 1)[0]
    rendered = item["content_rendered"]
    comments = [
        (comment["author"], _fold(source_words(comment["content"], rendered=rendered)))
        for comment in item["comments"]
        if comment["type"] == "comment" and comment["status"] == "approved"
    ]
    return _fold(markdown_words(body)), comments


def test_the_three_forms_give_the_same_body(converted: dict[str, Path]) -> None:
    bodies = {form: _post(out)[0] for form, out in converted.items()}
    assert len(bodies["export"]) > 1000
    assert bodies["page"] == bodies["export"]
    assert bodies["text"] == bodies["export"]


def test_the_three_forms_give_the_same_five_comments(converted: dict[str, Path]) -> None:
    comments = {form: _post(out)[1] for form, out in converted.items()}
    for form, found in comments.items():
        assert [author for author, _ in found] == COMMENTERS, form
    assert comments["page"] == comments["export"]
    assert comments["text"] == comments["export"]
