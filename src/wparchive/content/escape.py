"""Escaping text for Markdown, with the rules mdformat uses when it re-renders text.

The output has to be a fixed point of `mdformat.text(md, extensions={"gfm"})`, so a
character is escaped exactly when mdformat would escape it: the rules below follow
mdformat's text and paragraph renderers (and mdformat-gfm's `~~` and task-box rules).
They escape only where Markdown could otherwise read syntax, e.g. `2 * 3` keeps its
asterisk and `snake_case` its underscore.

One rule goes further than mdformat's: every `$` of text is escaped. wparchive writes
`[latex]` as `$…$` for generators that read dollar math (README), and those read prose
too: remark-math and Hugo's passthrough take "from $5 to $10" as the math "5 to ". `\\$`
is `$` to every CommonMark reader, with or without math. (tests/markdown_math.py teaches
mdformat the same rule, so that the output stays its fixed point.)
"""

from __future__ import annotations

import html.entities
import re
import unicodedata

# CommonMark's "Unicode whitespace": tab, LF, FF, CR and the Zs category.
UNICODE_WHITESPACE = frozenset(
    "\t\n\x0c\r" + "".join(c for c in map(chr, range(0x3001)) if unicodedata.category(c) == "Zs")
)
_WS = "".join(sorted(UNICODE_WHITESPACE))
_WS_CLASS = "[" + re.escape(_WS) + "]"


def is_punctuation(char: str) -> bool:
    """CommonMark punctuation: ASCII punctuation, or Unicode categories P and S."""
    return unicodedata.category(char)[0] in "PS"


_ASTERISK = re.compile(rf"(?<!{_WS_CLASS})\*|\*(?!{_WS_CLASS})")
# Consuming the next character matters: mdformat escapes only the first of "<<".
_LESS_THAN = re.compile(r"<(?:[^ ]|$)")
_CHAR_REFERENCE = re.compile(r"&(#[0-9]{1,7}|#[Xx][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_ENTITY_NAMES = frozenset(name.rstrip(";") for name in html.entities.html5)


def escape_text(text: str) -> str:
    """Escape one run of plain text that sits between two pieces of Markdown syntax."""
    text = text.replace("\\", "\\\\")
    if "$" in text:
        text = text.replace("$", "\\$")
    if "*" in text:
        text = _ASTERISK.sub(r"\\*", text)
    if "_" in text:
        text = _escape_underscores(text)
    if "[" in text or "]" in text:
        text = escape_brackets(text)
    if "<" in text:
        text = _LESS_THAN.sub(r"\\\g<0>", text)
    text = text.replace("`", "\\`")
    if "&" in text:
        text = escape_char_references(text)
    return text.replace("~~", "\\~~")


def needs_escape(text: str) -> bool:
    """Whether escape_text may change text: does it hold a character escaped above?"""
    return (
        "\\" in text
        or "$" in text
        or "*" in text
        or "_" in text
        or "[" in text
        or "]" in text
        or "<" in text
        or "`" in text
        or "&" in text
        or "~" in text
    )


def escape_char_references(text: str) -> str:
    """`\\` before each `&` that starts a character reference HTML would decode."""
    return _CHAR_REFERENCE.sub(_escape_reference, text)


def _escape_reference(match: re.Match[str]) -> str:
    # "&amp;" meant literally (the source said "&amp;amp;") must not decode again.
    name = match.group(1)
    if name.startswith("#") or name in _ENTITY_NAMES:
        return "\\" + match.group(0)
    return match.group(0)


def _escape_underscores(text: str) -> str:
    """`_` is left alone inside a word (`snake_case`) or between two spaces."""
    out = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == "_":
            before = text[index - 1] if index > 0 else ""
            after = text[index + 1] if index < last else ""
            if not (_both_spaces(before, after) or (_wordish(before) and _wordish(after))):
                out.append("\\")
        out.append(char)
    return "".join(out)


def _both_spaces(before: str, after: str) -> bool:
    return before in UNICODE_WHITESPACE and after in UNICODE_WHITESPACE and bool(before and after)


def _wordish(char: str) -> bool:
    return bool(char) and char not in UNICODE_WHITESPACE and not is_punctuation(char)


def escape_brackets(text: str) -> str:
    """Escape brackets unless they form a plain `[text]` pair that cannot become a link."""
    escape_at: list[int] = []
    open_at: int | None = None
    for index, char in enumerate(text):
        if char == "[":
            if open_at is not None:
                escape_at.append(open_at)
            open_at = index
        elif char == "]":
            if open_at is None:
                escape_at.append(index)
            elif text[index + 1 : index + 2] in (":", "("):
                escape_at.extend((open_at, index))
                open_at = None
            else:
                open_at = None
    if open_at is not None:
        escape_at.append(open_at)
    for index in sorted(escape_at, reverse=True):
        text = text[:index] + "\\" + text[index:]
    return text


# Line starts that Markdown would read as block syntax inside a paragraph.
_ATX_START = re.compile(r"#{1,6}(?: |\t|$)")
_BULLET_START = re.compile(r"[-*+](?: |\t|$)")
_ORDERED_PAREN_START = re.compile(r"[0-9]+\)(?: |\t|$)")
_ORDERED_DOT_START = re.compile(r"[0-9]+\.(?: |\t|$)")
_TASK_BOX = re.compile(r"^\[([ xX])]", re.MULTILINE)
# HTML block starts 1-6 of CommonMark (the kinds that can interrupt a paragraph).
_HTML_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd"
    "|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset"
    "|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav"
    "|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th"
    "|thead|title|tr|track|ul"
)
HTML_BLOCK_START = re.compile(
    r"^(?:<(?:script|pre|style|textarea)(?=(\s|>|$))"
    r"|<!--|<\?|<![A-Za-z]|<!\[CDATA\["
    rf"|</?(?:{_HTML_BLOCK_TAGS})(?=(\s|/?>|$)))",
    re.IGNORECASE,
)
HTML_BLOCK_TAGS = frozenset(_HTML_BLOCK_TAGS.split("|"))


