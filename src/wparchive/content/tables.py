"""GFM tables, laid out exactly as mdformat's table renderer pads them.

A table that Markdown cannot hold (merged cells, nested tables, lists or several
paragraphs in a cell) is left to the caller, which keeps it as raw HTML.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wparchive.content.markdown import MarkdownConverter

Element = Any

_BLOCKY = frozenset(
    [
        "p",
        "div",
        "ul",
        "ol",
        "dl",
        "pre",
        "blockquote",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "iframe",
        "video",
        "audio",
        "figure",
        "object",
        "embed",
        "section",
        "article",
        "form",
    ]
)
_ALIGN = {"left": "<", "right": ">", "center": "^"}


def render_table(table: Element, converter: MarkdownConverter) -> str | None:
    rows = _rows(table)
    if rows is None or not rows:
        return None
    texts = [[_cell_markdown(cell, converter) for cell in row] for row in rows]
    if any(text is None for row in texts for text in row):
        return None
    width = max(len(row) for row in texts)
    grid = [[text or "" for text in row] + [""] * (width - len(row)) for row in texts]
    aligns = [_alignment(cell) for cell in rows[0]] + [""] * (width - len(rows[0]))
    widths = [max(3, *(display_width(row[col]) for row in grid)) for col in range(width)]
    lines = [_row(grid[0], aligns, widths), _delimiter_row(aligns, widths)]
    lines.extend(_row(row, aligns, widths) for row in grid[1:])
    return "\n".join(lines)


def _rows(table: Element) -> list[list[Element]] | None:
    rows: list[list[Element]] = []
    for tr in table.iter("tr"):
        if _owning_table(tr) is not table:
            return None  # a nested table
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if _stray_text(tr):
            return None  # `<tr><td></td>a</tr>`: text outside the cells has no GFM place
        for cell in cells:
            if cell.get("colspan", "1").strip() != "1" or cell.get("rowspan", "1").strip() != "1":
                return None
        if cells:
            rows.append(cells)
    return rows


def _stray_text(tr: Element) -> bool:
    """Content in a row but outside its cells: the row's text, a child's tail, or another
    element (wpautop wraps `<td></td>a</tr>` into `<td></td><p>a</tr>`, as WordPress does)."""
    if (tr.text or "").strip():
        return True
    return any(
        (child.tail or "").strip() or (isinstance(child.tag, str) and child.tag not in ("td", "th"))
        for child in tr
    )


def _owning_table(tr: Element) -> Element:
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _cell_markdown(cell: Element, converter: MarkdownConverter) -> str | None:
    paragraphs = 0
    for node in cell.iterdescendants():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag == "p":
            paragraphs += 1
        elif tag in _BLOCKY:
            return None
    if paragraphs > 1:
        return None
    marked = converter.inline_children(cell)
    text = converter.finish_inline(marked, hard_break="<br>")
    return text.replace("|", "\\|")


def _alignment(cell: Element) -> str:
    align = (cell.get("align") or "").strip().lower()
    style = (cell.get("style") or "").replace(" ", "").lower()
    for name, code in _ALIGN.items():
        if align == name or f"text-align:{name}" in style:
            return code
    return ""


def _row(cells: list[str], aligns: list[str], widths: list[int]) -> str:
    padded = (
        _pad(text, align, width) for text, align, width in zip(cells, aligns, widths, strict=True)
    )
    return "| " + " | ".join(padded) + " |"


def _delimiter_row(aligns: list[str], widths: list[int]) -> str:
    cells = []
    for align, width in zip(aligns, widths, strict=True):
        left = ":" if align in ("<", "^") else "-"
        right = ":" if align in (">", "^") else "-"
        cells.append(left + "-" * max(0, width - 2) + right)
    return "| " + " | ".join(cells) + " |"


def _pad(text: str, align: str, width: int) -> str:
    room = max(0, width - display_width(text))
    if align == ">":
        return " " * room + text
    if align == "^":
        left = room // 2
        return " " * left + text + " " * (room - left)
    return text + " " * room


def display_width(text: str) -> int:
    """Terminal columns, as wcwidth counts them for ordinary text."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width
