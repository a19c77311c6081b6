"""Synthetic WordPress text: sentences, raw post bodies (classic and block) and comments.

Everything draws from one seeded ``random.Random`` through ``Dice``, which only ever calls
``random()``: Python guarantees that sequence for a given seed across versions, while
``choice``/``randint``/``shuffle`` may change their algorithms.  Sentences are built once
into a pool and reused, so generating hundreds of megabytes stays fast.

Raw bodies look like ``post_content`` as WordPress stores it: no ``<p>`` in classic posts
(paragraphs separated by a blank line, single newlines inside a paragraph), entities such as
``&nbsp;`` and ``&amp;`` left as typed, ``[caption]`` shortcodes around ``<img>``, and block
posts serialised with ``<!-- wp:... -->`` delimiters.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class Dice:
    """Seeded choices built only on ``random()`` so output is stable across Python versions."""

    __slots__ = ("_random",)

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed).random

    def fraction(self) -> float:
        return self._random()

    def chance(self, p: float) -> bool:
        return self._random() < p

    def below(self, n: int) -> int:
        return int(self._random() * n)

    def between(self, lo: int, hi: int) -> int:
        """An integer in ``lo..hi``, both ends included."""
        return lo + int(self._random() * (hi - lo + 1))

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self._random() * len(items))]

    def shuffle(self, items: list[T]) -> None:
        for i in range(len(items) - 1, 0, -1):
            j = int(self._random() * (i + 1))
            items[i], items[j] = items[j], items[i]


# Word lists: common English, with a few accented words so the text is not pure ASCII
# (real exports mix UTF-8 into everything, including titles and commenter names).
NOUNS = (
    ("garden", "gardens"),
    ("kitchen", "kitchens"),
    ("river", "rivers"),
    ("city", "cities"),
    ("library", "libraries"),
    ("window", "windows"),
    ("teacher", "teachers"),
    ("recipe", "recipes"),
    ("bicycle", "bicycles"),
    ("camera", "cameras"),
    ("market", "markets"),
    ("mountain", "mountains"),
    ("server", "servers"),
    ("database", "databases"),
    ("letter", "letters"),
    ("neighbour", "neighbours"),
    ("morning", "mornings"),
    ("journey", "journeys"),
    ("village", "villages"),
    ("project", "projects"),
    ("question", "questions"),
    ("problem", "problems"),
    ("station", "stations"),
    ("festival", "festivals"),
    ("story", "stories"),
    ("photograph", "photographs"),
    ("harbour", "harbours"),
    ("meeting", "meetings"),
    ("plugin", "plugins"),
    ("theme", "themes"),
    ("winter", "winters"),
    ("bridge", "bridges"),
    ("café", "cafés"),
    ("notebook", "notebooks"),
    ("forest", "forests"),
    ("engine", "engines"),
    ("student", "students"),
    ("painting", "paintings"),
    ("island", "islands"),
    ("recording", "recordings"),
    ("tomato", "tomatoes"),
    ("workshop", "workshops"),
    ("compiler", "compilers"),
    ("museum", "museums"),
    ("evening", "evenings"),
    ("doctor", "doctors"),
    ("habit", "habits"),
    ("keyboard", "keyboards"),
    ("season", "seasons"),
    ("lesson", "lessons"),
    ("archive", "archives"),
)
VERBS = (
    ("find", "found"),
    ("build", "built"),
    ("walk", "walked"),
    ("watch", "watched"),
    ("write", "wrote"),
    ("cook", "cooked"),
    ("fix", "fixed"),
    ("visit", "visited"),
    ("measure", "measured"),
    ("repair", "repaired"),
    ("paint", "painted"),
    ("explain", "explained"),
    ("test", "tested"),
    ("carry", "carried"),
    ("open", "opened"),
    ("follow", "followed"),
    ("change", "changed"),
    ("remember", "remembered"),
    ("photograph", "photographed"),
    ("migrate", "migrated"),
    ("plant", "planted"),
    ("compare", "compared"),
    ("discover", "discovered"),
    ("share", "shared"),
    ("read", "read"),
    ("sell", "sold"),
    ("keep", "kept"),
    ("teach", "taught"),
)
ADJECTIVES = (
    "quiet",
    "small",
    "bright",
    "old",
    "new",
    "careful",
    "strange",
    "simple",
    "broken",
    "green",
    "early",
    "late",
    "useful",
    "heavy",
    "patient",
    "honest",
    "narrow",
    "crowded",
    "warm",
    "cold",
    "forgotten",
    "local",
    "naïve",
    "ordinary",
    "surprising",
    "gentle",
    "slow",
    "fast",
    "curious",
    "wooden",
    "digital",
    "second-hand",
    "tiny",
    "enormous",
)
ADVERBS = (
    "slowly",
    "quickly",
    "carefully",
    "finally",
    "almost",
    "really",
    "usually",
    "rarely",
    "happily",
    "quietly",
    "suddenly",
    "honestly",
    "probably",
    "clearly",
    "sometimes",
)
PREPOSITIONS = (
    "near",
    "behind",
    "under",
    "across",
    "inside",
    "beyond",
    "without",
    "after",
    "before",
    "around",
    "through",
    "beside",
)
DETERMINERS = ("the", "the", "the", "a", "every", "our", "my", "this", "that", "one")
OPENERS = (
    "Last week",
    "In the end",
    "To be honest",
    "As it turns out",
    "Meanwhile",
    "Of course",
    "Years ago",
    "On Tuesday",
    "For a while",
    "Later that day",
    "Strangely enough",
    "In short",
    "Either way",
    "Looking back",
)
TIME_WORDS = ("week", "month", "summer", "spring", "year", "weekend", "night")
PROPER_NAMES = (
    "Alice",
    "Bruno",
    "Chloé",
    "Dmitri",
    "Ewa",
    "Farid",
    "Grace",
    "Hiroshi",
    "Ingrid",
    "José",
    "Kwame",
    "Lena",
    "Mateo",
    "Nadia",
    "Oscar",
    "Priya",
    "Quentin",
    "Rosa",
    "Søren",
    "Tomás",
    "Uma",
    "Viktor",
    "Wen",
    "Xavier",
    "Yasmin",
    "Zoë",
    "Łukasz",
    "François",
)
SURNAMES = (
    "Adams",
    "Bauer",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Hughes",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lambert",
    "Müller",
    "Nakamura",
    "O'Brien",
    "Patel",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Underwood",
    "Varga",
    "Walsh",
    "Young",
    "Zhang",
)
DOMAINS = (
    "example.com",
    "example.org",
    "example.net",
    "docs.example.com",
    "news.example.org",
    "blog.example.net",
    "wiki.example.org",
    "shop.example.com",
)
CODE_SNIPPETS = (
    (
        "def load(path):",
        "    with open(path, encoding=&quot;utf-8&quot;) as handle:",
        "        return [line.strip() for line in handle if line]",
    ),
    (
        "&lt;?php",
        "for ( $i = 0; $i &lt; count( $rows ); $i++ ) {",
        "\techo esc_html( $rows[ $i ]['title'] );",
        "}",
        "?&gt;",
    ),
    (
        "function larger(a, b) {",
        "  if (a &amp;&amp; b) { return a &gt; b ? a : b; }",
        "  return a || b;",
        "}",
    ),
    (
        "$ sudo apt-get install imagemagick &gt; /dev/null",
        "$ convert photo.jpg -resize 50% small.jpg",
        "$ ls -l *.jpg | wc -l",
    ),
    (
        "SELECT ID, post_title",
        "FROM wp_posts",
        "WHERE post_status = 'publish' AND post_type = 'post'",
        "ORDER BY post_date DESC;",
    ),
    (
        "add_filter( 'the_content', 'wpautop' );",
        "remove_filter( 'the_excerpt', 'wptexturize' );",
    ),
    (
        "const items = document.querySelectorAll('.entry-content p');",
        "items.forEach(p =&gt; p.remove());",
    ),
    ("x = [n * n for n in range(10) if n % 2]", "print(sum(x))"),
)
# One code line in a few hundred holds a literal "]]>", which WordPress's wxr_cdata() must
# split into "]]]]><![CDATA[>" (seen in real exports of posts about C and PHP arrays).
CDATA_BREAKER = "if (matrix[row[i]]> threshold) count++;"

POOL_SIZE = 6000


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """An attachment a body can show: id, upload URL without extension, and its size."""

    attachment_id: int
    url_stem: str
    width: int
    height: int
    alt: str
    caption: str


class TextBank:
    """A pool of ready sentences and the helpers that assemble bodies and comments from it."""

    def __init__(self, dice: Dice) -> None:
        self.dice = dice
        self.sentences = tuple(self._sentence(marked=dice.chance(0.3)) for _ in range(POOL_SIZE))
        self.plain = tuple(self._sentence(marked=False) for _ in range(POOL_SIZE // 3))

    # -- words and sentences ---------------------------------------------------------------

    def noun_phrase(self) -> str:
        d = self.dice
        noun = d.pick(NOUNS)[1 if d.chance(0.25) else 0]
        if d.chance(0.5):
            return f"{d.pick(DETERMINERS)} {d.pick(ADJECTIVES)} {noun}"
        return f"{d.pick(DETERMINERS)} {noun}"

    def _clause(self) -> list[str]:
        d = self.dice
        shape = d.below(5)
        if shape == 0:
            words = [self.noun_phrase(), d.pick(VERBS)[1], d.pick(PREPOSITIONS), self.noun_phrase()]
        elif shape == 1:
            words = ["we", d.pick(VERBS)[0], self.noun_phrase(), d.pick(ADVERBS)]
        elif shape == 2:
            words = [self.noun_phrase(), "is", d.pick(ADVERBS), d.pick(ADJECTIVES)]
        elif shape == 3:
            words = ["I", d.pick(VERBS)[1], str(d.between(2, 40)), d.pick(NOUNS)[1]]
            words += [d.pick(PREPOSITIONS), self.noun_phrase(), "last", d.pick(TIME_WORDS)]
        else:
            words = [d.pick(PROPER_NAMES), d.pick(VERBS)[1], self.noun_phrase()]
        return " ".join(words).split(" ")

    def _sentence(self, *, marked: bool) -> str:
        d = self.dice
        words = self._clause()
        if d.chance(0.3):
            words += ["and", *self._clause()]
        if marked:
            self._mark_up(words)
        text = " ".join(words).replace(" \0", "&nbsp;")
        if d.chance(0.2):
            text = f"{d.pick(OPENERS)}, {text}"
        end = "?" if d.chance(0.08) else "!" if d.chance(0.04) else "."
        return text[0].upper() + text[1:] + end

    def _mark_up(self, words: list[str]) -> None:
        """Wrap one word in inline markup or give it an entity, as writers do by hand."""
        d = self.dice
        i = d.below(len(words))
        kind = d.below(8)
        if kind == 0:
            words[i] = f"<strong>{words[i]}</strong>"
        elif kind == 1:
            words[i] = f"<em>{words[i]}</em>"
        elif kind in (2, 3):
            path = f"{d.pick(NOUNS)[0]}-{d.pick(VERBS)[0]}/".replace("é", "e")
            words[i] = f'<a href="https://{d.pick(DOMAINS)}/{path}">{words[i]}</a>'
        elif kind == 4:
            words[i] = f"<code>{d.pick(VERBS)[0]}_{d.pick(NOUNS)[0].replace('é', 'e')}()</code>"
        elif kind == 5:
            words[i] = f"{words[i]} &amp; {d.pick(NOUNS)[1]}"
        elif kind == 6 and i > 0:
            words[i] = f"\0{words[i]}"  # joined to the word before with &nbsp; below
        else:
            words[i] = f'"{words[i]}"'

    def title(self) -> str:
        d = self.dice
        words = [d.pick(ADJECTIVES), d.pick(NOUNS)[d.below(2)]]
        if d.chance(0.5):
            words += [d.pick(PREPOSITIONS), d.pick(DETERMINERS), d.pick(NOUNS)[0]]
        if d.chance(0.15):
            words += ["&", d.pick(NOUNS)[1]]
        if d.chance(0.1):
            words = ["Why", "I", d.pick(VERBS)[1], *words]
        return " ".join(w[0].upper() + w[1:] for w in words)

    def person(self) -> str:
        return f"{self.dice.pick(PROPER_NAMES)} {self.dice.pick(SURNAMES)}"

    # -- paragraphs ------------------------------------------------------------------------

    def paragraph(self, lo: int = 2, hi: int = 6, *, breaks: float = 0.08) -> str:
        """Sentences joined by spaces; now and then a single newline (a line break in WP)."""
        d = self.dice
        parts = [d.pick(self.sentences)]
        for _ in range(d.between(lo, hi) - 1):
            parts.append("\n" if d.chance(breaks) else " ")
            parts.append(d.pick(self.sentences))
        return "".join(parts)

    def heading_text(self) -> str:
        return self.title()

    def list_items(self) -> list[str]:
        return [self.dice.pick(self.plain)[:-1] for _ in range(self.dice.between(3, 7))]

    def code_block(self) -> str:
        d = self.dice
        lines = [line for _ in range(d.between(1, 3)) for line in d.pick(CODE_SNIPPETS)]
        if d.chance(0.2):
            lines.insert(d.between(1, len(lines) - 1), "")  # blank line inside <pre>
        if d.chance(0.005):
            lines.append(CDATA_BREAKER)
        return "\n".join(lines)


def image_url(image: Image, width: int, height: int) -> str:
    return f"{image.url_stem}-{width}x{height}.jpg"


def medium_size(image: Image) -> tuple[int, int]:
    return 300, max(1, image.height * 300 // image.width)
