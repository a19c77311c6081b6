"""Read a WordPress eXtended RSS (WXR) export as a stream of records, in one pass.

lxml's iterparse reports only the record elements (item, wp:author, wp:category, wp:tag,
wp:term, channel); each is turned into a model record and removed from the tree at once,
so memory stays flat however many items the file holds.

A file that is not well-formed is read again through xmlsafe.RepairingStream; records
already yielded are not yielded twice. Where the repairs cannot mend a break, reading goes
on at the next item (wxr_resume): only the item the break is in is lost, and named.
Authors and terms are held back until the first item is complete, so a file from which
no item can be read yields nothing and raises InputError: malformed-simple.xml (truncated
in its only item) and malformed.xml (no <channel>) are rejected, as WordPress's importer
rejects them.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Generator, Iterator
from functools import partial
from typing import Any, BinaryIO

from lxml import etree

from wparchive.errors import InputError
from wparchive.model import Author, Post, Site, Term
from wparchive.problems import ProblemLog
from wparchive.readers import Record
from wparchive.readers.inputs import InputFile, Source, as_input_file
from wparchive.readers.wxr_build import TERM_SHAPES, Builder, key_of
from wparchive.readers.wxr_resume import Break, Part, find_resume, header_channel
from wparchive.readers.xmlsafe import (
    KNOWN_NAMESPACES,
    PARSER_OPTIONS,
    RepairingStream,
    guess_encoding,
    resume_wrapper,
    undeclared_prefixes,
)

HEAD_BYTES = 1024 * 1024
MAX_REPAIRS_PER_CODE = 100
_RECORD_TAGS = ("{*}item", "{*}author", "{*}category", "{*}tag", "{*}term", "{*}channel")
_RECORD_NAMES = frozenset(("item", "author", "category", "tag", "term"))
_WXR_HEAD = re.compile(rb"<rss[\s>].*?wordpress\.org/export/1\.", re.DOTALL)
_VERSION = re.compile(r"^1\.\d+$")
# WordPress never writes a DOCTYPE or XInclude; in an export they are an attack (billion
# laughs, external entities reading local files) or damage. Neither is ever acted on
# (PARSER_OPTIONS); these only make the reader say so.
_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
_XINCLUDE = re.compile(rb"xmlns:[\w.-]+\s*=\s*[\"']http://www\.w3\.org/200[13]/XInclude")
_NAMESPACE_DOMAIN = etree.ErrorDomains.NAMESPACE
_NAMESPACE_CODES = {
    "NS_ERR_UNDEFINED_NAMESPACE": "undeclared-prefix",
    "WAR_NS_URI": "bad-namespace-uri",
}


def detect(head: bytes) -> bool:
    """True when the first bytes look like WXR: an <rss> root and a WordPress export namespace."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return _WXR_HEAD.search(head[:65536]) is not None


def read(source: Source, log: ProblemLog) -> Iterator[Record]:
    """Author, Term and Post records in document order, then the Site."""
    source = as_input_file(source)
    note = _Notes(source.name, log)
    with source.open() as stream:
        head = stream.read(HEAD_BYTES)
    encoding, encoding_problem = guess_encoding(head)
    if encoding_problem:
        note.add("line 1", "bad-encoding", encoding_problem)
    _note_ignored_markup(head, note)
    attempt = _Attempt(source.name, note, skip=0)
    try:
        with source.open() as stream:
            yield from attempt.run(stream, encoding if encoding_problem else None)
        return
    except etree.XMLSyntaxError:
        pass  # not well-formed: read it again through the repairing stream
    try:
        yield from _read_repaired(source, note, head, encoding, attempt.yielded)
    finally:
        note.summarise()


def _note_ignored_markup(head: bytes, note: _Notes) -> None:
    root = head.find(b"<rss")
    # Only the prolog: a post about HTML may hold "<!DOCTYPE html>" in its CDATA.
    if _DOCTYPE.search(head, 0, root if root >= 0 else len(head)):
        note.add(
            "prolog",
            "doctype-ignored",
            "the file declares a DOCTYPE, which WordPress exports never have: no DTD or "
            "external entity was loaded and entity references are kept as written",
        )
    if _XINCLUDE.search(head):
        note.add(
            "file",
            "xinclude-ignored",
            "XInclude elements were kept as plain elements; nothing they name was loaded",
        )


