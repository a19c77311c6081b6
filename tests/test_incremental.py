"""--incremental: a rerun on a newer export renders and writes only what changed, says how
many items were added, changed, unchanged and removed, and leaves exactly the tree a fresh
run on the newer export gives, byte for byte (archive.json and the manifest included)."""

from __future__ import annotations

import hashlib
import io
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from rerun_helpers import CORPUS, newer_export, tree
from wparchive import parallel, render
from wparchive.cli import main
from wparchive.manifest import wparchive_version
from wparchive.pipeline import convert
from wparchive.policy import ConvertOptions

# Pages, posts, comments, and problems recorded while rendering (unknown shortcodes, missing
# featured images, unresolved galleries), which unchanged items must still report in place.
THEME_UNIT = CORPUS / "jao__blog-jekyll__wordpress.xml"


@pytest.fixture
def exports(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    newer = tmp_path / "site.wordpress.2025-06-01.xml"  # another name: the next export
    slugs = newer_export(THEME_UNIT, newer)
    return THEME_UNIT, newer, slugs


def _count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    rendered: list[str] = []
    real = render.render_job

    def counting(job: render.MarkdownJob, options: ConvertOptions) -> tuple[str, object]:
        rendered.append(job.post.slug)
        return real(job, options)

    monkeypatch.setattr(render, "render_job", counting)
    return rendered


@pytest.mark.parametrize("layout", ["archive", "hugo"])
def test_incremental_run_gives_the_tree_of_a_fresh_run(
    layout: str, exports: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    old, new, _ = exports
    options = ConvertOptions(layout=layout)
    fresh, updated = tmp_path / "fresh", tmp_path / "updated"
    convert([new], fresh, options=options, jobs=1)
    convert([old], updated, options=options, jobs=1)
    before = tree(updated)
    report = convert([new], updated, options=options, jobs=2, incremental=True)
    assert tree(updated) == tree(fresh)
    assert tree(updated) != before
    assert report.changes["added"] == 1 and report.changes["removed"] == 1
    assert report.changes["changed"] >= 1
    assert report.problems == convert([new], tmp_path / "again", options=options).problems


def test_incremental_renders_only_the_added_and_changed_items(
    exports: tuple[Path, Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new, slugs = exports
    out = tmp_path / "out"
    first = convert([old], out, jobs=1)
    untouched = {p: p.stat().st_mtime_ns for p in out.rglob("*.md") if p.stem not in slugs.values()}
    rendered = _count_renders(monkeypatch)
    report = convert([new], out, jobs=1, incremental=True)
    assert sorted(rendered) == sorted([slugs["changed"], slugs["added"]])
    markdown_items = sum(first.written.values())
    assert report.changes == {
        "added": 1,
        "changed": 1,
        "unchanged": markdown_items - 2,
        "removed": 1,
    }
    assert (
        "1 added, 1 changed, " in report.summary() and " unchanged, 1 removed" in report.summary()
    )
    assert not list(out.rglob(f"{slugs['removed']}.md"))
    assert len(untouched) == markdown_items - 2
    assert all(p.stat().st_mtime_ns == t for p, t in untouched.items())


def test_incremental_rerun_on_the_same_export_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert([THEME_UNIT], out, jobs=1)
    before = tree(out)
    result = CliRunner().invoke(
        main, ["convert", str(THEME_UNIT), "-o", str(out), "--incremental", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "0 added, 0 changed, " in result.output and " unchanged, 0 removed" in result.output
    assert tree(out) == before


def test_incremental_renders_a_deleted_file_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert([THEME_UNIT], out, jobs=1)
    before = tree(out)
    victim = next(out.rglob("*.md"))
    victim.unlink()
    report = convert([THEME_UNIT], out, jobs=1, incremental=True)
    assert tree(out) == before
    assert report.changes["changed"] == 0 and report.changes["added"] == 0


def test_changed_options_render_everything_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert([THEME_UNIT], out, jobs=1)
    report = convert(
        [THEME_UNIT], out, options=ConvertOptions(include_drafts=True), jobs=1, incremental=True
    )
    fresh = tmp_path / "fresh"
    convert([THEME_UNIT], fresh, options=ConvertOptions(include_drafts=True), jobs=1)
    assert tree(out) == tree(fresh)
    assert report.changes["added"] >= 1  # the drafts


def captured_jobs(monkeypatch: pytest.MonkeyPatch) -> list[render.MarkdownJob]:
    """The jobs render_job will be given, in order, once the conversion runs (jobs=1)."""
    jobs: list[render.MarkdownJob] = []
    real = render.render_job

    def capture(job: render.MarkdownJob, options: ConvertOptions) -> tuple[str, object]:
        jobs.append(job)
        return real(job, options)

    monkeypatch.setattr(render, "render_job", capture)
    return jobs


def test_the_fingerprint_sees_every_field_but_bookkeeping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = captured_jobs(monkeypatch)
    convert([THEME_UNIT], tmp_path, jobs=1)
    job = next(j for j in jobs if j.post.comments and j.post.meta)
    options = ConvertOptions()
    same = render.job_fingerprint(job, options)
    post, comment = job.post, job.post.comments[0]
    bookkeeping = replace(job, reader_mark=99, post=replace(post, source="other.xml"))
    assert render.job_fingerprint(bookkeeping, options) == same
    # The job as if its bookkeeping were reset (job_fingerprint does it without copying).
    reset = replace(job, post=replace(post, source=""), reader_mark=0, previous=None)
    assert same == pickled_sha256((wparchive_version(), options, reset))
    edited_comment = replace(comment, content=comment.content + ".")
    differs = [
        replace(job, post=replace(post, comments=(edited_comment, *post.comments[1:]))),
        replace(job, post=replace(post, meta=post.meta[1:])),
        replace(job, author_name=job.author_name + "x"),
        replace(job, markdown_path="other.md"),
    ]
    assert all(render.job_fingerprint(other, options) != same for other in differs)
    assert render.job_fingerprint(job, ConvertOptions(include_drafts=True)) != same


@pytest.mark.parametrize("layout", ["archive", "hugo"])
def test_a_sealed_job_opens_as_the_job_with_its_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    """With workers, a job crosses as the bytes its fingerprint hashes (render.SealedJob):
    what the worker opens must be the job, render the same file and keep the fingerprint."""
    real = render.render_job
    jobs = captured_jobs(monkeypatch)
    options = ConvertOptions(layout=layout, include_drafts=True)
    convert(
        [THEME_UNIT, CORPUS / "getpelican__pelican__wordpressexport.xml"], tmp_path, options=options
    )
    jobs = [replace(job, reader_mark=7, post=replace(job.post, source="x.xml")) for job in jobs]
    sealed = pickle.loads(parallel._pack(render.seal_jobs(options, jobs)))
    for job, opened_job in zip(jobs, sealed, strict=True):
        opened, fingerprint = opened_job.open()
        assert fingerprint == render.job_fingerprint(job, options)
        assert render.job_fingerprint(opened, options) == fingerprint
        assert opened.post == job.post
        assert (opened.reader_mark, opened.previous) == (job.reader_mark, job.previous)
        assert real(opened, options) == real(job, options)


def pickled_sha256(value: object) -> str:
    """What job_fingerprint hashes: the pickle of `value`, dataclasses as their fields."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = render._reducers()
    pickler.dump(value)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def test_items_with_the_same_id_in_merged_exports_are_told_apart(tmp_path: Path) -> None:
    """Two exports merged may both hold a post 1; each keeps its own record."""
    copy = tmp_path / "other-site.xml"
    copy.write_bytes(THEME_UNIT.read_bytes())
    out = tmp_path / "out"
    first = convert([THEME_UNIT, copy], out, jobs=1)
    rendered: list[str] = []
    real = render.render_job

    def counting(job: render.MarkdownJob, options: ConvertOptions) -> tuple[str, object]:
        rendered.append(job.markdown_path)
        return real(job, options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "render_job", counting)
        again = convert([THEME_UNIT, copy], out, jobs=1, incremental=True)
    assert rendered == []
    assert again.changes["unchanged"] == sum(first.written.values())
