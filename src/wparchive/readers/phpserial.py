"""A small, safe reader for PHP `serialize()` output, as found in WordPress meta values.

Only data comes out: strings, ints, floats, bools, null, lists and dicts. Objects
(`O:` and `C:`) are never instantiated; they become dicts with a "__class__" key.
References (`r:`/`R:`) are refused, nesting is bounded, and every length is checked,
so hostile input can only make decoding fail.

PHP counts `s:N:` lengths in bytes of the stored charset (UTF-8 for WordPress). Exports
that went through a charset conversion keep the old lengths; `loads_tolerant` then finds
each string's end by its closing `";` instead.
"""

from __future__ import annotations

import math
import re

from wparchive.model import JsonValue, Meta

MAX_DEPTH = 64

_INT = re.compile(rb"i:([+-]?\d+);")
_FLOAT = re.compile(rb"d:([^;]{1,64});")
_BOOL = re.compile(rb"b:([01]);")
_STR_HEAD = re.compile(rb's:(\d+):"')
_ARRAY_HEAD = re.compile(rb"a:(\d+):\{")
_OBJECT_HEAD = re.compile(rb'O:(\d+):"([^"]{0,1024})":(\d+):\{')
_CUSTOM_HEAD = re.compile(rb'C:(\d+):"([^"]{0,1024})":(\d+):\{')
_ENUM = re.compile(rb'E:(\d+):"([^"]{0,1024})";')
# After a string's closing quote in tolerant mode: what may legally follow `";`.
_NEXT_TOKEN = re.compile(rb"(?:[sidbaOCE]:|N;|\}|$)")
# WordPress's is_serialized(): the shapes worth trying to decode.
_LOOKS_SERIALIZED = re.compile(
    r'^(?:N;|b:[01];|i:[+-]?\d+;|d:[^;]+;|s:\d+:".*";|[aOC]:\d+:.*\}|E:\d+:".*";)$', re.DOTALL
)


class PhpSerialError(ValueError):
    """The text is not PHP-serialised data this reader accepts."""


def looks_serialized(text: str) -> bool:
    """True when `text` has the shape of PHP-serialised data (WordPress's is_serialized)."""
    text = text.strip()
    if len(text) < 2 or (text[1] != ":" and text != "N;"):
        return False
    return _LOOKS_SERIALIZED.match(text) is not None


def loads(text: str) -> JsonValue:
    """Decode strictly: every `s:N:` length must be exact in UTF-8 bytes."""
    return _Decoder(text.strip().encode("utf-8"), tolerant=False).document()


def loads_tolerant(text: str) -> JsonValue:
    """Decode, finding string ends by `";` when the declared lengths are wrong."""
    return _Decoder(text.strip().encode("utf-8"), tolerant=True).document()


