"""verify(): prove that a conversion lost nothing.

It reads the input again, works out what the conversion had to write (the same policy and
the same file names as convert), and checks the written Markdown: every file is there, and
each post's and comment's visible words appear in the rendered Markdown, in order.

A post's body is also checked for faithfulness (faithful.py): the paragraphs WordPress
renders, every link and image, and no leftover shortcode, block delimiter or entity.

Any layout: files are looked for where the options' layout put them, and a link or image
counts as kept in the form the conversion gave it (a link to another post at its new path,
a copy of an upload as the original, a downloaded file as its local copy), worked out by
the conversion's own code (migrate.py) without writing anything.
"""

from __future__ import annotations

import difflib
import html
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

import lxml.html
from lxml import etree

from wparchive.content.context import AttachmentInfo, context_for
from wparchive.diskset import Spool
from wparchive.faithful import (
    Faithfulness,
    FaithfulnessDraft,
    faithfulness_draft,
    markdown_renderer,
)
from wparchive.gallery_attachments import GalleryAttachments
from wparchive.layouts import LayoutPathAllocator, get_layout
from wparchive.migrate import Migration
from wparchive.model import Post, Site
from wparchive.parallel import ordered_map
from wparchive.policy import ConvertOptions, comments_for_markdown, writes_markdown
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all

DEFAULT_THRESHOLD = 0.99

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Any shortcode tag, opening or closing: its attributes are not visible text, what it wraps is.
_SHORTCODE_TAG = re.compile(r"\[/?[a-zA-Z][\w-]*(?:\s[^\]]*)?/?\]")
# Chinese and Japanese write no spaces between words: each character is a word, so that
# "其中包括<span>东部</span>" and its Markdown "其中包括东部" split alike (Changer119).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
# Typographic forms WordPress's wptexturize makes: fold them so quotes do not split words.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemCheck:
    id: int
    title: str
    markdown_path: str
    found: bool
    word_share: float | None  # None when the body is not expected (protected, empty)
    comments_expected: int
    comments_found: int
    faithfulness: Faithfulness | None = None  # None when the body is not expected
    word_count: int = 0  # the source's visible words

    def ok(self, threshold: float) -> bool:
        words_ok = self.word_share is None or self.word_share >= threshold
        faithful = self.faithfulness is None or self.faithfulness.ok
        return (
            self.found and words_ok and faithful and self.comments_found == self.comments_expected
        )


@dataclass(kw_only=True)
class VerifyReport:
    threshold: float
    checks: list[ItemCheck] = field(default_factory=list)

    @property
    def failures(self) -> list[ItemCheck]:
        return [check for check in self.checks if not check.ok(self.threshold)]

    @property
    def ok(self) -> bool:
        return not self.failures

    def lines(self) -> Iterator[str]:
        for check in self.checks:
            share = "-" if check.word_share is None else f"{check.word_share:.1%}"
            status = "ok" if check.ok(self.threshold) else "FAIL"
            found = "" if check.found else " (file missing)"
            faithful = "" if check.faithfulness is None else f", {check.faithfulness}"
            yield (
                f"{status:4} {check.markdown_path}{found}: words kept {share}, comments "
                f"{check.comments_found}/{check.comments_expected}{faithful}"
            )
        yield self.summary()

    def summary(self) -> str:
        files = sum(check.found for check in self.checks)
        expected_comments = sum(check.comments_expected for check in self.checks)
        found_comments = sum(check.comments_found for check in self.checks)
        return (
            f"{files}/{len(self.checks)} Markdown files, {found_comments}/{expected_comments} "
            f"comments, {len(self.failures)} below {self.threshold:.0%} or incomplete"
        )


def verify(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    options: ConvertOptions | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    jobs: int = 1,
) -> VerifyReport:
    """Check `out_dir` against `inputs`, converted with the same `options`.

    The posts are checked by `jobs` processes (parallel.py), in order; only what a link
    became is looked up here, where the conversion's link map is.
    """
    options = options or ConvertOptions()
    out = Path(out_dir)
    report = VerifyReport(threshold=threshold)
    layout = get_layout(options.layout)
    paths = LayoutPathAllocator(layout)
    migration = Migration(out, options, layout)  # asked what links became; writes nothing
    # Galleries show attachments that may come later in the export: check after reading,
    # the posts waiting on disk, so that memory stays flat.
    attachments = GalleryAttachments()
    written: Spool[tuple[Post, str]] = Spool("wparchive-verify-")
    site = Site()
    for record in read_all([Path(p) for p in inputs], ProblemLog()):
        if isinstance(record, Site):
            site = record
        if not isinstance(record, Post):
            continue
        if record.type == "attachment" and record.attachment_url:
            attachments.add(record)
            migration.attachment(record)
        if writes_markdown(record, options):
            markdown_path = paths.allocate(record)
            written.append((record, markdown_path))
            url = paths.url_for(markdown_path)
            paths.aliases_for(markdown_path)  # collected, or it would wait in memory
            migration.post(record, markdown_path=markdown_path, url=url, featured_image=None)
    shown_urls = migration.shown_urls(site)
    checks = (
        _PostCheck(post, markdown_path, attachments.for_post(post))
        for post, markdown_path in written
    )
    check_batch = partial(_check_batch, out, options)
    for _, checked in ordered_map(check_batch, checks, jobs=jobs):
        check = checked.check
        if checked.draft is not None:
            check = replace(check, faithfulness=checked.draft.resolved(shown_urls))
        report.checks.append(check)
    return report


