"""Readers turn one input file into a stream of model objects.

Every reader module has `detect(head: bytes) -> bool`, which sniffs the first bytes of a
file (never its name), and `read(source, log) -> Iterator[Record]`, where `source` is an
`inputs.InputFile` (a path, or a stream with its name, are accepted too). It yields Author,
Term and Post records in document order and the Site last, once the whole channel is known.
`registry.read_all(paths, log)` expands folders and archives, picks a reader per input and
merges several inputs into one site.
Problems go to the ProblemLog; a reader raises InputError only when nothing can be read.
"""

from __future__ import annotations

from wparchive.model import Author, Post, Site, Term

Record = Site | Author | Term | Post

__all__ = ["Record"]
