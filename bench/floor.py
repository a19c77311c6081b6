"""The parse floor: the least work any WXR converter must do, timed as its own process.

    python bench/floor.py EXPORT.xml

Stream-parses the export with lxml and reads the text of every element inside each
``<item>`` (its fields, its postmeta, its comments and their fields), clearing elements as
it goes so memory stays flat; nothing else.  Prints one line of counts so the work cannot be
skipped and the run can be checked.
"""

from __future__ import annotations

import sys

from lxml import etree

WP = "{http://wordpress.org/export/1.2/}"
COMMENT = WP + "comment"


def walk(path: str) -> tuple[int, int, int]:
    """Items, comments and characters of text seen in the export at ``path``."""
    items = comments = chars = 0
    # huge_tree: a single post body over 10 MB is rare but real, and converters must accept it.
    events = etree.iterparse(path, events=("end",), tag="item", huge_tree=True)
    for _, item in events:
        items += 1
        for element in item.iter():
            text = element.text
            if text:
                chars += len(text)
            if element.tag == COMMENT:
                comments += 1
        item.clear(keep_tail=False)
        parent = item.getparent()
        if parent is not None:
            while item.getprevious() is not None:
                del parent[0]
    return items, comments, chars


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python bench/floor.py EXPORT.xml", file=sys.stderr)
        return 2
    items, comments, chars = walk(argv[0])
    print(f"items={items} comments={comments} chars={chars}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
