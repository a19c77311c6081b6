"""The synthetic site: authors, terms, the plan of items, dates and PHP-serialised metadata.

The plan repeats a shuffled block of 20 slots (1 page, 2 attachments, 1 draft, 16 published
posts), so every export has exactly 5 % pages, 10 % attachments and 5 % drafts, whatever
its size, and a 20-item export holds one of each.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from wxr_text import ADJECTIVES, NOUNS, Dice

SITE_URL = "https://blog.example.org"
SITE_TITLE = "Notes from the Quiet Garden"
SITE_TAGLINE = "Gardens, kitchens, code & the odd journey"
WP_VERSION = "6.4.3"
# A manual UTC offset (Settings > General "UTC-5"): local dates stay 5 hours behind GMT.
GMT_OFFSET = timedelta(hours=-5)
EXPORT_TIME = datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)
FIRST_POST = datetime(2008, 1, 7, 14, 0, 0, tzinfo=UTC)
SECONDS_BETWEEN_ITEMS = 9000
ZERO_DATE = "0000-00-00 00:00:00"

PAGE, ATTACHMENT, DRAFT, POST = "page", "attachment", "draft", "post"
SLOT_BLOCK = (PAGE, ATTACHMENT, ATTACHMENT, DRAFT) + (POST,) * 16

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    author_id: int
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    term_id: int
    slug: str
    name: str
    parent_slug: str = ""


AUTHORS = (
    Author(
        author_id=1,
        login="marta",
        email="marta@example.org",
        display_name="Marta Lindqvist",
        first_name="Marta",
        last_name="Lindqvist",
    ),
    Author(
        author_id=2,
        login="jbaptiste",
        email="jb@example.org",
        display_name="Jean-Baptiste Moreau",
        first_name="Jean-Baptiste",
        last_name="Moreau",
    ),
    Author(
        author_id=5,
        login="kofi.mensah",
        email="kofi@example.org",
        display_name="Kofi Mensah",
        first_name="Kofi",
        last_name="Mensah",
    ),
    Author(
        author_id=9,
        login="guest-writer",
        email="guest@example.org",
        display_name="Guest Writer",
        first_name="",
        last_name="",
    ),
)

# Parent name, then its children: a two-level tree as most blogs grow one.
CATEGORY_TREE = (
    ("Uncategorized", ()),
    ("Gardening", ("Vegetables", "Fruit Trees", "Compost & Soil")),
    ("Food & Drink", ("Recipes", "Restaurants", "Coffee")),
    ("Technology", ("WordPress", "Python", "Linux", "Photography Gear")),
    ("Travel", ("Europe", "Asia", "Café Culture")),
    ("Books", ("Reviews", "Reading Lists")),
    ("Family", ()),
    ("Music", ()),
    ("Notes", ()),
)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


def build_categories() -> tuple[Term, ...]:
    terms: list[Term] = []
    next_id = 1
    for parent, children in CATEGORY_TREE:
        terms.append(Term(term_id=next_id, slug=slugify(parent), name=parent))
        next_id += 1
        for child in children:
            terms.append(
                Term(term_id=next_id, slug=slugify(child), name=child, parent_slug=slugify(parent))
            )
            next_id += 1
    return tuple(terms)


def build_tags(dice: Dice, count: int = 120) -> tuple[Term, ...]:
    seen: dict[str, Term] = {}
    term_id = 100
    while len(seen) < count:
        noun = dice.pick(NOUNS)[dice.below(2)]
        name = f"{dice.pick(ADJECTIVES)} {noun}" if dice.chance(0.4) else noun
        slug = slugify(name)
        if slug not in seen:
            seen[slug] = Term(term_id=term_id, slug=slug, name=name)
            term_id += 1
    return tuple(seen.values())


def plan_kinds(dice: Dice, count: int) -> list[str]:
    """The kind of every item, in export order: shuffled blocks of ``SLOT_BLOCK``."""
    kinds: list[str] = []
    while len(kinds) < count:
        block = list(SLOT_BLOCK)
        dice.shuffle(block)
        kinds.extend(block)
    return kinds[:count]


def plan_ids(dice: Dice, count: int) -> list[int]:
    """Increasing post IDs with the gaps revisions and auto-drafts leave in real sites."""
    ids: list[int] = []
    current = 4
    for _ in range(count):
        current += 1 if dice.chance(0.6) else dice.between(2, 6)
        ids.append(current)
    return ids


def item_time(dice: Dice, index: int) -> datetime:
    offset = index * SECONDS_BETWEEN_ITEMS + dice.below(SECONDS_BETWEEN_ITEMS // 2)
    return FIRST_POST + timedelta(seconds=offset)


def mysql(moment: datetime) -> str:
    """``2014-02-11 18:40:12``: a MySQL DATETIME as WordPress stores it."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def local_mysql(moment: datetime) -> str:
    return mysql(moment + GMT_OFFSET)


def rfc822(moment: datetime) -> str:
    """``Tue, 11 Feb 2014 18:40:12 +0000`` without depending on the C locale."""
    day, month = _DAYS[moment.weekday()], _MONTHS[moment.month - 1]
    return f"{day}, {moment.day:02d} {month} {moment.year} {moment:%H:%M:%S} +0000"


def php_serialize(value: object) -> str:
    """PHP ``serialize()`` for the few shapes WordPress metadata uses; lengths are in bytes."""
    if isinstance(value, bool):
        return f"b:{int(value)};"
    if isinstance(value, int):
        return f"i:{value};"
    if isinstance(value, float):
        return f"d:{value!r};"
    if isinstance(value, str):
        return f's:{len(value.encode())}:"{value}";'
    if isinstance(value, dict):
        body = "".join(php_serialize(k) + php_serialize(v) for k, v in value.items())
        return f"a:{len(value)}:{{{body}}}"
    if isinstance(value, list):
        body = "".join(php_serialize(i) + php_serialize(v) for i, v in enumerate(value))
        return f"a:{len(value)}:{{{body}}}"
    raise TypeError(f"cannot serialise {type(value).__name__}")


def attachment_metadata(file: str, width: int, height: int, dice: Dice) -> str:
    """``_wp_attachment_metadata`` as WordPress 6 writes it for an uploaded JPEG."""
    stem = file.rsplit("/", 1)[1].removesuffix(".jpg")
    sizes: dict[str, object] = {}
    for name, box in (("medium", 300), ("thumbnail", 150), ("medium_large", 768)):
        w = box if name != "thumbnail" else 150
        h = 150 if name == "thumbnail" else max(1, height * box // width)
        sizes[name] = {
            "file": f"{stem}-{w}x{h}.jpg",
            "width": w,
            "height": h,
            "mime-type": "image/jpeg",
            "filesize": dice.between(4000, 90000),
        }
    meta = {
        "width": width,
        "height": height,
        "file": file,
        "filesize": dice.between(90000, 900000),
        "sizes": sizes,
        "image_meta": {
            "aperture": "2.8",
            "credit": "",
            "camera": dice.pick(("X-T3", "iPhone 12", "")),
            "caption": "",
            "created_timestamp": str(1200000000 + dice.below(500000000)),
            "copyright": "",
            "focal_length": "35",
            "iso": "200",
            "shutter_speed": "0.004",
            "title": "",
            "orientation": "1",
            "keywords": [],
        },
    }
    return php_serialize(meta)
