"""Sets that grow with the export, kept in a temporary file so the reading process stays small.

The reading process remembers one file name, one URL and one post id per item to keep them
unique. As Python strings, sets and dicts that was about 450 bytes per item: 22 MB more at
50,000 posts than at 1,000. Here they live in a private temporary SQLite database (deleted
when closed) whose page cache is capped, so memory stays flat whatever the export's size,
and every answer is exact: two file names must never be taken for one because their hashes
agree. A lookup costs about 10 microseconds, against about 1.5 ms of reading per item.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterator
from typing import Generic, TypeVar, cast

K = TypeVar("K")
V = TypeVar("V")

# The page cache of each set, in KiB: the B-tree's inner pages stay in it; leaves come from
# the temporary file, which the OS keeps cached anyway. A run holds about a dozen sets, and
# each cache fills as its set grows: at 256 KiB the reading process's peak at 50,000 posts
# was 8.6% above 1,000 posts' (bench/parent.py), at 64 KiB 4%, at no measurable CPU cost.
CACHE_KIB = 64


def _temporary_database(schema: str) -> sqlite3.Connection:
    # "" is a private on-disk database, unlinked at once and gone when closed. Autocommit
    # (isolation_level=None) leaves no transaction open when workers are forked.
    db = sqlite3.connect("", isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")  # nothing here needs to survive a crash
    db.execute("PRAGMA synchronous=OFF")
    db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    db.execute(schema)
    return db


def _blob(key: str) -> bytes:
    # surrogatepass: a lone surrogate (from undecodable input) is still a distinct key.
    return key.encode("utf-8", "surrogatepass")


def _number(value: int) -> int | str:
    return value if -(2**63) <= value < 2**63 else str(value)


class StringSet:
    """An exact set of strings on disk."""

    def __init__(self) -> None:
        self._db = _temporary_database("CREATE TABLE keys (key BLOB PRIMARY KEY) WITHOUT ROWID")

    def claim(self, key: str) -> bool:
        """Add `key`; True when it was not there before."""
        cursor = self._db.execute("INSERT OR IGNORE INTO keys VALUES (?)", (_blob(key),))
        return cursor.rowcount == 1

    def __contains__(self, key: str) -> bool:
        found = self._db.execute("SELECT 1 FROM keys WHERE key = ?", (_blob(key),)).fetchone()
        return found is not None


class IntPairs:
    """An exact set of (key, value) integer pairs on disk, looked up by key."""

    def __init__(self) -> None:
        self._db = _temporary_database(
            # No column types: an id too big for SQLite's 64 bits is stored as text, which
            # never equals an integer.
            "CREATE TABLE pairs (key, value, PRIMARY KEY (key, value)) WITHOUT ROWID"
        )

    def values(self, key: int) -> set[int]:
        rows = self._db.execute("SELECT value FROM pairs WHERE key = ?", (_number(key),))
        return {int(value) for (value,) in rows}

    def add(self, key: int, value: int) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO pairs VALUES (?, ?)", (_number(key), _number(value))
        )

    def __contains__(self, key: int) -> bool:
        found = self._db.execute("SELECT 1 FROM pairs WHERE key = ?", (_number(key),)).fetchone()
        return found is not None


class StringIntSets:
    """An exact mapping from strings to sets of integers, on disk; a key may hold no integer.

    keys_with_values() goes in code point order of the keys, as sorted() would give them.
    """

    # A key known with no integer yet is a row whose value is '': text never equals an integer.
    _ONLY_KEY = ""

    def __init__(self) -> None:
        self._db = _temporary_database(
            "CREATE TABLE pairs (key BLOB, value, PRIMARY KEY (key, value)) WITHOUT ROWID"
        )

    def add_key(self, key: str) -> None:
        """Know `key`, with no integer added."""
        self._db.execute("INSERT OR IGNORE INTO pairs VALUES (?, ?)", (_blob(key), self._ONLY_KEY))

    def add(self, key: str, value: int) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO pairs VALUES (?, ?)", (_blob(key), _number(value))
        )

    def keys_with_values(self) -> Iterator[tuple[str, set[int]]]:
        """Every key and its integers, in key order; do not add while iterating."""
        rows = self._db.execute("SELECT key, value FROM pairs ORDER BY key")
        current: bytes | None = None
        values: set[int] = set()
        for key, value in rows:
            if key != current:
                if current is not None:
                    yield _text(current), values
                current, values = key, set()
            if value != self._ONLY_KEY:
                values.add(int(value))
        if current is not None:
            yield _text(current), values


class _DiskMap(Generic[K, V]):
    """A mapping to picklable values, on disk; the last value set wins. Subclasses say how a
    key is stored (_key) and the table's key column (_SCHEMA)."""

    _SCHEMA = ""

    def __init__(self) -> None:
        self._db = _temporary_database(self._SCHEMA)

    @staticmethod
    def _key(key: K) -> object:
        raise NotImplementedError

    def __setitem__(self, key: K, value: V) -> None:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._db.execute("INSERT OR REPLACE INTO items VALUES (?, ?)", (self._key(key), blob))

    def get(self, key: K) -> V | None:
        row = self._db.execute(
            "SELECT value FROM items WHERE key = ?", (self._key(key),)
        ).fetchone()
        return None if row is None else cast(V, pickle.loads(row[0]))

    def __getitem__(self, key: K) -> V:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: K) -> bool:
        found = self._db.execute("SELECT 1 FROM items WHERE key = ?", (self._key(key),)).fetchone()
        return found is not None


class IntMap(_DiskMap[int, V]):
    """A mapping from integers to picklable values, on disk."""

    # No column type: an id too big for SQLite's 64 bits is stored as text.
    _SCHEMA = "CREATE TABLE items (key PRIMARY KEY, value BLOB) WITHOUT ROWID"

    @staticmethod
    def _key(key: int) -> object:
        return _number(key)


class StringMap(_DiskMap[str, V]):
    """A mapping from strings to picklable values, on disk.

    items() and keys() go in code point order, as sorted() would give them (UTF-8 bytes
    sort as their code points do).
    """

    _SCHEMA = "CREATE TABLE items (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID"

    @staticmethod
    def _key(key: str) -> object:
        return _blob(key)

    def __len__(self) -> int:
        (count,) = self._db.execute("SELECT COUNT(*) FROM items").fetchone()
        return int(count)

    def items(self) -> Iterator[tuple[str, V]]:
        """Every (key, value), in key order; do not set keys while iterating."""
        for key, value in self._db.execute("SELECT key, value FROM items ORDER BY key"):
            yield _text(key), cast(V, pickle.loads(value))


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogatepass")
