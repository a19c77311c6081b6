"""Compile the small CSS subset the data modules use into one lxml XPath.

Simple selectors and the descendant combinator (`.byline .fn`), nothing more.

lxml's own CSS support needs the cssselect package, which wparchive does not depend on;
the boilerplate lists only need `tag#id.class[attr op value]`, so this is enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

_SIMPLE = re.compile(
    r"""^(?P<tag>[a-zA-Z][a-zA-Z0-9]*|\*)?
    (?P<rest>(?:\#[\w-]+|\.[\w-]+|\[[\w-]+(?:[~^*]?=[^\]]+)?\])*)$""",
    re.VERBOSE,
)
_PART = re.compile(
    r"\#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)|\[(?P<attr>[\w-]+)(?:(?P<op>[~^*]?=)(?P<val>[^\]]+))?\]"
)


def _literal(value: str) -> str:
    value = value.strip("'\"")
    if "'" in value:
        raise ValueError(f"selector value with a quote: {value!r}")
    return f"'{value}'"


def _condition(part: re.Match[str]) -> str:
    if part["id"]:
        return f"@id={_literal(part['id'])}"
    if part["cls"]:
        return f"contains(concat(' ',normalize-space(@class),' '),' {part['cls']} ')"
    attr, op, val = part["attr"], part["op"], part["val"]
    if op is None:
        return f"@{attr}"
    literal = _literal(val)
    if op == "=":
        return f"@{attr}={literal}"
    if op == "^=":
        return f"starts-with(@{attr},{literal})"
    if op == "*=":
        return f"contains(@{attr},{literal})"
    return f"contains(concat(' ',normalize-space(@{attr}),' '),concat(' ',{literal},' '))"


def _step(simple: str, selector: str) -> str:
    match = _SIMPLE.match(simple)
    if match is None or not simple:
        raise ValueError(f"unsupported selector: {selector!r}")
    conditions = "".join(f"[{_condition(p)}]" for p in _PART.finditer(match["rest"]))
    return f"{match['tag'] or '*'}{conditions}"


def to_xpath(selector: str) -> str:
    """`div.reply` -> `descendant-or-self::div[contains(concat(...),' reply ')]`;
    `.byline .fn` (descendant) -> `descendant-or-self::*[…]/descendant::*[…]`."""
    steps = [_step(simple, selector) for simple in selector.split()]
    if not steps:
        raise ValueError(f"unsupported selector: {selector!r}")
    return "descendant-or-self::" + "/descendant::".join(steps)


def compile_selectors(selectors: Iterable[str]) -> etree.XPath:
    """One XPath matching any of `selectors` at or below the context element."""
    return etree.XPath(" | ".join(to_xpath(s) for s in selectors))
