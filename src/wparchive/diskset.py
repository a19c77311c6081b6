"""Sets that grow with the export, kept in a temporary file so the reading process stays small.

The reading process remembers one file name, one URL and one post id per item to keep them
unique. As Python strings, sets and dicts that was about 450 bytes per item: 22 MB more at
50,000 posts than at 1,000. Here they live in a private temporary SQLite database (deleted
when closed) whose page cache is capped, so memory stays flat whatever the export's size,
and every answer is exact: two file names must never be taken for one because their hashes
agree. A lookup costs about 10 microseconds, against about 1.5 ms of reading per item.

Most keys are new (a file name, an item's key), and a round trip to SQLite cost 20-25
microseconds in the reading process, 2 s of its CPU at 10,000 posts. So writes wait in a
short list, written PENDING_ROWS at a time in one transaction, and a set answers "not
there" for most new keys from a fixed-size Bloom filter (_Seen) without asking SQLite;
the filter only ever says "maybe", which SQLite then settles exactly.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar, cast

from wparchive import parallel

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

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


# Writes held in memory before one executemany: small enough to keep memory flat.
PENDING_ROWS = 256


class _Writes:
    """Rows waiting to be written with one statement, in one transaction. Autocommit
    otherwise: no transaction stays open (workers are forked from this process)."""

    def __init__(self, db: sqlite3.Connection, statement: str) -> None:
        self._db = db
        self._statement = statement
        self.rows: list[tuple[object, ...]] = []

    def add(self, row: tuple[object, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= PENDING_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        _write_all(self._db, self._statement, self.rows)
        self.rows.clear()


def _write_all(db: sqlite3.Connection, statement: str, rows: Iterable[Sequence[object]]) -> None:
    """`statement` for every row, in one transaction, never left open (even when interrupted)."""
    db.execute("BEGIN")
    try:
        db.executemany(statement, rows)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class _Seen:
    """A Bloom filter of keys added: False is certain (never added), True only "maybe".

    Fixed size (128 KiB; about 1.5 MiB for the reading process's dozen sets and maps), so memory
    stays flat; with three probes, about 1 key in 400 not added is taken for "maybe" at
    50,000 keys, 1 in 2 at 500,000 (each costing the SQLite lookup it would anyway). Python's
    hash() is salted per process: the filter never leaves it.
    """

    BITS = 1 << 20
    _MASK = BITS - 1
    _SPREAD = 0x9E3779B97F4A7C15  # Fibonacci hashing: spreads consecutive ids' hashes

    def __init__(self) -> None:
        self._bits = bytearray(self.BITS // 8)

    def _probes(self, key: object) -> tuple[int, int, int]:
        mixed = (hash(key) * self._SPREAD) >> 7
        return mixed & self._MASK, (mixed >> 21) & self._MASK, (mixed >> 42) & self._MASK

    def add(self, key: object) -> None:
        bits = self._bits
        for probe in self._probes(key):
            bits[probe >> 3] |= 1 << (probe & 7)

    def __contains__(self, key: object) -> bool:
        bits = self._bits
        # A loop, not all(): no generator made for each of the reading process's lookups.
        for probe in self._probes(key):  # noqa: SIM110
            if not bits[probe >> 3] & (1 << (probe & 7)):
                return False
        return True


def _blob(key: str) -> bytes:
    # surrogatepass: a lone surrogate (from undecodable input) is still a distinct key.
    return key.encode("utf-8", "surrogatepass")


def _number(value: int) -> int | str:
    return value if -(2**63) <= value < 2**63 else str(value)


class StringSet:
    """An exact set of strings on disk."""

    def __init__(self) -> None:
        self._db = _temporary_database("CREATE TABLE keys (key BLOB PRIMARY KEY) WITHOUT ROWID")
        self._writes = _Writes(self._db, "INSERT OR IGNORE INTO keys VALUES (?)")
        self._seen = _Seen()

    def claim(self, key: str) -> bool:
        """Add `key`; True when it was not there before."""
        if key in self:
            return False
        self._seen.add(key)
        self._writes.add((_blob(key),))
        return True

    def __contains__(self, key: str) -> bool:
        if key not in self._seen:
            return False
        self._writes.flush()
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
        self._writes = _Writes(self._db, "INSERT OR IGNORE INTO pairs VALUES (?, ?)")
        self._seen = _Seen()  # of keys

    def values(self, key: int) -> set[int]:
        if key not in self._seen:
            return set()
        self._writes.flush()
        rows = self._db.execute("SELECT value FROM pairs WHERE key = ?", (_number(key),))
        return {int(value) for (value,) in rows}

    def add(self, key: int, value: int) -> None:
        self._seen.add(key)
        self._writes.add((_number(key), _number(value)))

    def __contains__(self, key: int) -> bool:
        if key not in self._seen:
            return False
        self._writes.flush()
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
        self._writes = _Writes(self._db, "INSERT OR IGNORE INTO pairs VALUES (?, ?)")

    def add_key(self, key: str) -> None:
        """Know `key`, with no integer added."""
        self._writes.add((_blob(key), self._ONLY_KEY))

    def add(self, key: str, value: int) -> None:
        self._writes.add((_blob(key), _number(value)))

    def keys_with_values(self) -> Iterator[tuple[str, set[int]]]:
        """Every key and its integers, in key order; do not add while iterating."""
        self._writes.flush()
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
        # The values set last, by stored key, until written (dict: the last one wins).
        self._pending: dict[object, bytes] = {}
        self._seen = _Seen()  # of stored keys: most lookups of a path not landed yet

    @staticmethod
    def _key(key: K) -> object:
        raise NotImplementedError

    def __setitem__(self, key: K, value: V) -> None:
        stored = self._key(key)
        self._seen.add(stored)
        self._pending[stored] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(self._pending) >= PENDING_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        _write_all(self._db, "INSERT OR REPLACE INTO items VALUES (?, ?)", self._pending.items())
        self._pending.clear()

    def _stored(self, key: K) -> bytes | None:
        stored = self._key(key)
        if stored not in self._seen:
            return None
        blob = self._pending.get(stored)
        if blob is not None:
            return blob
        row = self._db.execute("SELECT value FROM items WHERE key = ?", (stored,)).fetchone()
        return None if row is None else cast(bytes, row[0])

    def get(self, key: K) -> V | None:
        blob = self._stored(key)
        return None if blob is None else cast(V, pickle.loads(blob))

    def __getitem__(self, key: K) -> V:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: K) -> bool:
        return self._stored(key) is not None


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
        self._flush()
        (count,) = self._db.execute("SELECT COUNT(*) FROM items").fetchone()
        return int(count)

    def items(self) -> Iterator[tuple[str, V]]:
        """Every (key, value), in key order; do not set keys while iterating."""
        self._flush()
        for key, value in self._db.execute("SELECT key, value FROM items ORDER BY key"):
            yield _text(key), cast(V, pickle.loads(value))


class Groups(Generic[V]):
    """Picklable values added under string keys, read back grouped: keys in code point
    order, each key's values in the order they were added."""

    def __init__(self) -> None:
        self._db = _temporary_database(
            "CREATE TABLE rows (key BLOB, added INTEGER, value BLOB, PRIMARY KEY (key, added))"
            " WITHOUT ROWID"
        )
        self._writes = _Writes(self._db, "INSERT INTO rows VALUES (?, ?, ?)")
        self._added = 0

    def add(self, key: str, value: V) -> None:
        self._writes.add((_blob(key), self._added, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
        self._added += 1

    def groups(self) -> Iterator[tuple[str, list[V]]]:
        """Every key with its values; do not add while iterating."""
        self._writes.flush()
        current: bytes | None = None
        values: list[V] = []
        for key, _, value in self._db.execute("SELECT * FROM rows ORDER BY key, added"):
            if key != current:
                if current is not None:
                    yield _text(current), values
                current, values = key, []
            values.append(cast(V, pickle.loads(value)))
        if current is not None:
            yield _text(current), values


class Spool(Generic[T]):
    """Records kept in order in a temporary file and read back at the end: for what comes
    once per item and is needed only once the whole export is read."""

    def __init__(self, prefix: str = "wparchive-spool-") -> None:
        # Unlinked at once, closed when the spool goes (as the databases above are).
        # Forked workers inherit it, buffer and file offset included: they never touch it,
        # and multiprocessing ends them with os._exit, which flushes nothing.
        self._file = tempfile.TemporaryFile(prefix=prefix)  # noqa: SIM115
        weakref.finalize(self, self._file.close)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def append(self, record: T) -> None:
        self._file.seek(0, os.SEEK_END)  # after a read that stopped early, too
        parallel.dump(record, self._file)  # dataclasses by their fields: faster
        self._count += 1

    def __iter__(self) -> Iterator[T]:
        self._file.seek(0)
        for _ in range(self._count):
            record: T = pickle.load(self._file)
            position = self._file.tell()
            yield record
            self._file.seek(position)  # the consumer may have read the file meanwhile


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogatepass")
