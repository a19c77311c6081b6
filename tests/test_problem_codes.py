"""Every problem code the source records is documented: in problem_codes (which the
`convert --help` epilog prints) and in the README's "Exit codes and messages" table."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from click.testing import CliRunner

from support import REPO
from wparchive.cli import main
from wparchive.problem_codes import EXIT_CODES, PROBLEM_CODES

SOURCE = REPO / "src" / "wparchive"
_CODE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
# Calls that take a code as one of their first two positional arguments:
# log.add(code=...), context.report(code, message), note(where, code, message), ...
_CALLS = frozenset({"report", "problem", "on_problem", "_report", "note", "add", "line"})


def _strings(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):  # code="a" if ... else "b"
        yield from _strings(node.body)
        yield from _strings(node.orelse)


def _call_codes(node: ast.Call) -> Iterator[str]:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    for keyword in node.keywords:
        if keyword.arg == "code":
            yield from _strings(keyword.value)
    if name in _CALLS:
        for argument in node.args[:2]:
            yield from _strings(argument)
    owner = func.value if isinstance(func, ast.Attribute) else None
    if name == "get" and isinstance(owner, ast.Name) and owner.id.endswith("_CODES"):
        yield from (value for argument in node.args[1:] for value in _strings(argument))


def _node_codes(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Call):
        yield from _call_codes(node)
    elif isinstance(node, ast.FunctionDef) and "problem" in node.name:
        # threads._orphan_problem returns (code, message)
        for inner in ast.walk(node):
            if isinstance(inner, ast.Return) and isinstance(inner.value, ast.Tuple):
                yield from _strings(inner.value.elts[0])
    elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
        names = [target.id for target in node.targets if isinstance(target, ast.Name)]
        if any(name.endswith("_CODES") and name != "PROBLEM_CODES" for name in names):
            for value in node.value.values:
                yield from _strings(value)


def codes_in_source() -> dict[str, set[str]]:
    """Each hyphenated string in a code position, with the modules that record it."""
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for code in _node_codes(node):
                if _CODE.match(code):
                    found.setdefault(code, set()).add(path.relative_to(SOURCE).as_posix())
    return found


def test_the_scan_finds_codes_of_every_kind_of_call() -> None:
    found = codes_in_source()
    # One of each shape: log.add(code=...), xmlsafe's _report, wxr_build's note, a content
    # report, threads' returned tuple, wxr's _NAMESPACE_CODES and its .get default.
    expected = {
        "duplicate-post": "readers/registry.py",
        "stray-lt": "readers/xmlsafe.py",
        "bad-date": "readers/wxr_build.py",
        "unknown-shortcode": "content/handlers.py",
        "comment-cycle": "threads.py",
        "bad-namespace-uri": "readers/wxr.py",
        "xml-namespace": "readers/wxr.py",
        "post-parent-cycle": "hierarchy.py",
    }
    for code, module in expected.items():
        assert module in found.get(code, set()), code
    assert len(found) >= 45


def test_every_problem_code_in_the_source_is_documented() -> None:
    missing = {
        code: sorted(m) for code, m in codes_in_source().items() if code not in PROBLEM_CODES
    }
    assert not missing, f"add these to problem_codes.PROBLEM_CODES and the README: {missing}"


def test_every_documented_code_is_still_used() -> None:
    stale = set(PROBLEM_CODES) - set(codes_in_source())
    assert not stale, f"documented but never recorded: {sorted(stale)}"


def test_every_code_has_a_meaning_and_something_to_do() -> None:
    for code, (meaning, advice) in PROBLEM_CODES.items():
        assert meaning.strip() and advice.strip(), code
        assert not meaning.endswith(".") and not advice.endswith("."), code  # the epilog adds it


def readme_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Exit codes and messages")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_readme_documents_every_code_and_exit_code() -> None:
    section = readme_section()
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (.+?) \|", section, re.MULTILINE))
    assert set(rows) == set(PROBLEM_CODES)
    for exit_code in EXIT_CODES:
        assert re.search(rf"^\| {exit_code} \| ", section, re.MULTILINE), exit_code


def test_convert_help_lists_exit_codes_and_every_problem_code() -> None:
    result = CliRunner().invoke(main, ["convert", "--help"], terminal_width=100)
    assert result.exit_code == 0
    assert "Exit codes:" in result.output
    for exit_code, (meaning, _) in EXIT_CODES.items():
        assert f"  {exit_code}  {meaning}" in result.output
    for code in PROBLEM_CODES:
        assert re.search(rf"^ +{re.escape(code)}: ", result.output, re.MULTILINE), code