def _read_repaired(
    source: InputFile,
    note: _Notes,
    head: bytes,
    encoding: str,
    yielded: int,
) -> Iterator[Record]:
    """Parse again through the repairing stream, skipping the records already yielded;
    after a break the repairs cannot mend, go on at the next item (wxr_resume)."""
    prefixes = {
        p: KNOWN_NAMESPACES.get(p, f"urn:wparchive:undeclared:{p}")
        for p in undeclared_prefixes(head)
    }
    attempt = _Attempt(source.name, note, skip=yielded)
    # A UTF-16 file's bytes cannot be cut at an ASCII "<item": it is not resumed.
    wrapper = None if encoding.startswith("utf-16") else resume_wrapper(head, prefixes)
    part: Part | None = Part()
    lost: list[str] = []
    while part is not None:
        items_before = attempt.items
        try:
            with source.open() as raw:
                stream = RepairingStream(
                    part.stream(raw),  # type: ignore[arg-type]  # read() is all it uses
                    encoding=encoding,
                    prefixes=prefixes,
                    report=note.line,
                    first_line=part.line,
                )
                yield from attempt.run(stream, None)
            break
        except etree.XMLSyntaxError as error:
            if attempt.header is None:
                attempt.header = _without_records(attempt.channel)
            if attempt.header is None and wrapper is not None:
                attempt.header = header_channel(
                    source, head, partial(_parse_header, encoding, prefixes)
                )
            line = part.file_line(error.lineno)
            if wrapper is None:
                yield from _give_up(source.name, note, attempt, error, line)
                return
            done = attempt.items - items_before
            found = find_resume(source, part, wrapper=wrapper, items_done=done, error_line=line)
            _note_break(note, found, _describe(error))
            lost += [found.lost] if found.lost else []
            part = found.resume
            if part is None:
                yield from _give_up(source.name, note, attempt, error, line, noted=True)
    if lost:
        _note_lost(note, lost)


def _without_records(channel: Any) -> Any:
    """The channel without the record the break cut short: complete records were removed
    as they were read, so any record element left is that one (and what it swallowed)."""
    if channel is not None:
        for child in list(channel):
            if isinstance(child.tag, str) and _local(child.tag) in _RECORD_NAMES:
                channel.remove(child)
    return channel


def _parse_header(encoding: str, prefixes: dict[str, str], data: bytes) -> Any:
    """The channel of the text before the first item, closed by hand; repairs are not
    noted again (the full parse noted them)."""
    stream = RepairingStream(io.BytesIO(data), encoding=encoding, prefixes=prefixes, report=_ignore)
    # Recover mode only here, for the few header fields: nothing is read twice from it.
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    root = etree.parse(stream, parser).getroot()  # type: ignore[arg-type]  # read() suffices
    return None if root is None else root.find("{*}channel")


def _ignore(line: int, code: str, message: str) -> None:
    pass


def _note_break(note: _Notes, found: Break, reason: str) -> None:
    inside = f" inside {found.lost}, which is lost" if found.lost else ""
    if found.resume is not None:
        then = f"reading went on at the next item, line {found.resume.line}"
    else:
        then = "no item follows, so reading stopped here; everything before was kept"
    # Through note.line: a file broken in every item lists 100 breaks, then counts them.
    note.line(
        found.line,
        "xml-error",
        f"the XML breaks here ({reason}){inside}; {then}. "
        f"Mend line {found.line} in a text editor and convert again to get the whole file",
    )


def _note_lost(note: _Notes, lost: list[str]) -> None:
    shown = ", ".join(lost[:10]) + (f" and {len(lost) - 10} more" if len(lost) > 10 else "")
    note.add(
        "file",
        "xml-items-lost",
        f"{len(lost)} of the file's items could not be read, the XML breaking inside them: "
        f"{shown}. The archive lacks them: export the site again, or mend the lines named "
        "in the xml-error problems",
    )


def _give_up(
    name: str,
    note: _Notes,
    attempt: _Attempt,
    failure: etree.XMLSyntaxError,
    line: int,
    *,
    noted: bool = False,
) -> Iterator[Record]:
    """Raise InputError when nothing was read; otherwise keep what was read and say so."""
    reason = _describe(failure)
    channel = attempt.header if attempt.header is not None else attempt.channel
    if attempt.yielded == 0 or channel is None:
        raise InputError(
            name,
            f"not well-formed XML, and no item could be read: {reason} (line {line}). "
            "Check that this is a complete WordPress export (Tools > Export), or mend that line",
        )
    if not noted:
        note.add(
            f"line {line}",
            "xml-error",
            f"the XML breaks here ({reason}); reading stopped and everything before was kept. "
            f"Mend line {line} in a text editor and convert again to get the whole file",
        )
    yield from attempt.pending
    yield attempt.finish(channel)


def _describe(error: etree.XMLSyntaxError) -> str:
    message = str(error.msg if getattr(error, "msg", None) else error).splitlines()[0]
    return re.sub(r"\s*\(<string>, line \d+\)$", "", message)


