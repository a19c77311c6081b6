"""--jobs: the output tree is byte for byte the same whatever the number of workers.

Each case converts with jobs=1 (everything in this process) and with 2 and 3 workers, one
post per batch so that even the seed's few posts are spread over the workers and come back
out of order; then the whole trees (Markdown files and archive.json, problems included)
must be identical.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from support import FIXTURES, REPO, SHARED
from wparchive import parallel
from wparchive.parallel import WorkerError, ordered_map
from wparchive.pipeline import Progress, Report, convert
from wparchive.policy import ConvertOptions

CORPUS = SHARED / "corpus" / "wxr"
CASES = {
    "seed": (FIXTURES / "seed-export" / "input.xml", ConvertOptions()),
    "threads": (
        FIXTURES / "threads-drafts-protected" / "input.xml",
        ConvertOptions(include_drafts=True, include_protected=True),
    ),
    "threads-default": (FIXTURES / "threads-drafts-protected" / "input.xml", ConvertOptions()),
    # Many items of every type, repairs and problems from the reader.
    "theme-unit-test": (
        CORPUS / "WordPress__theme-test-data__themeunittestdata.wordpress.xml",
        None,
    ),
    "importer-comprehensive": (
        CORPUS / "WordPress__wordpress-importer__e2e-wxr-comprehensive.xml",
        None,
    ),
    "crazy-cdata": (CORPUS / "WordPress__wordpress-importer__crazy-cdata.xml", None),
    "jekyll-split-part": (
        CORPUS / "jekyll__jekyll-import__sitetitle.wordpress.2025-01-19.000.xml",
        None,
    ),
    # Reader problems (repaired meta, duplicates) between rendering problems (orphaned
    # comments, featured images the export lacks): the log's order must not change.
    "pelican": (CORPUS / "getpelican__pelican__wordpressexport.xml", None),
    "abhinemani": (CORPUS / "abhinemani__blog__wordpress.xml", None),
    "a11y": (CORPUS / "WordPress__wordpress-importer__a11y-unit-test-data.xml", None),
    "nikola-no-ids": (CORPUS / "getnikola__nikola__wordpress_qtranslate_item_raw_export.xml", None),
    # WordPress.com's undeclared atom: prefix; with one job the HTML parsed while reading
    # once leaked into the XML parser's error check and sent it down the repairing path.
    "wpcom-atom": (CORPUS / "fdietz__fdietz.github.com__wordpress.xml", None),
}
TWO_INPUTS = [
    CORPUS / "torchbox__wagtail-wordpress-import__post_meta.xml",
    CORPUS / "torchbox__wagtail-wordpress-import__raw_xml.xml",
]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _convert(
    source: Path | list[Path], out: Path, options: ConvertOptions | None, jobs: int
) -> Report:
    sources = source if isinstance(source, list) else [source]
    return convert(sources, out, options=options, jobs=jobs)


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_is_byte_identical_for_any_number_of_workers(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, options = CASES[case]
    if not source.exists():
        pytest.skip(f"{source} is not here")
    _check_same_output(source, options, tmp_path, monkeypatch)


def test_two_inputs_merged_give_the_same_output_with_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not all(path.exists() for path in TWO_INPUTS):
        pytest.skip("the corpus is not here")
    _check_same_output(TWO_INPUTS, None, tmp_path, monkeypatch)


def _check_same_output(
    source: Path | list[Path],
    options: ConvertOptions | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    baseline = _convert(source, tmp_path / "jobs1", options, jobs=1)
    monkeypatch.setattr(parallel, "BATCH_SIZE", 1)
    for jobs in (2, 3):
        report = _convert(source, tmp_path / f"jobs{jobs}", options, jobs=jobs)
        assert _tree(tmp_path / f"jobs{jobs}") == _tree(tmp_path / "jobs1"), f"jobs={jobs}"
        assert report.problems == baseline.problems
        assert report.written == baseline.written
        assert report.comments_written == baseline.comments_written


def _load_generator() -> object:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_featured_images_read_after_their_post_are_the_same_with_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's export puts each attachment after the post that features it."""
    generator = _load_generator()
    export = tmp_path / "export.xml"
    generator.write_export(export, posts=80)  # type: ignore[attr-defined]
    _convert(export, tmp_path / "jobs1", None, jobs=1)
    monkeypatch.setattr(parallel, "BATCH_SIZE", 3)
    _convert(export, tmp_path / "jobs2", None, jobs=2)
    one, two = _tree(tmp_path / "jobs1"), _tree(tmp_path / "jobs2")
    assert one == two
    featured = [name for name, text in one.items() if b"\nfeatured_image: " in text]
    assert len(featured) >= 4


