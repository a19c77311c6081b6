"""XML attacks in an export: nothing is expanded, loaded or fetched; each is read (with a
problem saying what was ignored) or refused, within a second and a few MB."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_helpers import Measured, item, measure, read, write, wxr

import wparchive

SECRET = "WPARCHIVE-SECRET-7f3a9c"
MAX_SECONDS = 1.0
MAX_GROWTH_MB = 64


@pytest.fixture(scope="module")
def listener() -> Iterator[socket.socket]:
    """A local port that records whether anything tried to fetch from it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


@pytest.fixture(scope="module")
def attack_files(
    tmp_path_factory: pytest.TempPathFactory, listener: socket.socket
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("attacks")
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    return {
        name: write(folder, f"attack{n}.xml", text)
        for n, (name, text) in enumerate(sorted(attacks(folder, url).items()))
    }


@pytest.fixture(scope="module")
def measured(attack_files: dict[str, Path]) -> dict[str, Measured]:
    """Every attack read in one child process (one interpreter start, not eight)."""
    names = sorted(attack_files)
    return dict(zip(names, measure(*(attack_files[n] for n in names)), strict=True))


def nobody_connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def _laughs() -> str:
    levels = ['<!ENTITY lol0 "lol">']
    levels += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return "<!DOCTYPE rss [" + "".join(levels) + "]>\n"


def attacks(tmp: Path, url: str) -> dict[str, str]:
    """Attack name -> export text. `tmp` holds the secret file and a hostile DTD."""
    secret = write(tmp, "secret.txt", SECRET).as_uri()
    dtd = write(tmp, "evil.dtd", f'<!ENTITY xxe SYSTEM "{secret}">').as_uri()
    uses = item(1, "&xxe;", title="&xxe;")
    big = "x" * 100_000
    xinclude = (
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret}" parse="text"/>'
    )
    return {
        "billion laughs": wxr(item(1, "&lol9;", title="&lol9;"), prolog=_laughs()),
        "quadratic blow-up": wxr(
            item(1, "&a;" * 10_000, title="&a;" * 1000),
            prolog=f'<!DOCTYPE rss [<!ENTITY a "{big}">]>\n',
        ),
        "external entity, file": wxr(
            uses, prolog=f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret}">]>'
        ),
        "external entity, /etc/passwd": wxr(
            uses, prolog='<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        ),
        "external entity, http": wxr(
            uses, prolog=f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{url}/xxe">]>'
        ),
        "external DTD, file": wxr(uses, prolog=f'<!DOCTYPE rss SYSTEM "{dtd}">'),
        "external DTD, http": wxr(uses, prolog=f'<!DOCTYPE rss SYSTEM "{url}/evil.dtd">'),
        "parameter entity": wxr(uses, prolog=f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{dtd}"> %p;]>'),
        "XInclude": wxr(item(1, "body", title="t").replace("<title>", xinclude + "<title>")),
    }


EXPECTED_CODE = {
    "billion laughs": "doctype-ignored",
    "quadratic blow-up": "doctype-ignored",
    "external entity, file": "doctype-ignored",
    "external entity, /etc/passwd": "doctype-ignored",
    "external entity, http": "doctype-ignored",
    "external DTD, file": "doctype-ignored",
    "external DTD, http": "doctype-ignored",
    "parameter entity": "doctype-ignored",
    "XInclude": "xinclude-ignored",
}


@pytest.mark.parametrize("attack", sorted(EXPECTED_CODE))
def test_attack_is_ignored_quickly_in_bounded_memory(
    attack: str, measured: dict[str, Measured], listener: socket.socket
) -> None:
    result = measured[attack]

    assert SECRET not in result.text and "root:x:0:0" not in result.text
    assert "lollollol" not in result.text and "x" * 1000 not in result.text
    assert nobody_connected(listener), "the reader fetched a URL"
    assert result.seconds < MAX_SECONDS
    assert result.grown_mb < MAX_GROWTH_MB
    assert result.error is not None or EXPECTED_CODE[attack] in result.codes


def test_all_attacks_together_stay_in_bounded_memory(measured: dict[str, Measured]) -> None:
    assert sum(result.grown_mb for result in measured.values()) < MAX_GROWTH_MB


@pytest.mark.parametrize("attack", sorted(EXPECTED_CODE))
def test_attack_never_reaches_the_output(
    attack: str, attack_files: dict[str, Path], tmp_path: Path, listener: socket.socket
) -> None:
    out = tmp_path / "out"

    try:
        report = wparchive.convert([attack_files[attack]], out)
    except wparchive.WparchiveError:
        report = None

    written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    for file in written:
        assert SECRET not in file.read_text("utf-8", errors="replace"), file
    assert nobody_connected(listener)
    if report is not None:
        assert EXPECTED_CODE[attack] in {problem.code for problem in report.problems}


def test_a_doctype_inside_a_post_is_not_an_attack(tmp_path: Path) -> None:
    body = "<![CDATA[<pre><!DOCTYPE html></pre>]]>"
    outcome = read(write(tmp_path, "fine.xml", wxr(item(1, body))))

    assert outcome.error is None
    assert "<!DOCTYPE html>" in outcome.posts[0].content
    assert "doctype-ignored" not in outcome.codes