def escape_paragraph_lines(text: str) -> str:
    """Escape the start of every line of a finished paragraph where needed."""
    if "\n" not in text:  # one line, the common case: no splitting and joining
        text = text.strip()
        if text[:1] not in _RISKY_FIRST:
            return text  # as _escape_line_start would, without calling it ("[" is risky)
        text = _escape_line_start(text)
        return _TASK_BOX.sub(r"\\[\1\\]", text) if text.startswith("[") else text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        lines[index] = _escape_line_start(line.strip())
    text = "\n".join(lines)
    if text.startswith("[") or "\n[" in text:  # where `^\[` can match, without a scan
        text = _TASK_BOX.sub(r"\\[\1\\]", text)
    return text


_RISKY_FIRST = frozenset("#>-*+0123456789_=|:< \t[")


def _escape_line_start(line: str) -> str:
    if not line or line[0] not in _RISKY_FIRST:
        return line  # most lines start with a letter: no rule can apply
    if _ATX_START.match(line) or line.startswith(">") or _BULLET_START.match(line):
        line = "\\" + line
    if _ORDERED_PAREN_START.match(line):
        line = line.replace(")", "\\)", 1)
    if _ORDERED_DOT_START.match(line):
        line = line.replace(".", "\\.", 1)
    bare = line.replace(" ", "").replace("\t", "")
    if len(bare) >= 3 and bare[0] in "*-_" and bare == bare[0] * len(bare):
        line = line.replace(bare[0], "\\" + bare[0], 1)
    stripped = line.strip(" \t")
    if stripped == "-" * len(stripped):
        line = line.replace("-", "\\-", 1)
    elif stripped == "=" * len(stripped):
        line = line.replace("=", "\\=", 1)
    if HTML_BLOCK_START.match(line):
        line = "    " + line
    if line and set(line) <= set("|-: "):
        line = line.replace("-", "\\-", 1)
    return line


# normalizeLink() of markdown-it: percent-encode all but these and keep %XX escapes.
_URL_UNSAFE = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9;/?:@&=+$,\-_.!~*'()#%]")


def normalize_url(url: str) -> str:
    """The URL as Markdown parsers store it: unsafe characters percent-encoded."""
    url = url.strip()
    if _URL_UNSAFE.search(url) is None:
        return url
    url = _encode_idn_host(url)
    return _URL_UNSAFE.sub(_percent_encode, url)


def _percent_encode(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group(0).encode("utf-8", "surrogatepass"))


_HOST = re.compile(r"^((?:https?|mailto):(?://)?(?:[^@/?#]*@)?)([^/?#:]+)", re.IGNORECASE)


def _encode_idn_host(url: str) -> str:
    match = _HOST.match(url)
    if match is None or match.group(2).isascii():
        return url
    try:
        host = match.group(2).encode("idna").decode("ascii")
    except UnicodeError:
        return url
    return match.group(1) + host + url[match.end() :]


def link_destination(url: str) -> str:
    """A destination ready to put between `(` and `)`."""
    url = normalize_url(url)
    if not url or "(" in url or ")" in url:
        return f"<{url}>"
    return url


def link_title(title: str) -> str:
    return ' "' + title.replace('"', '\\"') + '"'


def code_span(code: str) -> str:
    """Inline code with as many backticks as it needs (mdformat's form)."""
    longest = longest_run(code, "`")
    if longest:
        fence = "`" * (longest + 1)
        return f"{fence} {code} {fence}"
    if code.startswith(" ") and code.endswith(" ") and code.strip():
        return f"` {code} `"
    return f"`{code}`"


def longest_run(text: str, char: str) -> int:
    if char not in text:
        return 0
    return max(len(run) for run in re.findall(re.escape(char) + "+", text))