def test_one_job_starts_no_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("jobs=1 must not start worker processes")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    monkeypatch.setattr(parallel, "BATCH_SIZE", 1)
    report = _convert(FIXTURES / "seed-export" / "input.xml", tmp_path, None, jobs=1)
    assert sum(report.written.values()) > 1


def _double(batch: list[int]) -> list[int]:
    return [2 * item for item in batch]


def _die_on_seven(batch: list[int]) -> list[int]:
    if 7 in batch:
        os._exit(1)  # what the kernel's OOM killer leaves behind: no exception, no result
    return _double(batch)


def test_results_come_in_input_order() -> None:
    items = list(range(500))
    assert list(ordered_map(_double, items, jobs=3)) == [(i, 2 * i) for i in items]


def test_a_dead_worker_is_a_clean_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)
    with pytest.raises(WorkerError, match="worker process stopped"):
        list(ordered_map(_die_on_seven, range(40), jobs=2))


def test_the_reader_runs_only_a_bounded_window_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH_SIZE", 4)
    pulled = 0

    def items() -> Iterator[int]:
        nonlocal pulled
        for item in range(10_000):
            pulled += 1
            yield item

    results = ordered_map(_double, items(), jobs=2)
    next(results)
    ahead = (2 * parallel.WINDOW_PER_JOB + 1) * parallel.BATCH_SIZE
    assert pulled <= ahead
    results.close()


def test_progress_reports_items_and_every_byte_of_a_plain_file(tmp_path: Path) -> None:
    source = FIXTURES / "seed-export" / "input.xml"
    seen: list[Progress] = []
    report = convert([source], tmp_path, progress=seen.append)
    assert [p.items for p in seen] == list(range(1, report.items_read + 1))
    assert {p.total_bytes for p in seen} == {source.stat().st_size}
    assert seen[-1].bytes_read == source.stat().st_size
    assert all(a.bytes_read <= b.bytes_read for a, b in pairwise(seen))


WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>\n'
)


def _item_with_orphan_reply(post_id: int) -> str:
    """A post whose one comment answers a comment the export does not hold."""
    return (
        f"<item><title>Post {post_id}</title><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_name>post-{post_id}</wp:post_name><wp:post_type>post</wp:post_type>"
        "<wp:status>publish</wp:status><content:encoded>Body</content:encoded>"
        "<wp:comment><wp:comment_id>7</wp:comment_id><wp:comment_approved>1</wp:comment_approved>"
        "<wp:comment_parent>99</wp:comment_parent><wp:comment_content>Reply</wp:comment_content>"
        "<wp:comment_date>2020-01-01 10:00:00</wp:comment_date></wp:comment></item>\n"
    )


@pytest.mark.parametrize("jobs", [1, 2])
def test_problems_keep_the_order_of_a_one_post_at_a_time_run(
    jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Post 1's rendering problem, then the reader's problem with the item after it."""
    first = _item_with_orphan_reply(1)
    export = tmp_path / "export.xml"
    export.write_text(
        WXR_HEAD + first + first + _item_with_orphan_reply(2) + "</channel></rss>\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(parallel, "BATCH_SIZE", 1)
    report = _convert(export, tmp_path / "out", None, jobs=jobs)
    assert [(p.code, p.where) for p in report.problems] == [
        ("comment-orphan", "item 1"),
        ("duplicate-post", "item 1"),
        ("comment-orphan", "item 2"),
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class _SlotsBase:
    first: str
    second: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class _SlotsChild(_SlotsBase):
    third: float | None = None


def test_packed_dataclasses_come_back_equal_whatever_holds_their_fields() -> None:
    # Fields in this class's slots and in a base class's: each is set back in its slot.
    values = [_SlotsChild(first="a", second=(1, 2), third=0.5), _SlotsBase(first="b")]
    assert pickle.loads(parallel._pack(values)) == values


def test_a_packed_dataclass_with_other_fields_than_this_code_is_an_error() -> None:
    with pytest.raises(pickle.UnpicklingError, match="_SlotsBase: 3 values"):
        parallel.from_field_values(_SlotsBase, ("a", (), None))
