"""archive.json: schema-valid, lossless, deterministic, streaming, personal data on request."""

from __future__ import annotations

import dataclasses
import json
import math
import tracemalloc
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from writer_models import author, comment, full_post, post, site, term

from wparchive.errors import OutputError
from wparchive.model import Author, Comment, Meta, Post, Problem, Site, Term
from wparchive.writers import archive_items
from wparchive.writers.archive import FORMAT, ArchiveWriter, load_schema

PROBLEMS = [Problem(source="export.xml", where="item 42", code="bad-date", message="A date.")]
PERSONAL = [
    "liz@example.net", "198.51.100.23", "mark@example.com", "nsajben@example.com",
    "akismet_as_submitted",
]  # fmt: skip
PASSWORD = "hunter2-secret"
SPAM = ["spam@example.biz", "203.0.113.250", "Spammer", "Trashed"]


def write(path: Path, posts: list[Post], **options: Any) -> dict[str, Any]:
    with ArchiveWriter(path, **options) as archive:
        for number, item in enumerate(posts):
            archive.add_item(item, markdown_path=f"posts/{item.slug}.md" if number else None)
        archive.finish(site=site(), authors=[author()], terms=[term()], problems=PROBLEMS)
    document: dict[str, Any] = json.loads(path.read_bytes())
    return document


def test_schema_is_valid_and_the_archive_matches_it(tmp_path: Path) -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for keep in (False, True):
        options = {"keep_personal_data": keep, "keep_passwords": keep}
        document = write(tmp_path / "a.json", [full_post(), post(43)], **options)
        jsonschema.Draft202012Validator(schema).validate(document)


@pytest.mark.parametrize(
    ("where", "mistake"),
    [
        (("items", 0), {"unknown_key": 1}),
        (("items", 0), {"date": "22 June 2010"}),
        (("items", 0, "comments", 0), {"status": "spam"}),
        (("items", 0, "meta", 1), {"decoded": None, "serialized": False}),
        (("summary",), {"items": -1}),
    ],
)
def test_the_schema_catches_mistakes(tmp_path: Path, where: tuple[Any, ...], mistake: Any) -> None:
    document = write(tmp_path / "a.json", [full_post()])
    target = document
    for step in where:
        target = target[step]
    target.update(mistake)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, load_schema())


def one_record_per_line(document: dict[str, Any]) -> str:
    """The documented layout, written independently of the writer."""
    members = []
    for key, value in document.items():
        text = json.dumps(value, ensure_ascii=False)
        if isinstance(value, list) and value:
            lines = ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in value)
            text = f"[\n{lines}\n ]"
        members.append(f" {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(members) + "\n}\n"


def test_layout_is_one_record_per_line(tmp_path: Path) -> None:
    path = tmp_path / "archive.json"
    document = write(path, [full_post(), post(43), post(44)])
    assert list(document) == ["format", "site", "authors", "terms", "items", "problems", "summary"]
    assert document["format"] == FORMAT
    assert path.read_text(encoding="utf-8") == one_record_per_line(document)
    assert (
        path.read_text(encoding="utf-8").count("\n") == 19
    )  # 3 items, 1 author, 1 term, 1 problem


def test_an_empty_archive_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "archive.json"
    with ArchiveWriter(path) as archive:
        archive.finish(site=None, authors=[], terms=[], problems=[])
    document = json.loads(path.read_bytes())
    assert document["items"] == [] and document["summary"]["items"] == 0
    assert path.read_text() == one_record_per_line(document)
    jsonschema.validate(document, load_schema())


def test_same_input_same_bytes(tmp_path: Path) -> None:
    posts = [full_post(), post(43, title="Caf\u00e9 \U0001f600")]
    write(tmp_path / "one.json", posts)
    write(tmp_path / "two.json", posts)
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_personal_data_is_absent_by_default(tmp_path: Path) -> None:
    path = tmp_path / "archive.json"
    document = write(path, [full_post()])
    data = path.read_text(encoding="utf-8")
    for secret in [*PERSONAL, *SPAM, PASSWORD]:
        assert secret not in data
    item = document["items"][0]
    assert "password" not in item and item["password_protected"] is True
    assert all("author_email" not in c and "author_ip" not in c for c in item["comments"])
    assert "email" not in document["authors"][0]
    # Liz's akismet_history quotes her IP address: dropped with the Akismet copy.
    assert [m["key"] for m in item["comments"][0]["meta"]] == ["akismet_result"]
    assert document["summary"]["personal_meta_dropped"] == 2
    assert document["summary"]["personal_data_kept"] is False