class _PostCheck(NamedTuple):
    post: Post
    markdown_path: str
    attachments: dict[int, AttachmentInfo]  # those its galleries can show


class _Checked(NamedTuple):
    check: ItemCheck  # its faithfulness still None
    draft: FaithfulnessDraft | None  # None when the body is not expected, or no file


def _check_batch(out: Path, options: ConvertOptions, batch: list[_PostCheck]) -> list[_Checked]:
    """What a worker runs: each post's check, its faithfulness but for the links that wait
    for the link map."""
    return [_check(item, out, options) for item in batch]


def _check(item: _PostCheck, out: Path, options: ConvertOptions) -> _Checked:
    post, markdown_path, attachments = item
    target = out / markdown_path
    comments = comments_for_markdown(post, options)
    if not target.is_file():
        missing = ItemCheck(
            id=post.id,
            title=post.title,
            markdown_path=markdown_path,
            found=False,
            word_share=0.0,
            comments_expected=len(comments),
            comments_found=0,
        )
        return _Checked(missing, None)
    markdown = target.read_text(encoding="utf-8")
    # The written words are indexed once, for the post and all its comments.
    in_written = _WordsIn(markdown_words(markdown))
    body_expected = not post.password or options.include_protected
    source = source_words(post.content, rendered=post.content_rendered)
    share = in_written.share_kept(source) if body_expected and source else None
    draft = None
    if body_expected:
        body = markdown_body(markdown, has_comments=bool(comments))
        draft = faithfulness_draft(
            post.content,
            body,
            rendered=post.content_rendered,
            context=context_for(post, attachments),
        )
    found_comments = sum(
        in_written.share_kept(source_words(c.content, rendered=post.content_rendered)) >= 0.99
        for c in comments
    )
    check = ItemCheck(
        id=post.id,
        title=post.title,
        markdown_path=markdown_path,
        found=True,
        word_share=share,
        comments_expected=len(comments),
        comments_found=found_comments,
        word_count=len(source),
    )
    return _Checked(check, draft)


def markdown_body(markdown: str, *, has_comments: bool) -> str:
    """The post's own Markdown: no front matter, no comments section."""
    body = _FRONT_MATTER.sub("", markdown, count=1)
    if has_comments:
        cut = body.rfind("\n## Comments\n")
        if cut >= 0:
            body = body[:cut]
    return body


def source_words(content: str, *, rendered: bool) -> list[str]:
    """The words a reader saw: markup, block comments and shortcode tags are not words."""
    text = _HTML_COMMENT.sub(" ", content)
    if not rendered:
        text = _SHORTCODE_TAG.sub(" ", text)
    return _words(_html_text(text))


def markdown_words(markdown: str) -> list[str]:
    """The words of rendered Markdown, front matter left out."""
    body = _FRONT_MATTER.sub("", markdown, count=1)
    return _words(_html_text(markdown_renderer().render(body)))


def words_kept(source: Sequence[str], written: Sequence[str]) -> float:
    """Share of `source` words found in `written` in the same order (1.0 for no words)."""
    return _WordsIn(written).share_kept(source)


class _WordsIn:
    """words_kept against one `written` for many sources: SequenceMatcher indexes its
    second sequence once (a post's words for each of its comments)."""

    def __init__(self, written: Sequence[str]) -> None:
        self._matcher = difflib.SequenceMatcher(None, (), written, autojunk=False)

    def share_kept(self, source: Sequence[str]) -> float:
        if not source:
            return 1.0
        self._matcher.set_seq1(source)
        matched = sum(block.size for block in self._matcher.get_matching_blocks())
        return matched / len(source)


def _html_text(markup: str) -> str:
    if not markup.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.unescape(markup)
    etree.strip_elements(root, "script", "style", with_tail=False)
    return " ".join(root.itertext())


def _words(text: str) -> list[str]:
    return _WORD.findall(html.unescape(text).translate(_FOLD))