class _Notes:
    """Problems for one input, each recorded once however many parse attempts see it."""

    def __init__(self, source: str, log: ProblemLog) -> None:
        self.source = source
        self.log = log
        self.seen: set[tuple[str, str, str]] = set()
        self.per_code: Counter[str] = Counter()
        self.held: Counter[str] = Counter()

    def add(self, where: str, code: str, message: str) -> None:
        key = (where, code, message)
        if key not in self.seen:
            self.seen.add(key)
            self.log.add(source=self.source, where=where, code=code, message=message)

    def line(self, line: int, code: str, message: str) -> None:
        """A repair at a line; past MAX_REPAIRS_PER_CODE only counted (one export with a
        bare '&' in every title would otherwise flood the log)."""
        self.per_code[code] += 1
        if self.per_code[code] > MAX_REPAIRS_PER_CODE:
            self.held[code] += 1
        else:
            self.add(f"line {line}", code, message)

    def summarise(self) -> None:
        for code, count in sorted(self.held.items()):
            self.add("file", code, f"{count} more repairs of this kind were not listed one by one")
        self.held.clear()


class _Attempt:
    """One pass over the file. `skip` records were yielded by an earlier pass."""

    def __init__(self, name: str, note: _Notes, *, skip: int) -> None:
        self.name = name
        self.note = note
        self.skip = skip
        self.created = 0
        self.yielded = skip  # records yielded by this reader so far, all passes together
        self.items = 0
        self.pending: list[Record] = []
        self.channel: Any = None
        self.header: Any = None  # the channel before a break: its title, link, version
        self.builder = Builder(name, note.add)

    def run(self, stream: BinaryIO | RepairingStream, encoding: str | None) -> Iterator[Record]:
        etree.clear_error_log()  # lxml's log is per thread and would carry earlier files' errors
        events = etree.iterparse(
            stream, events=("end",), tag=_RECORD_TAGS, encoding=encoding, **PARSER_OPTIONS
        )
        site: Site | None = None
        try:
            for _, element in events:
                if site is None:
                    site = yield from self._handle(element)
        except etree.XMLSyntaxError:
            # Namespace errors (WordPress.com's undeclared atom:) do not stop libxml2; it
            # reports them when the document is closed, after every record was read. Only
            # this parser's own log counts: the exception's is the thread's, which also holds
            # the errors of HTML parsed meanwhile (rendering with --jobs 1 runs in between).
            entries: list[Any] = list(events.error_log)
            if site is None or not _namespace_only(entries):
                raise
            self._note_namespace_errors(entries)
        if site is None:
            raise InputError(
                self.name,
                "no <rss><channel>: not a WordPress export; export the site again in "
                "WordPress (Tools > Export) and give that file",
            )
        yield from self._flush()
        yield site

    def _handle(self, element: Any) -> Generator[Record, None, Site | None]:
        """Yield what the element completes; return the Site when it is the channel."""
        parent = element.getparent()
        if parent is None or _local(parent.tag) != "channel":
            return self.finish(element) if _local(element.tag) == "channel" else None
        self.channel = parent
        record = self._record(element)
        if record is not None:
            element.clear()
            parent.remove(element)
            yield from self._emit(record)
        return None

    def _note_namespace_errors(self, entries: list[Any]) -> None:
        for entry in entries:
            code = _NAMESPACE_CODES.get(entry.type_name, "xml-namespace")
            self.note.line(entry.line, code, f"{entry.message}; element kept")

    def _record(self, element: Any) -> Record | None:
        local = _local(element.tag)
        if local == "item":
            self.items += 1
            return self.builder.post(element, self.items)
        key = key_of(element.tag)
        if key == "wp:author":
            return self.builder.author(element)
        if key in TERM_SHAPES:
            return self.builder.term(element, key)
        return None  # a plugin's element that happens to share a name: kept in Site.extra

    def _emit(self, record: Record) -> Iterator[Record]:
        self.created += 1
        if self.created <= self.skip:
            return
        self.pending.append(record)
        if isinstance(record, Post):
            yield from self._flush()

    def _flush(self) -> Iterator[Record]:
        pending, self.pending = self.pending, []
        for record in pending:
            self.yielded += 1
            yield record

    def finish(self, channel: Any) -> Site:
        if self.header is not None:
            channel = self.header  # a part read after a break is inside a made-up channel
        site, found = self.builder.site(channel, (self.name,))
        if self.created == 0 and not any(key.startswith("wp:") for key in found):
            raise InputError(
                self.name,
                "no WordPress elements: an RSS feed, not a WordPress export (WXR); export "
                "the site in WordPress (Tools > Export) and give that file",
            )
        version = found.get("wp:wxr_version")
        if version is None:
            self.note.add("channel", "wxr-version", "no wp:wxr_version; read as WXR anyway")
        elif not _VERSION.match(version):
            self.note.add("channel", "wxr-version", f"unknown WXR version {version!r}; read anyway")
        return site


def _namespace_only(entries: list[Any]) -> bool:
    return bool(entries) and all(entry.domain == _NAMESPACE_DOMAIN for entry in entries)


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


__all__ = ["Author", "Post", "Site", "Term", "detect", "read"]
