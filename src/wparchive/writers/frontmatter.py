"""The YAML front matter of a Markdown file: which keys, in which order, written how.

Keys, always in this order; keys marked * are left out when there is no value:

    title, date*, lastmod*, slug*, type, author*, categories, tags, draft*, status*,
    password_protected*, id, url*, guid*, excerpt*, featured_image*

`categories` and `tags` are always there (names, possibly `[]`) so that consumers can rely on
them. `draft: true` and `status` appear only when the status is not "publish";
`password_protected: true` only when the post has a password (the password never appears).
Dates are ISO 8601 strings with their UTC offset.

libyaml writes it (block_yaml.py writes the same text itself when it can be sure of it),
and the text is what mdformat-frontmatter (ruamel.yaml) writes back for it:
sequences indented under their key, values never wrapped, line breaks escaped in double
quotes, and strings that any YAML 1.1 or 1.2 loader could read as something else quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import yaml

from wparchive.model import Post
from wparchive.writers.block_yaml import block_yaml


def front_matter(
    post: Post, *, author_name: str, featured_image: str | None, excerpt: str
) -> dict[str, Any]:
    """The front matter as an ordered dict, in the documented key order."""
    published = post.status == "publish"
    fields: dict[str, Any] = {
        "title": post.title,
        "date": _iso(post.date.value),
        "lastmod": _iso(post.modified.value),
        "slug": post.slug,
        "type": post.type,
        "author": author_name,
        "categories": _unique(term.name for term in post.categories),
        "tags": _unique(term.name for term in post.tags),
        "draft": None if published else True,
        "status": None if published else post.status,
        "password_protected": True if post.password else None,
        "id": post.id,
        "url": post.link,
        "guid": post.guid,
        "excerpt": excerpt.strip(),
        "featured_image": featured_image,
    }
    always = {"title", "type", "categories", "tags", "id"}
    return {key: value for key, value in fields.items() if key in always or value}


# Strings a YAML 1.2 loader (Hugo, ruamel, js-yaml) reads as numbers, booleans or null while
# PyYAML's YAML 1.1 resolver does not, e.g. "1e3" or "0o17": quote them.
_YAML12_NOT_STRING = re.compile(
    r"[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
)
# Double quotes for a line break inside a value: they keep it as an escape on one line,
# where a single-quoted scalar would fold it over several lines that tools re-indent
# differently. And for a character beyond U+FFFF: libyaml double-quotes any value with
# one, PyYAML does not, so always do. (One search for both: it runs on every value.)
_DOUBLE_QUOTED_CHARACTER = re.compile("[\r\n\x85\u2028\u2029\U00010000-\U0010ffff]")


# libyaml's emitter when PyYAML has it, PyYAML's own otherwise: both write the same text for
# the nodes we give them (tests/writers compares them), block sequences at column 0.
DUMPERS: tuple[Any, ...] = (getattr(yaml, "CSafeDumper", yaml.SafeDumper), yaml.SafeDumper)
_TAG = "tag:yaml.org,2002:"


def dump_yaml(data: dict[str, Any], *, dumper: Any = None) -> str:
    """`data` (str, int, bool and list-of-str values) as block YAML, in order, never wrapped.

    Without a `dumper`, the text is written directly when block_yaml.py is certain of what
    libyaml would write (97% of the bench's documents; the front matter took half the time),
    else by libyaml. With one, the node graph is built here rather than by PyYAML's
    representer: the same YAML for half the time.
    """
    if dumper is None:
        text = block_yaml(data, string_style)
        if text is not None:
            return text
        dumper = DUMPERS[0]
    pairs = [(yaml.ScalarNode(_TAG + "str", key), _yaml_node(value)) for key, value in data.items()]
    root = yaml.MappingNode(_TAG + "map", pairs, flow_style=False)
    text = yaml.serialize(root, Dumper=dumper, allow_unicode=True, width=1 << 30)
    # mdformat-frontmatter (ruamel.yaml) indents sequence items under their key.
    text = _SEQUENCE_ITEM.sub("  - ", text)
    return _DOUBLE_QUOTED_LINE.sub(_unescape_astral_line, text)


def _yaml_node(value: object) -> yaml.Node:
    if isinstance(value, bool):
        return yaml.ScalarNode(_TAG + "bool", "true" if value else "false")
    if isinstance(value, int):
        return yaml.ScalarNode(_TAG + "int", str(value))
    if isinstance(value, list):
        return yaml.SequenceNode(
            _TAG + "seq", [_yaml_node(item) for item in value], flow_style=False
        )
    if isinstance(value, str):
        return yaml.ScalarNode(_TAG + "str", value, style=string_style(value))
    raise TypeError(f"front matter values are str, int, bool or lists: {value!r}")


def string_style(value: str) -> str | None:
    if _DOUBLE_QUOTED_CHARACTER.search(value):
        return '"'
    # Edge whitespace PyYAML would leave unquoted (a no-break space) would be trailing space.
    if _YAML12_NOT_STRING.fullmatch(value) or value[:1].isspace() or value[-1:].isspace():
        return "'"
    return None  # plain when PyYAML's resolver allows, quoted when it does not


# Values never wrap and line breaks are escaped, so a line starting "- " is a list item.
_SEQUENCE_ITEM = re.compile("^- ", re.MULTILINE)


# In double quotes PyYAML writes characters beyond U+FFFF ("\U0001F600" for an emoji in a
# two-line excerpt) as escapes, where mdformat-frontmatter's ruamel.yaml writes them as they
# are; write them as they are too. An even run of backslashes before "\U" is escaped text.
_ASTRAL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\U(000[1-9A-F][0-9A-F]{4}|0010[0-9A-F]{4})")


# Never wrapped, a double-quoted value is one whole line: "key: "…"" or "  - "…"".
_DOUBLE_QUOTED_LINE = re.compile(r'^( *(?:- |[a-z_]+: ))(".*")$', re.MULTILINE)


def _unescape_astral_line(line: re.Match[str]) -> str:
    return line.group(1) + _ASTRAL_ESCAPE.sub(_unescape_astral, line.group(2))


def _unescape_astral(match: re.Match[str]) -> str:
    return match.group(1) + chr(int(match.group(2), 16))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))
