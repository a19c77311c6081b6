"""WXR quirks real exports have, one at a time: each test states what the reader must do."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from wxr_helpers import HEADER, document, item, posts, read_bytes, site

from wparchive.errors import InputError
from wparchive.model import Author, Element, Post


def only_post(data: bytes) -> Post:
    records, _ = read_bytes(data)
    (post,) = posts(records)
    return post


def codes(data: bytes) -> list[str]:
    return [problem.code for problem in read_bytes(data)[1]]


def test_cdata_split_around_a_closing_sequence() -> None:
    body = "<content:encoded><![CDATA[a ]]]]><![CDATA[> b]]></content:encoded>"
    assert only_post(document(item(1, body))).content == "a ]]> b"


def test_text_split_over_several_cdata_sections() -> None:
    body = "<content:encoded><![CDATA[one]]><![CDATA[two]]></content:encoded>"
    assert only_post(document(item(1, body))).content == "onetwo"


@pytest.mark.parametrize("zero", ["0000-00-00 00:00:00", "-0001-11-30 00:00:00"])
def test_zero_dates_mean_none_and_stay_raw(zero: str) -> None:
    post = only_post(document(item(1, post_date=zero, post_date_gmt=zero)))
    assert post.date.value is None
    assert post.date.local_raw == zero


def test_offset_from_local_and_gmt_and_drafts_use_the_site_offset() -> None:
    published = item(1, post_date="2020-01-01 10:00:00", post_date_gmt="2020-01-01 15:00:00")
    draft = item(2, post_date="2020-02-01 10:00:00", post_date_gmt="0000-00-00 00:00:00")
    records, _ = read_bytes(document(published, draft))
    first, second = posts(records)
    assert first.date.value is not None and first.date.value.utcoffset() == timedelta(hours=-5)
    assert second.date.value is not None and second.date.value.utcoffset() == timedelta(hours=-5)
    assert site(records).utc_offset == timedelta(hours=-5)


def test_percent_encoded_slugs_are_decoded_and_raw_kept() -> None:
    body = '<category domain="post_tag" nicename="%e4%b8%ad%e6%96%87"><![CDATA[中文]]></category>'
    post = only_post(document(item(1, body, post_name="%e4%bd%a0%e5%a5%bd")))
    assert (post.slug, post.slug_raw) == ("你好", "%e4%bd%a0%e5%a5%bd")
    assert post.terms[0].slug == "中文"


def test_wxr_1_0_tag_domain_and_bare_categories() -> None:
    body = (
        "<category><![CDATA[News]]></category>"
        '<category domain="category" nicename="news"><![CDATA[News]]></category>'
        '<category domain="tag" nicename="roar"><![CDATA[roar]]></category>'
    )
    post = only_post(document(item(1, body)))
    assert [(t.taxonomy, t.slug) for t in post.terms] == [
        ("category", "news"),
        ("post_tag", "roar"),
    ]


def test_https_namespaces_and_unknown_elements_are_kept() -> None:
    header = HEADER.replace("http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.2/")
    header = header.replace("<channel>", '<channel xmlns:x="urn:plugin">')
    body = '<x:views count="3">12</x:views>'
    records, log = read_bytes(document(item(7, body), "<x:setting>on</x:setting>", header=header))
    (post,) = posts(records)
    assert post.id == 7
    assert post.extra == (
        Element(tag="{urn:plugin}views", text="12", attributes=(("count", "3"),)),
    )
    assert Element(tag="{urn:plugin}setting", text="on") in site(records).extra
    assert list(log) == []


def test_undeclared_atom_prefix_is_accepted_and_reported() -> None:
    atom = '<atom:link rel="hub" href="http://example.com/hub"/>\n'
    records, log = read_bytes(document(atom, item(1)))
    assert len(posts(records)) == 1
    assert [p.code for p in log] == ["undeclared-prefix"]
    assert site(records).extra[0].tag == "{http://www.w3.org/2005/Atom}link"


def test_control_characters_are_stripped_with_their_line() -> None:
    data = document(item(1, "<title>bad\x0bchar\x1f</title>"))
    records, log = read_bytes(data)
    assert posts(records)[0].title == "badchar"
    (problem,) = [p for p in log if p.code == "control-chars"]
    line = data.count(b"\n", 0, data.index(b"bad")) + 1
    assert problem.where == f"line {line}"


def test_bare_ampersand_and_html_entities_outside_cdata() -> None:
    body = "<title>Fish & Chips&nbsp;&amp; more &bogus;</title>"
    records, log = read_bytes(document(item(1, body)))
    assert posts(records)[0].title == "Fish & Chips\xa0& more &bogus;"
    assert {"bare-ampersand", "html-entity", "unknown-entity"} <= {p.code for p in log}


def test_windows_1252_bytes_in_a_utf8_file() -> None:
    data = (
        document(item(1, "<title>caf\xe9 \x93quoted\x94</title>"))
        .replace("é".encode(), b"\xe9")
        .replace("\x93".encode(), b"\x93")
        .replace("\x94".encode(), b"\x94")
    )
    records, log = read_bytes(data)
    assert posts(records)[0].title == "café “quoted”"
    assert "bad-encoding" in {p.code for p in log}


def test_utf8_bytes_declared_as_latin1() -> None:
    data = document(item(1, "<title>café ünïcode</title>")).replace(b"UTF-8", b"ISO-8859-1", 1)
    records, log = read_bytes(data)
    assert posts(records)[0].title == "café ünïcode"
    assert [p.code for p in log] == ["bad-encoding"]


def test_a_repair_late_in_the_file_yields_no_record_twice() -> None:
    items = [item(n) for n in range(1, 400)] + [item(400, "<title>a & b</title>")]
    records, log = read_bytes(document(*items))
    assert [p.id for p in posts(records)] == list(range(1, 401))
    assert [p.code for p in log] == ["bare-ampersand"]


def test_truncated_after_complete_items_keeps_them_and_says_so() -> None:
    data = document(item(1), item(2), item(3))
    records, log = read_bytes(data[: data.index(b"<item><wp:post_id>3")] + b"<item><title>cut")
    assert [p.id for p in posts(records)] == [1, 2]
    assert site(records).title == "Site"
    # The cut item is named as lost (its title is all the file still holds of it).
    assert [p.code for p in log] == ["xml-error", "xml-items-lost"]
    assert '("cut")' in list(log)[1].message


def test_truncated_before_any_item_is_an_input_error() -> None:
    data = document(item(1))
    with pytest.raises(InputError, match="not well-formed"):
        read_bytes(data[: data.index(b"</item>")])


def test_authors_are_held_until_the_first_item_so_a_failed_file_yields_nothing() -> None:
    author = "<wp:author><wp:author_login>a</wp:author_login></wp:author>"
    data = document(author, "<wp:term></wrong>")
    with pytest.raises(InputError):
        read_bytes(data)


def test_authors_without_items() -> None:
    author = (
        "<wp:author><wp:author_id>3\n</wp:author_id>"
        "<wp:author_login>a\n</wp:author_login></wp:author>"
    )
    records, _ = read_bytes(document(author))
    assert records[0] == Author(id=3, login="a")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello",
        b"<rss version='2.0'><channel><title>x</title></channel></rss>",
        b"<html><body>not xml</body>",
    ],
)
def test_not_wxr_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError):
        read_bytes(data)


def test_serialized_meta_with_wrong_lengths_is_decoded_and_reported() -> None:
    meta = (
        "<wp:postmeta><wp:meta_key>k</wp:meta_key>"
        '<wp:meta_value><![CDATA[a:1:{i:0;s:2:"é!";}]]></wp:meta_value></wp:postmeta>'
    )
    records, log = read_bytes(document(item(1, meta)))
    (value,) = posts(records)[0].meta
    assert value.decoded == ["é!"]
    assert [p.code for p in log] == ["meta-repaired"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version>
<item><title>&lol9;</title><wp:post_id>1</wp:post_id></item>
</channel></rss>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY net SYSTEM "http://example.invalid/x"> ]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version>
<item><title>&xxe;&net;</title><wp:post_id>1</wp:post_id></item>
</channel></rss>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entities_are_never_expanded(data: bytes) -> None:
    started = time.perf_counter()
    try:
        records, _ = read_bytes(data)
    except InputError:
        return  # refusing the file is as safe as reading it unexpanded
    finally:
        assert time.perf_counter() - started < 1.0
    title = posts(records)[0].title
    assert "lol" * 10 not in title and "root:" not in title
    assert len(title) < 100


def test_missing_type_and_status_stay_empty_and_are_reported() -> None:
    data = document("<item><wp:post_id>9</wp:post_id><title>t</title></item>")
    records, log = read_bytes(data)
    (post,) = posts(records)
    assert (post.id, post.type, post.status) == (9, "", "")
    assert [p.code for p in log] == ["missing-field", "missing-field"]


def test_fields_in_a_foreign_namespace_fill_in_and_are_reported() -> None:
    body = '<x:post_type xmlns:x="http://wordpress.org/export/1.2">page</x:post_type>'
    data = document(
        "<item><wp:post_id>9</wp:post_id><wp:status>publish</wp:status>" + body + "</item>"
    )
    records, log = read_bytes(data)
    (post,) = posts(records)
    assert post.type == "page" and post.extra == ()
    assert [p.code for p in log] == ["foreign-namespace"]


def test_many_repairs_of_one_kind_are_summarised() -> None:
    items = [item(n, "<title>a & b</title>\n") for n in range(1, 151)]
    records, log = read_bytes(document(*items))
    assert len(posts(records)) == 150
    listed = [p for p in log if p.code == "bare-ampersand"]
    assert len(listed) == 101
    assert listed[-1].where == "file" and listed[-1].message.startswith("50 more")
