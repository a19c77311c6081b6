"""Where a GFM parser sees an extended autolink (`www.x.org`, `https://…`, e-mail).

mdformat with GFM keeps such autolinks exactly as written and escapes the text on
either side as separate runs, so the converter has to cut text at the same places:
the rules below follow the GFM spec's autolink extension as mdformat-gfm reads it.
"""

from __future__ import annotations

import re

BEFORE_AUTOLINK = frozenset(" \t\n\x0b\x0c\r*_~(")
_CANDIDATE = re.compile(r"www\.|https?://|mailto:|xmpp:|[a-zA-Z0-9._+-]+@")
_DOMAIN = re.compile(r"[a-zA-Z0-9_-]+(?:\.[a-zA-Z0-9_-]+)+")
_EMAIL = re.compile(r"[a-zA-Z0-9._+-]+@[a-zA-Z0-9_-]+(?:\.[a-zA-Z0-9_-]+)+")
_RESOURCE = re.compile(r"[^ \t\n\x0b\x0c\r<]*")
_ENDS_IN_ENTITY = re.compile(r"&[a-zA-Z0-9]+;\Z")
_XMPP_RESOURCE = re.compile(r"[a-zA-Z0-9.@]*")


def split_autolinks(text: str, before: str) -> list[tuple[bool, str]]:
    """Cut text into (is_autolink, part) pieces; `before` is the character before it."""
    if not maybe_has_autolink(text):
        return [(False, text)]
    parts: list[tuple[bool, str]] = []
    start = position = 0
    while True:
        match = _CANDIDATE.search(text, position)
        if match is None:
            break
        at = match.start()
        if match.group(0).endswith("@"):
            at = _email_start(text, at, before)
        previous = text[at - 1] if at else before
        end = _autolink_end(text, at) if (not previous or previous in BEFORE_AUTOLINK) else -1
        if end > at:
            if at > start:
                parts.append((False, text[start:at]))
            parts.append((True, text[at:end]))
            start = position = end
        else:
            position = match.start() + 1
    if start < len(text):
        parts.append((False, text[start:]))
    return parts


def maybe_has_autolink(text: str) -> bool:
    # A one-character `in` is a memchr; "://", "mailto:" and "xmpp:" all need a ":"
    # (most text has none), so they are looked for only after one is found.
    return (
        "@" in text
        or "www." in text
        or (":" in text and ("://" in text or "mailto:" in text or "xmpp:" in text))
    )


def _email_start(text: str, at: int, before: str) -> int:
    # An e-mail autolink starts after a delimiter: move to the last possible start.
    for index in range(at, text.index("@", at)):
        previous = text[index - 1] if index else before
        if not previous or previous in BEFORE_AUTOLINK:
            return index
    return at


def _autolink_end(text: str, at: int) -> int:
    if text.startswith("www.", at):
        return _domain_and_resource(text, at + 4)
    if text.startswith(("http://", "https://"), at):
        return _domain_and_resource(text, at + (8 if text[at + 4] == "s" else 7))
    if text.startswith(("mailto:", "xmpp:"), at):
        is_xmpp = text[at] == "x"
        end = _email_end(text, at + (5 if is_xmpp else 7))
        if end > 0 and is_xmpp and text[end : end + 1] == "/":
            resource = _XMPP_RESOURCE.match(text, end + 1)
            assert resource is not None
            value = resource.group(0)
            if value.endswith("."):
                value = value[:-1]
            return end + 1 + len(value) if value else -1
        return end
    return _email_end(text, at)


def _domain_and_resource(text: str, position: int) -> int:
    domain = _DOMAIN.match(text, position)
    if domain is None:
        return -1
    segments = domain.group(0).rsplit(".", 2)
    if "_" in segments[-2] or "_" in segments[-1]:
        return -1
    resource = _RESOURCE.match(text, domain.end())
    assert resource is not None
    return domain.end() + len(_trim_resource(resource.group(0)))


def _trim_resource(resource: str) -> str:
    index = len(resource) - 1
    while index >= 0:
        char = resource[index]
        if char == ";":
            entity = _ENDS_IN_ENTITY.search(resource, 0, index + 1)
            if entity is None:
                break
            index = entity.start()
        elif char == ")":
            if resource.count("(", 0, index + 1) >= resource.count(")", 0, index + 1):
                break
        elif char not in "?!.,:*_~\\":
            break
        index -= 1
    return resource[: index + 1]


def _email_end(text: str, position: int) -> int:
    email = _EMAIL.match(text, position)
    if email is None or email.group(0)[-1] in "-_":
        return -1
    if text[email.end() : email.end() + 2] in ("\\-", "\\_"):
        return -1
    return email.end()
