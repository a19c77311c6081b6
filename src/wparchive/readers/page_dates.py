"""Dates as saved pages show them: ISO attributes, and the words themes print.

Themes print comment and post dates in the site's language and format ("June 24th, 2010
at 8:03 am", "11. Dezember 2012 um 11:07", "26 abril 2022 a las 14:02", "20.12.2022 um
08:42"). An ordered chain: ISO first, then dateutil with month names of the languages the
corpus holds; each step returns None when it does not fit.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone

from dateutil import parser as dateutil_parser

_MONTHS = (
    ("jan", "january", "januar", "jänner", "januari", "enero", "janvier", "gennaio", "ene"),
    ("feb", "february", "februar", "februari", "febrero", "février", "fevrier", "febbraio"),
    ("mar", "march", "märz", "maerz", "mrz", "maret", "marzo", "mars"),
    ("apr", "april", "abril", "avril", "aprile", "abr"),
    ("may", "mai", "mei", "mayo", "maggio"),
    ("jun", "june", "juni", "junio", "juin", "giugno"),
    ("jul", "july", "juli", "julio", "juillet", "luglio"),
    ("aug", "august", "agustus", "agosto", "août", "aout", "ago", "agu"),
    ("sep", "sept", "september", "septiembre", "septembre", "settembre", "set"),
    ("oct", "october", "oktober", "octubre", "octobre", "ottobre", "okt"),
    ("nov", "november", "noviembre", "novembre"),
    (
        "dec",
        "december",
        "dezember",
        "desember",
        "diciembre",
        "décembre",
        "dicembre",
        "dez",
        "des",
        "dic",
    ),
)
# Words around the date that carry nothing: "at", "um … Uhr", "a las", "pukul", "on".
_JUMP = (
    " ",
    ".",
    ",",
    ";",
    "-",
    "/",
    "'",
    "at",
    "on",
    "and",
    "ad",
    "m",
    "t",
    "of",
    "st",
    "nd",
    "rd",
    "th",
    "um",
    "uhr",
    "am",
    "las",
    "de",
    "del",
    "pukul",
    "à",
    "le",
    "alle",
    "said",
    "wrote",
    "says",
    "sagt",
    "dijo",
)


class _PageParserInfo(dateutil_parser.parserinfo):
    MONTHS = [tuple(names) for names in _MONTHS]  # type: ignore[misc]  # noqa: RUF012
    JUMP = list(_JUMP)  # noqa: RUF012


_INFO = _PageParserInfo()
# German "am" is a jump word ("am 11. Dezember") but English "8:03 am" is a meridian:
# dateutil checks AMPM before JUMP, so both work.
# "a las" must go before parsing: dateutil reads a lone "a" as "am".
_FILLER = re.compile(r"\b(?:a las|a la|pukul)\b", re.IGNORECASE)
_DOTTED_DAY_FIRST = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b")
_HAS_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(1[9]\d\d|2[01]\d\d)\b")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_iso(text: str | None) -> datetime | None:
    """`2010-06-23T04:12:40+00:00`, `2020-12-24`: None for anything else."""
    if not text or not _ISO.match(text.strip()):
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_display_date(text: str, *, default: datetime | None = None) -> datetime | None:
    """A date in words or digits as a theme prints it; naive unless the text has an offset.

    `default` fills what the text leaves out: WordPress.com themes print "Jun 20th at
    2:41 am" for comments of the current year.
    """
    text = " ".join(_FILLER.sub(" ", text.replace("\xa0", " ")).split())
    if not _HAS_DIGIT.search(text):
        return None
    if _YEAR.search(text) is None and default is None:
        return None
    base = (default or datetime(2000, 1, 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        with warnings.catch_warnings():
            # "EST" in profootballtalk's dates: dateutil warns, and ignoretz drops it anyway
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            value = dateutil_parser.parse(
                text,
                parserinfo=_INFO,
                fuzzy=True,
                ignoretz=True,
                dayfirst=_DOTTED_DAY_FIRST.search(text) is not None,
                default=base.replace(tzinfo=None),
            )
    except (ValueError, OverflowError):
        return None
    if not 1900 <= value.year <= 2100:
        return None
    return value


def round_offset(delta: timedelta) -> timezone | None:
    """A UTC offset from local minus UTC, rounded to a quarter hour; None when implausible."""
    quarters = round(delta.total_seconds() / 900)
    if abs(quarters) > 14 * 4:
        return None
    return timezone(timedelta(minutes=15 * quarters))
