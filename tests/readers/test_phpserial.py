"""The PHP unserializer: data only, never objects; wrong lengths decoded by delimiters."""

from __future__ import annotations

import pytest

from wparchive.readers.phpserial import (
    PhpSerialError,
    decode_meta,
    loads,
    loads_tolerant,
    looks_serialized,
)

SHRUG = "¯\\_(ツ)_/¯"  # 13 bytes in UTF-8, 9 characters: the importer's own test value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("N;", None),
        ("b:1;", True),
        ("i:-42;", -42),
        ("d:0.5;", 0.5),
        ('s:5:"hello";', "hello"),
        (f's:13:"{SHRUG}";', SHRUG),
        ('a:2:{i:0;s:1:"a";i:1;s:1:"b";}', ["a", "b"]),
        ('a:2:{i:1;s:1:"a";s:1:"k";b:0;}', {"1": "a", "k": False}),
        ('O:8:"stdClass":1:{s:1:"a";i:1;}', {"__class__": "stdClass", "a": 1}),
        ('C:11:"ArrayObject":4:{x:i0}', {"__class__": "ArrayObject", "__serialized__": "x:i0"}),
        ('s:6:"a";b;c";', 'a";b;c'),  # a quote and semicolon inside the string
    ],
)
def test_loads(text: str, value: object) -> None:
    assert loads(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "a:1:{i:0;r:1;}",  # references are refused
        "a:1:{i:0;R:1;}",
        "d:INF;",  # no JSON form
        's:10:"short";',
        "a:1:{i:0;i:1;",  # unterminated
        "i:1;i:2;",  # trailing data
        "a:1:{" * 100 + "i:0;" * 0,
    ],
)
def test_loads_refuses(text: str) -> None:
    with pytest.raises(PhpSerialError):
        loads(text)


def test_depth_is_bounded() -> None:
    deep = "a:1:{i:0;" * 200 + "N;" + "}" * 200
    with pytest.raises(PhpSerialError, match="deeply"):
        loads(deep)


def test_wrong_lengths_after_charset_conversion_decode_tolerantly() -> None:
    # Lengths counted in characters (9) where UTF-8 needs 13 bytes.
    text = f'a:1:{{s:3:"key";s:9:"{SHRUG}";}}'
    with pytest.raises(PhpSerialError):
        loads(text)
    assert loads_tolerant(text) == {"key": SHRUG}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:0:{}", True),
        ("N;", True),
        ("hello", False),
        ("s:3:x", False),
        ("i:12", False),
        ("", False),
    ],
)
def test_looks_serialized(text: str, expected: bool) -> None:
    assert looks_serialized(text) is expected


def test_decode_meta_reports_only_what_looked_serialised() -> None:
    plain, problem = decode_meta("k", "just text")
    assert (plain.serialized, plain.decoded, problem) == (False, None, "")
    broken, problem = decode_meta("k", "a:1:{i:0;r:1;}")
    assert broken.serialized is False and broken.value == "a:1:{i:0;r:1;}"
    assert "looks serialised" in problem
