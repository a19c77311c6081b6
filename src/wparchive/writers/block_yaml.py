"""Front matter YAML written directly, for the values whose text libyaml's rules make certain.

Through PyYAML, libyaml took about 0.1 ms a document, most of it Python around the C
emitter: a new dumper per document and two tag resolutions per scalar. Nearly every value
of a front matter is a name, a date or a URL that libyaml writes as it is (plain) or in
single quotes, by rules short enough to follow here (yaml_emitter_analyze_scalar and
yaml_emitter_select_scalar_style in libyaml's emitter.c). For anything else (double quotes,
characters libyaml escapes, "-x" or "?x" whose rules are subtle) block_yaml() returns None
and the caller asks libyaml: tests/writers checks that both give the same text. Values
asked for in double quotes (an excerpt of several lines) are written here too, escaped as
yaml_emitter_write_double_quoted does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import yaml

# The style frontmatter.py asks for: None (plain when libyaml allows), "'" or '"'.
StyleFor = Callable[[str], str | None]

# What libyaml calls printable (IS_PRINTABLE): any other character, like a line break, a tab
# or one beyond U+FFFF, makes it write double quotes and escapes.
_PRINTABLE = "\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd"
_NOT_PRINTABLE = re.compile(f"[^{_PRINTABLE}]")
# First characters after which a value can never be plain: comments, flow collections,
# anchors, aliases, tags, quotes, block scalars, reserved indicators.
_INDICATOR_FIRST = frozenset("#,[]{}&*!|>'\"%@`")
# First characters whose rule depends on what follows ("-x" is plain, "- x" is not), and a
# leading space: left to libyaml unless something else settles the value's style.
_DEPENDS_FIRST = frozenset("-?: ")
# Values starting with these two markers are quoted (YAML document start and end).
_DOCUMENT_MARKERS = ("---", "...")
# The patterns PyYAML's resolver tries on a plain value, by its first character ("" for an
# empty value): none of them gives the str tag, and it has none for any first character.
_PATTERNS_BY_FIRST: dict[str, tuple[re.Pattern[str], ...]] = {
    first: tuple(regexp for _, regexp in resolvers)
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
# Most values in one match: printable, not ending in a space or ":", and first a character
# that is no indicator and that starts no resolver pattern (most letters do not). Such a
# value is plain for certain unless it holds ": " or " #".
_CHECKED_FIRST = re.escape(
    "".join(sorted(_INDICATOR_FIRST | _DEPENDS_FIRST | {*_PATTERNS_BY_FIRST}))
)
_PLAIN_SHAPE = re.compile(f"(?![{_CHECKED_FIRST}])[{_PRINTABLE}]+(?<![ :])")
# Keys are our own names: plain for certain (a simple key has at most 128 characters).
_KEY = re.compile("[A-Za-z_][A-Za-z0-9_]{0,63}")


def block_yaml(data: dict[str, Any], style_for: StyleFor) -> str | None:
    """`data` as libyaml writes it in block style (sequence items indented under their key,
    as mdformat-frontmatter does), or None when a key or value is not certain here."""
    lines: list[str] = []
    for key, value in data.items():
        if not _plain_key(key):
            return None
        if not isinstance(value, list):
            text = _scalar(value, style_for)
            if text is None:
                return None
            lines.append(f"{key}: {text}")
        elif not value:
            lines.append(f"{key}: []")  # libyaml writes an empty sequence in flow style
        else:
            lines.append(f"{key}:")
            for item in value:
                text = _scalar(item, style_for)
                if text is None:
                    return None
                lines.append(f"  - {text}")
    return "\n".join(lines) + "\n" if lines else None


@functools.cache  # the same few keys in every document
def _plain_key(key: object) -> bool:
    return isinstance(key, str) and bool(_KEY.fullmatch(key)) and _reads_as_string(key)


def _scalar(value: object, style_for: StyleFor) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return None
    if len(value) <= _REMEMBERED_LENGTH:
        return _remembered_string(value, style_for)
    return _string(value, style_for)


def _string(value: str, style_for: StyleFor) -> str | None:
    style = style_for(value)
    if style == '"':
        return _double_quoted(value)
    if style is None and _PLAIN_SHAPE.fullmatch(value) and ": " not in value and " #" not in value:
        return value  # what the checks below find for it, a third faster
    if _NOT_PRINTABLE.search(value):
        return None
    if style is None:
        reads_as_string = _reads_as_string(value)  # the resolver's verdict, asked once
        if _plain_for_certain(value, reads_as_string):
            return value
        if not _never_plain(value, reads_as_string):
            return None
    # Printable and on one line, so libyaml allows single quotes and never folds them.
    return "'" + value.replace("'", "''") + "'"


# A site's post type, authors, categories and tags come back in post after post: their
# text is worked out once (the rules cost 10 us a value, a third of the front matter's
# time). Bounded, and only short values, so that memory stays small.
_REMEMBERED_LENGTH = 200
_remembered_string = functools.lru_cache(maxsize=4096)(_string)


def _plain_for_certain(value: str, reads_as_string: bool) -> bool:
    """libyaml writes a printable one-line `value` plain (when it was not asked for quotes)."""
    return (
        reads_as_string  # first: a date, say, reads as a timestamp
        and value[:1] not in _INDICATOR_FIRST
        and value[:1] not in _DEPENDS_FIRST
        and value[-1:] not in (" ", ":")
        and ": " not in value
        and " #" not in value
        and not value.startswith(_DOCUMENT_MARKERS)
    )


def _never_plain(value: str, reads_as_string: bool) -> bool:
    """libyaml cannot write a printable one-line `value` plain: it quotes it."""
    return (
        not reads_as_string
        or not value
        or value[0] in _INDICATOR_FIRST
        or value[0] == " "
        or value[-1] in (" ", ":")
        or ": " in value
        or " #" in value
        or value in ("-", "?")
        or value.startswith(("- ", "? ", *_DOCUMENT_MARKERS))
    )


def _reads_as_string(value: str) -> bool:
    """Whether PyYAML's resolver reads `value` unquoted as a string (not 12, yes, null, ...):
    libyaml writes a string plain only then.

    resolve() itself, for the date of every post, took a quarter of the front matter's time.
    """
    patterns = _PATTERNS_BY_FIRST.get(value[:1])
    return patterns is None or not any(regexp.match(value) for regexp in patterns)


# What libyaml escapes in double quotes (allow_unicode): what it does not call printable,
# the byte order mark, line breaks, the quote and the backslash. It escapes characters
# beyond U+FFFF too, and frontmatter.py writes those back as they are: so are they here.
_ESCAPED = re.compile(r'[\x00-\x1f\x7f-\x9f"\\\u2028\u2029\ufeff\ufffe\uffff]')
# libyaml's named escapes; any other character it escapes is \xXX, or \uXXXX above U+00FF.
_NAMED_ESCAPES = dict(
    zip('\0\a\b\t\n\v\f\r\x1b"\\\x85\u2028\u2029', '0abtnvfre"\\NLP', strict=True)
)
_SURROGATE = re.compile("[\ud800-\udfff]")  # libyaml cannot encode one: left to it


def _double_quoted(value: str) -> str | None:
    """`value` in double quotes as libyaml writes it (never wrapped), or None."""
    if _SURROGATE.search(value):
        return None
    return '"' + _ESCAPED.sub(_escape, value) + '"'


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    named = _NAMED_ESCAPES.get(character)
    if named is not None:
        return "\\" + named
    code = ord(character)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"
