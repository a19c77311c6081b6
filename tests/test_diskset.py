"""The on-disk sets behind the reading process's flat memory, and how batches reach workers.

Collision checks of file names need exact answers, so the sets are checked with keys that a
hash would be tempted to merge (lone surrogates, ids beyond 64 bits), and the batch pickling
with the real posts of the corpus.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from support import FIXTURES, SHARED
from wparchive.diskset import (
    PENDING_ROWS,
    Groups,
    IntMap,
    IntPairs,
    Spool,
    StringIntSets,
    StringMap,
    StringSet,
    _Seen,
)
from wparchive.model import Post
from wparchive.parallel import _pack
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all

CORPUS = SHARED / "corpus" / "wxr"
THEME_UNIT_TEST = CORPUS / "WordPress__theme-test-data__themeunittestdata.wordpress.xml"


def test_string_set_claims_each_key_once() -> None:
    taken = StringSet()
    assert taken.claim("posts/hello.md")
    assert not taken.claim("posts/hello.md")
    assert taken.claim("posts/Hello.md")  # folding case is the caller's collision key's job
    assert "posts/hello.md" in taken
    assert "posts/other.md" not in taken


def test_string_set_keeps_lone_surrogates_apart() -> None:
    taken = StringSet()
    assert taken.claim("posts/\ud800.md")
    assert taken.claim("posts/\udc00.md")
    assert not taken.claim("posts/\ud800.md")


@pytest.mark.parametrize("key", [0, -1, 2**63 - 1, -(2**63), 2**63, 10**30, -(10**30)])
def test_int_pairs_hold_any_integer(key: int) -> None:
    pairs = IntPairs()
    assert pairs.values(key) == set()
    assert key not in pairs
    pairs.add(key, 7)
    pairs.add(key, 7)
    pairs.add(key, -3)
    assert pairs.values(key) == {7, -3}
    assert key in pairs
    assert pairs.values(key + 1) == set()  # neighbours, and 2**63 beside 2**63 - 1, stay apart


def test_int_map_last_value_wins() -> None:
    urls: IntMap[str] = IntMap()
    urls[5] = "https://example.com/a.jpg"
    urls[5] = "https://example.com/b.jpg"
    urls[10**30] = "https://example.com/big.jpg"
    assert urls[5] == "https://example.com/b.jpg"
    assert urls.get(10**30) == "https://example.com/big.jpg"
    assert urls.get(6) is None and 6 not in urls and 5 in urls
    with pytest.raises(KeyError):
        urls[6]


MANY = 3 * PENDING_ROWS + 7  # across several writes of pending rows, and some still pending


def test_string_set_stays_exact_across_pending_writes() -> None:
    taken = StringSet()
    assert all(taken.claim(f"posts/{n}.md") for n in range(MANY))
    assert not any(taken.claim(f"posts/{n}.md") for n in range(MANY))
    assert all(f"posts/{n}.md" not in taken for n in range(MANY, 2 * MANY))


def test_int_pairs_stay_exact_across_pending_writes() -> None:
    pairs = IntPairs()
    for n in range(MANY):
        pairs.add(n, n + 1)
        pairs.add(n, -n)
    assert all(pairs.values(n) == {n + 1, -n} for n in range(MANY))
    assert all(n not in pairs and not pairs.values(n) for n in range(MANY, 2 * MANY))


def test_string_map_holds_pending_and_written_values() -> None:
    paths: StringMap[int] = StringMap()
    for n in range(MANY):
        paths[f"p{n:05d}"] = n
    paths["p00001"] = -1  # written already: replaced
    paths[f"p{MANY - 1:05d}"] = -2  # still pending: replaced
    assert paths.get("p00001") == -1 and paths[f"p{MANY - 1:05d}"] == -2
    assert "p00002" in paths and "q" not in paths and paths.get("q") is None
    assert len(paths) == MANY
    assert [key for key, _ in paths.items()] == [f"p{n:05d}" for n in range(MANY)]


def test_the_filter_is_never_wrong_about_a_key_it_has() -> None:
    seen = _Seen()
    keys = [*range(-500, 20_000, 7), *(f"posts/{n}.md" for n in range(5_000)), 2**70, "\ud800"]
    for key in keys:
        seen.add(key)
    assert all(key in seen for key in keys)
    strangers = sum(f"other/{n}" in seen for n in range(20_000))
    assert strangers < 60  # "maybe" for a key never added is rare (expected: about 8)


def test_string_int_sets_group_values_by_key_in_code_point_order() -> None:
    uses = StringIntSets()
    uses.add("https://b.example/x.jpg", 7)
    uses.add_key("https://a.example/listed.jpg")  # known, shown by no post
    uses.add("https://b.example/x.jpg", 7)  # a set: once
    uses.add("https://b.example/x.jpg", 2**70)  # beyond SQLite's 64 bits
    uses.add("https://b.example/x.jpg", -3)  # synthetic ids are negative
    uses.add_key("https://b.example/x.jpg")
    uses.add("https://\u00e9.example/\ud800.jpg", 1)
    assert list(uses.keys_with_values()) == [
        ("https://a.example/listed.jpg", set()),
        ("https://b.example/x.jpg", {7, 2**70, -3}),
        ("https://\u00e9.example/\ud800.jpg", {1}),
    ]


@pytest.mark.parametrize(
    "path", [FIXTURES / "seed-export" / "input.xml", THEME_UNIT_TEST], ids=["seed", "theme"]
)
def test_packed_batches_give_back_equal_posts(path: Path) -> None:
    posts = [r for r in read_all([path], ProblemLog()) if isinstance(r, Post)]
    assert posts
    back = pickle.loads(_pack(posts))
    assert back == posts
    assert [type(comment) for post in back for comment in post.comments] == [
        type(comment) for post in posts for comment in post.comments
    ]


def test_groups_come_back_by_key_in_code_point_order_values_as_added() -> None:
    groups: Groups[tuple[int, str]] = Groups()
    added = [("b", (1, "x")), ("a/b", (2, "y")), ("a", (3, "z")), ("b", (4, "w")), ("é", (5, ""))]
    for key, value in added * 200:  # beyond one batch of pending rows
        groups.add(key, value)
    found = list(groups.groups())
    assert [key for key, _ in found] == sorted({key for key, _ in added})
    assert dict(found)["b"] == [(1, "x"), (4, "w")] * 200
    assert list(Groups().groups()) == []


def test_a_spool_gives_its_records_back_in_order_as_often_as_asked() -> None:
    spool: Spool[tuple[Post, str]] = Spool()
    posts = [
        Post(id=i, type="post", status="publish", title=f"t{i}", slug="", slug_raw="")
        for i in range(300)
    ]
    for post in posts[:200]:
        spool.append((post, f"posts/{post.id}.md"))
    first_ten = [record for _, record in zip(range(10), spool, strict=False)]
    for post in posts[200:]:  # appended after a read that stopped early
        spool.append((post, f"posts/{post.id}.md"))
    assert len(spool) == 300
    assert first_ten == [(post, f"posts/{post.id}.md") for post in posts[:10]]
    assert list(spool) == [(post, f"posts/{post.id}.md") for post in posts]
    assert list(spool) == list(spool)
