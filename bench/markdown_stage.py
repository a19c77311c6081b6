"""Time html_to_markdown alone on the prepared HTML of a bench export's posts.

    python bench/markdown_stage.py [--posts 1000] [--first N] [--repeat 3] [--profile x.prof]
    python bench/markdown_stage.py --export FILE.xml --save out.json   # then --check out.json

Reads the export (run.py's cached synthetic one, or --export), prepares every body,
excerpt and comment of the first N posts as the pipeline does (wpautop, shortcodes,
blocks), then converts the prepared HTML with html_to_markdown and prints the CPU
seconds (time.process_time, best of --repeat) of that step only.  --save writes the
outputs and --check compares against them, to show a speed-up changed nothing.

--against html2text markdownify times those converters on the same HTML, for scale (they
are not dependencies: `pip install html2text markdownify` first). Their Markdown differs
from wparchive's (no CommonMark escaping, no WordPress markup), so only the time compares.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from run import export_for

from wparchive.content.context import context_for
from wparchive.content.convert import prepare_raw_content
from wparchive.content.markdown import html_to_markdown
from wparchive.model import Post
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all

OTHER_CONVERTERS = ("html2text", "markdownify")


def prepared_html(export: Path, first: int) -> list[str]:
    """The HTML html_to_markdown receives for each post, excerpt and comment, in order."""
    htmls: list[str] = []
    posts = 0
    for record in read_all([export], ProblemLog()):
        if not isinstance(record, Post) or record.type in ("attachment", "nav_menu_item"):
            continue
        htmls.extend(_post_html(record))
        posts += 1
        if posts >= first:
            break
    return htmls


def _post_html(post: Post) -> list[str]:
    def prepare(text: str, context: object = None) -> str:
        if post.content_rendered:
            return text
        return prepare_raw_content(text, context)  # type: ignore[arg-type]

    htmls = [prepare(post.content, context_for(post))]
    if post.excerpt.strip():
        htmls.append(prepare(post.excerpt))
    htmls.extend(prepare(comment.content) for comment in post.comments)
    return htmls


def convert_all(htmls: list[str]) -> tuple[float, list[str]]:
    start = time.process_time()
    outputs = [html_to_markdown(html) for html in htmls]
    return time.process_time() - start, outputs


def _other_converter(name: str) -> Callable[[str], str]:
    """Another library's HTML-to-Markdown function, configured as its users call it."""
    if name == "html2text":
        import html2text

        converter = html2text.HTML2Text()
        converter.body_width = 0  # no hard wrapping: wparchive does not wrap either
        return converter.handle
    import markdownify

    return markdownify.markdownify  # type: ignore[no-any-return]


def time_other(name: str, htmls: list[str], repeat: int) -> float:
    convert = _other_converter(name)
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for html in htmls:
            convert(html)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=1000, help="bench export size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--export", type=Path, help="use this export instead")
    parser.add_argument("--first", type=int, default=10**9, help="posts to take")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write a cProfile of one pass here")
    parser.add_argument("--save", type=Path, help="write the outputs here (JSON)")
    parser.add_argument("--check", type=Path, help="compare the outputs with a --save file")
    parser.add_argument(
        "--against",
        nargs="+",
        default=[],
        choices=OTHER_CONVERTERS,
        help="also time these libraries on the same HTML",
    )
    args = parser.parse_args(argv)
    export = args.export or export_for(args.posts, args.seed)
    htmls = prepared_html(export, args.first)
    size = sum(len(html) for html in htmls) / 1e6
    print(f"{export.name}: {len(htmls)} fragments, {size:.1f} M characters")
    best, outputs = min(convert_all(htmls) for _ in range(args.repeat))
    print(f"html_to_markdown: {best:.3f} CPU s (best of {args.repeat})")
    for name in args.against:
        try:
            seconds = time_other(name, htmls, args.repeat)
        except ImportError:
            print(f"{name}: not installed (pip install {name})")
            continue
        print(f"{name}: {seconds:.3f} CPU s, {seconds / best:.1f}x html_to_markdown")
    if args.profile:
        cProfile.runctx("convert_all(htmls)", globals(), {"htmls": htmls}, str(args.profile))
    if args.save:
        args.save.write_text(json.dumps(outputs), encoding="utf-8")
    if args.check:
        expected = json.loads(args.check.read_text(encoding="utf-8"))
        differ = [i for i, (a, b) in enumerate(zip(expected, outputs, strict=True)) if a != b]
        print(f"{len(differ)} of {len(outputs)} outputs differ from {args.check}: {differ[:10]}")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