def test_personal_data_is_kept_on_request(tmp_path: Path) -> None:
    path = tmp_path / "archive.json"
    document = write(path, [full_post()], keep_personal_data=True)
    data = path.read_text(encoding="utf-8")
    for secret in PERSONAL:
        assert secret in data
    for spam in SPAM:
        assert spam not in data
    first = document["items"][0]["comments"][0]
    assert first["author_email"] == "liz@example.net"
    assert first["author_ip"] == "198.51.100.23"
    assert "password" not in document["items"][0]  # a secret, not personal data
    assert document["authors"][0]["email"] == "nsajben@example.com"


def test_passwords_are_kept_only_on_request(tmp_path: Path) -> None:
    path = tmp_path / "archive.json"
    document = write(path, [full_post()], keep_passwords=True)
    assert document["items"][0]["password"] == PASSWORD
    for secret in PERSONAL:
        assert secret not in path.read_text(encoding="utf-8")


def test_spam_and_trash_comments_are_counted_not_written(tmp_path: Path) -> None:
    document = write(tmp_path / "a.json", [full_post()])
    comments = document["items"][0]["comments"]
    assert [(c["id"], c["status"], c["type"]) for c in comments] == [
        (1, "approved", "comment"),
        (2, "pending", "comment"),
        (5, "approved", "pingback"),
    ]
    summary = document["summary"]
    assert summary["comments"] == 3
    assert summary["comments_by_status"] == {"approved": 2, "pending": 1}
    assert summary["comments_skipped"] == {"spam": 1, "trash": 1}
    assert summary["items_by_type"] == {"post": 1}
    assert summary["problems_by_code"] == {"bad-date": 1}


# Where each model field lives in the archive: a new model field fails here until it is written.
RENAMED = {
    "creator": "author",
    "date": "date_local_raw",
    "modified": "modified_local_raw",
    "password": "password_protected",
}


@pytest.mark.parametrize(
    ("model", "section"),
    [(Post, "item"), (Comment, "comment"), (Author, "author"), (Term, "term"), (Site, "site")],
)
def test_every_model_field_is_written(tmp_path: Path, model: type, section: str) -> None:
    options = {"keep_personal_data": True, "keep_passwords": True}
    document = write(tmp_path / "a.json", [full_post()], **options)
    records = {
        "item": document["items"][0],
        "comment": document["items"][0]["comments"][0],
        "author": document["authors"][0],
        "term": document["terms"][0],
        "site": document["site"],
    }
    record = records[section]
    for field in dataclasses.fields(model):
        assert RENAMED.get(field.name, field.name) in record, field.name


def test_values_are_kept_exactly(tmp_path: Path) -> None:
    item = write(tmp_path / "a.json", [full_post()])["items"][0]
    assert item["content"] == "Raw <em>content</em>\r\n\r\n[caption]x[/caption]"
    assert item["date"] == "2010-06-22T21:12:00-07:00"
    assert item["date_local_raw"] == "2010-06-22 21:12:00"
    assert item["date_gmt_raw"] == "2010-06-23 04:12:00"
    assert item["modified"] == "2011-01-02T03:04:00-07:00"
    assert item["categories"] == ["Low Dose Naltrexone", "Pain Management"]
    assert item["tags"] == ["RSD / CRPS"]
    assert item["terms"][3] == {"taxonomy": "series", "slug": "s1", "name": "Series One"}
    assert item["meta"][1] == {
        "key": "_wp_attachment_metadata",
        "value": 'a:2:{i:0;s:1:"a";s:1:"k";d:INF;}',
        "serialized": True,
        "decoded": {"0": "a", "k": "inf"},
    }
    assert item["extra"] == [{"tag": "{urn:x}thing", "text": "kept", "attributes": {"a": "1"}}]
    assert item["markdown_path"] is None
    assert item["comments"][2]["user_id"] == 12