class _Decoder:
    def __init__(self, data: bytes, *, tolerant: bool) -> None:
        self.data = data
        self.pos = 0
        self.tolerant = tolerant

    def document(self) -> JsonValue:
        value = self.value(0)
        if self.pos != len(self.data):
            raise PhpSerialError(f"trailing data at byte {self.pos}")
        return value

    def value(self, depth: int) -> JsonValue:
        if depth > MAX_DEPTH:
            raise PhpSerialError("nested too deeply")
        data, pos = self.data, self.pos
        kind = data[pos : pos + 1]
        if kind == b"s":
            return self.string()
        if kind == b"a":
            return self.array(depth)
        if kind == b"N" and data.startswith(b"N;", pos):
            self.pos += 2
            return None
        if kind in (b"i", b"b", b"d"):
            return self.scalar(kind)
        if kind == b"O":
            return self.object(depth)
        if kind == b"C":
            return self.custom()
        if kind == b"E":
            return self.enum()
        raise PhpSerialError(f"unsupported token {kind!r} at byte {pos}")

    def scalar(self, kind: bytes) -> JsonValue:
        pattern = {b"i": _INT, b"b": _BOOL, b"d": _FLOAT}[kind]
        match = self._match(pattern)
        text = match.group(1)
        if kind == b"i":
            return int(text)
        if kind == b"b":
            return text == b"1"
        try:
            number = float(text)
        except ValueError as error:
            raise PhpSerialError(f"not a number: {text!r}") from error
        if not math.isfinite(number):
            raise PhpSerialError("INF or NAN has no JSON form")
        return number

    def string(self) -> str:
        match = self._match(_STR_HEAD)
        length = int(match.group(1))
        start = self.pos
        end = start + length
        if self.data[end : end + 2] != b'";':
            if not self.tolerant:
                raise PhpSerialError(f"string length {length} wrong at byte {start}")
            end = self._string_end(start)
        self.pos = end + 2
        try:
            return self.data[start:end].decode("utf-8")
        except UnicodeDecodeError as error:
            raise PhpSerialError("string is not UTF-8") from error

    def _string_end(self, start: int) -> int:
        """Tolerant: the first `";` followed by something that may follow a value."""
        search = start
        while True:
            end = self.data.find(b'";', search)
            if end < 0:
                raise PhpSerialError(f"unterminated string at byte {start}")
            if _NEXT_TOKEN.match(self.data, end + 2):
                return end
            search = end + 1

    def array(self, depth: int) -> JsonValue:
        count = int(self._match(_ARRAY_HEAD).group(1))
        pairs = self.pairs(count, depth)
        if all(key == index for index, (key, _) in enumerate(pairs)):
            return [value for _, value in pairs]
        return {str(key): value for key, value in pairs}

    def object(self, depth: int) -> JsonValue:
        match = self._match(_OBJECT_HEAD)
        name = self._class_name(match)
        result: dict[str, JsonValue] = {"__class__": name}
        for key, value in self.pairs(int(match.group(3)), depth):
            result[str(key)] = value
        return result

    def custom(self) -> JsonValue:
        # C:len:"Class":len:{payload}: the payload is the class's own format; keep it as text.
        match = self._match(_CUSTOM_HEAD)
        name = self._class_name(match)
        length = int(match.group(3))
        start = self.pos
        if self.data[start + length : start + length + 1] != b"}":
            raise PhpSerialError(f"custom object length wrong at byte {start}")
        self.pos = start + length + 1
        payload = self.data[start : start + length].decode("utf-8", errors="replace")
        return {"__class__": name, "__serialized__": payload}

    def enum(self) -> JsonValue:
        match = self._match(_ENUM)
        return {"__enum__": match.group(2).decode("utf-8", errors="replace")}

    def pairs(self, count: int, depth: int) -> list[tuple[int | str, JsonValue]]:
        result: list[tuple[int | str, JsonValue]] = []
        for _ in range(count):
            key = self.value(depth + 1)
            if isinstance(key, bool) or not isinstance(key, int | str):
                raise PhpSerialError(f"array key must be int or string at byte {self.pos}")
            result.append((key, self.value(depth + 1)))
        if self.data[self.pos : self.pos + 1] != b"}":
            raise PhpSerialError(f"array longer than its count at byte {self.pos}")
        self.pos += 1
        return result

    def _class_name(self, match: re.Match[bytes]) -> str:
        name = match.group(2)
        if len(name) != int(match.group(1)):
            raise PhpSerialError("class name length wrong")
        return name.decode("utf-8", errors="replace")

    def _match(self, pattern: re.Pattern[bytes]) -> re.Match[bytes]:
        match = pattern.match(self.data, self.pos)
        if match is None:
            raise PhpSerialError(f"malformed value at byte {self.pos}")
        self.pos = match.end()
        return match


def decode_meta(key: str, value: str) -> tuple[Meta, str]:
    """A Meta for one exported pair, and a problem sentence ("" when all is well).

    Values that do not look serialised stay plain text, silently. A value that looks
    serialised but decodes only tolerantly, or not at all, is reported.
    """
    if not looks_serialized(value):
        return Meta(key=key, value=value), ""
    try:
        return Meta(key=key, value=value, decoded=loads(value), serialized=True), ""
    except PhpSerialError:
        pass
    try:
        decoded = loads_tolerant(value)
    except PhpSerialError as error:
        return Meta(key=key, value=value), f"meta {key!r} looks serialised but is not ({error})"
    problem = f"meta {key!r} had wrong string lengths; decoded by its delimiters"
    return Meta(key=key, value=value, decoded=decoded, serialized=True), problem
