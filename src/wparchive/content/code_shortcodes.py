"""Code and math shortcodes: SyntaxHighlighter's `[code]` family and WordPress.com's `[latex]`.

SyntaxHighlighter (WordPress.com's `[code]`/`[sourcecode]`, SyntaxHighlighter Evolved's
language-named `[php]`, `[bash]`, ...) registers its shortcodes so that wpautop never
touches their text; protect_code() does the same by turning them into `<pre>` blocks
before wpautop runs (wpautop leaves `<pre>` alone), with the language as a
`language-X` class the converter turns into the fence's info string.

The text is shown verbatim, as the plugin does: a body with no `<` or `>` was saved by
the visual editor with its characters encoded (`&quot;` for `"`), and is decoded once;
a body with raw `<` or `>` was typed as code and is kept exactly.
"""

from __future__ import annotations

import html
import re

from wparchive.content.context import ContentContext
from wparchive.content.shortcodes import Shortcode, do_shortcodes

# SyntaxHighlighter Evolved's brush names and aliases. "latex"/"tex" are left out: on
# WordPress.com `[latex]` is math.
LANGUAGE_SHORTCODES = [
    "actionscript3",
    "applescript",
    "as3",
    "bash",
    "c",
    "c-sharp",
    "cf",
    "clj",
    "clojure",
    "coldfusion",
    "cpp",
    "csharp",
    "css",
    "delphi",
    "diff",
    "erl",
    "erlang",
    "fsharp",
    "go",
    "golang",
    "groovy",
    "haskell",
    "html",
    "java",
    "javafx",
    "javascript",
    "jfx",
    "js",
    "jscript",
    "matlab",
    "objc",
    "objective-c",
    "pas",
    "pascal",
    "patch",
    "perl",
    "php",
    "pl",
    "plain",
    "powershell",
    "ps",
    "py",
    "python",
    "r",
    "rails",
    "rb",
    "ror",
    "ruby",
    "scala",
    "shell",
    "splus",
    "sql",
    "swift",
    "text",
    "vb",
    "vbnet",
    "xhtml",
    "xml",
    "xslt",
    "yaml",
    "yml",
]
CODE_SHORTCODES = ("code", "sourcecode", *LANGUAGE_SHORTCODES)
_LANGUAGE_NAME = re.compile(r"^[\w+#.-]{1,40}$")
# SyntaxHighlighter's aliases to the names highlighters (Chroma, Rouge, Prism) know.
_ALIASES = {"c-sharp": "csharp", "jscript": "javascript", "js": "javascript", "pl": "perl",
            "py": "python", "rb": "ruby", "ror": "ruby", "rails": "ruby", "ps": "powershell",
            "shell": "bash", "plain": "text", "xhtml": "html", "golang": "go", "yml": "yaml",
            "erl": "erlang", "clj": "clojure", "jfx": "javafx", "pas": "pascal", "as3":
            "actionscript3", "vbnet": "vb", "patch": "diff", "objective-c": "objc"}  # fmt: skip


def code_language(code: Shortcode) -> str:
    if code.name not in ("code", "sourcecode"):
        language = code.name
    else:
        language = code.attrs.get("language") or code.attrs.get("lang") or ""
        if not language and code.positional:
            language = code.positional[0].lstrip("=").strip("\"'")
    language = language.strip().lower()
    if not _LANGUAGE_NAME.match(language):
        return ""
    return _ALIASES.get(language, language)


def code_block(code: Shortcode, context: ContentContext | None = None) -> str:
    if code.content is None:
        return code.source  # `[php]` with no `[/php]` is text, not code
    text = code.content
    if "<" not in text and ">" not in text:
        text = html.unescape(text)
    text = text.strip("\n")
    language = code_language(code)
    css = f' class="language-{html.escape(language, quote=True)}"' if language else ""
    return f"\n\n<pre{css}>{_escape(text)}\n</pre>\n\n"


def _escape(text: str) -> str:
    """HTML text whose brackets no later shortcode pass can read (SyntaxHighlighter's way)."""
    return html.escape(text, quote=False).replace("[", "&#91;").replace("]", "&#93;")


def protect_code(text: str) -> str:
    """Code shortcodes as `<pre>` blocks, before wpautop could add <p> and <br> to them."""
    if "[" not in text:
        return text
    return do_shortcodes(text, dict.fromkeys(CODE_SHORTCODES, code_block))


# What wpautop adds inside a `[latex]` that spans lines (the shortcodes run after it).
_AUTOP_TAGS = re.compile(r"<br\s*/?>|</?p>")
# A `[latex]` alone on its line is displayed math; elsewhere it is inline.
_DISPLAY_LATEX = re.compile(
    r"^[ \t]*(\[latex\b[^\]\n]*\](?:(?!\[/?latex\b)[\s\S])*\[/latex\])[ \t]*$", re.M
)


def latex(code: Shortcode, context: ContentContext | None = None) -> str:
    """Math as `$...$` (`$$...$$` displayed), its TeX verbatim, as math-aware Markdown reads it.

    Hugo's passthrough, kramdown, remark-math, markdown-it's texmath and pandoc take what
    stands between the dollars as TeX: Markdown escapes there (`\\pi`, `a\\_1`) would
    reach the math. So the converter is handed a `<wp-math>` element, which it writes as
    it is (markdown.py's convert_wp_math), on one line: TeX reads a line break as a space.
    """
    if code.content is None:
        return code.source
    tex = " ".join(html.unescape(_AUTOP_TAGS.sub(" ", code.content)).split())
    if not tex:
        return ""
    fence = "$$" if code.attrs.get("display") == "block" else "$"
    return f"<wp-math>{_escape(f'{fence}{tex}{fence}')}</wp-math>"


def mark_display_latex(text: str) -> str:
    """Flag each `[latex]` that stands on a line of its own as displayed math."""
    if "[latex" not in text:
        return text
    return _DISPLAY_LATEX.sub(_as_display, text)


def _as_display(match: re.Match[str]) -> str:
    return match.group(1).replace("[latex", '[latex display="block"', 1)