def test_undecodable_text_still_gives_valid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    odd = post(title="lone \ud800 surrogate", content="nul \x00 and \u2028")
    document = write(path, [odd, post(43)])
    path.read_bytes().decode("utf-8")  # strict
    assert document["items"][0]["title"] == "lone \ud800 surrogate"
    assert document["items"][0]["content"] == "nul \x00 and \u2028"


def test_nothing_is_left_behind_when_the_run_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), ArchiveWriter(tmp_path / "archive.json") as archive:
        archive.add_item(post())
        raise RuntimeError("reader crashed")
    assert list(tmp_path.iterdir()) == []


def test_finish_replaces_an_old_archive_and_cleans_up(tmp_path: Path) -> None:
    path = tmp_path / "archive.json"
    path.write_text("old")
    write(path, [post()])
    assert [p.name for p in tmp_path.iterdir()] == ["archive.json"]
    with ArchiveWriter(path) as archive:
        archive.finish(site=None, authors=[], terms=[], problems=[])
        with pytest.raises(OutputError):
            archive.add_item(post())


def test_an_unwritable_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="missing"):
        ArchiveWriter(tmp_path / "missing" / "archive.json")


def small_post(number: int) -> Post:
    return post(
        number,
        slug=f"post-{number}",
        content=f"<p>Post number {number}</p>" * 5,
        meta=(Meta(key="_edit_last", value="1"),),
        comments=(comment(number * 10, content="Nice."),),
    )


def peak_memory(path: Path, count: int) -> int:
    tracemalloc.start()
    try:
        with ArchiveWriter(path) as archive:
            for number in range(count):
                archive.add_item(small_post(number), markdown_path=f"posts/post-{number}.md")
            archive.finish(site=None, authors=[], terms=[], problems=[])
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_while_streaming(tmp_path: Path) -> None:
    small = peak_memory(tmp_path / "small.json", 2_000)
    large = peak_memory(tmp_path / "large.json", 20_000)
    assert (tmp_path / "large.json").stat().st_size > 20_000 * 500
    assert large < 2 * small + 256 * 1024, (small, large)
    assert large < 4 * 1024 * 1024, large
    document = json.loads((tmp_path / "large.json").read_bytes())
    assert document["summary"]["items"] == 20_000


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(), slug=st.text(max_size=20), key=st.text(max_size=10))
def test_any_text_is_kept_exactly_and_validates(
    tmp_path: Path, text: str, slug: str, key: str
) -> None:
    path = tmp_path / "a.json"
    odd = post(
        title=text,
        slug=slug,
        content=text,
        meta=(Meta(key=key, value=text, decoded={key: [text, 1.5]}, serialized=True),),
        comments=(comment(1, author=text, content=text),),
    )
    document = write(path, [odd])
    path.read_bytes().decode("utf-8")  # strict: valid UTF-8 whatever the text
    item = document["items"][0]
    assert (item["title"], item["slug"], item["content"]) == (text, slug, text)
    assert item["meta"][0]["decoded"] == {key: [text, 1.5]}
    assert item["comments"][0]["author"] == text
    jsonschema.validate(document, load_schema())


def test_a_failure_while_finishing_leaves_no_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_room(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("wparchive.writers.archive.shutil.copyfileobj", no_room)
    with ArchiveWriter(tmp_path / "archive.json") as archive:
        archive.add_item(post())
        with pytest.raises(OutputError, match="No space left"):
            archive.finish(site=None, authors=[], terms=[], problems=[])
    assert list(tmp_path.iterdir()) == []


def _jsonable_by_abc(value: Any) -> Any:
    """archive_items.jsonable as it was before its exact-type fast path: the reference."""
    from collections.abc import Mapping

    if isinstance(value, Mapping):
        return {str(key): _jsonable_by_abc(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable_by_abc(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


_DECODED = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text() | st.integers() | st.booleans(), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_DECODED)
def test_jsonable_fast_path_gives_what_the_abc_checks_give(value: Any) -> None:
    expected = json.dumps(_jsonable_by_abc(value), ensure_ascii=False)
    assert json.dumps(archive_items.jsonable(value), ensure_ascii=False) == expected
