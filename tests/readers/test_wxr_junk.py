"""Junk never becomes a traceback: only records, or InputError / PhpSerialError."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st
from wxr_helpers import document, item, read_bytes

from wparchive.errors import InputError
from wparchive.readers.phpserial import PhpSerialError, decode_meta, loads_tolerant

VALID = document(
    "<wp:author><wp:author_login>a</wp:author_login></wp:author>",
    item(
        1, "<content:encoded><![CDATA[x & y]]></content:encoded>", post_date="2020-01-01 10:00:00"
    ),
    item(2, '<category domain="post_tag" nicename="t">T</category>'),
)


TOKENS = [b"<", b"&", b"]]>", b"<![CDATA[", b"\x00", b"\xff", b"</item>", b"<item>", b"&nbsp;",
          b"<wp:post_id>", b' xmlns:u="\xc3\xab"', b"<!--", b"atom:", b"\n"]  # fmt: skip
JUNK = st.binary(max_size=12) | st.lists(st.sampled_from(TOKENS), max_size=4).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(VALID) - 1), st.integers(0, 40), JUNK)
def test_mutated_exports_read_or_fail_cleanly(at: int, cut: int, junk: bytes) -> None:
    data = VALID[:at] + junk + VALID[at + cut :]
    try:
        read_bytes(data)
    except InputError as error:
        assert "\n" not in str(error)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='aisdbNOCrR:;{}"0123456789-.é', max_size=40))
def test_unserializer_only_raises_its_own_error(text: str) -> None:
    with contextlib.suppress(PhpSerialError):
        loads_tolerant(text)
    decode_meta("k", text)
