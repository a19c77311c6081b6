"""Readers turn one input file into a stream of model objects.

Every reader module has `detect(head: bytes) -> bool`, which sniffs the first bytes of a
file (never its name), and `read(path, log) -> Iterator[Record]`, which yields Author, Term
and Post records in document order and the Site last, once the whole channel is known.
Problems go to the ProblemLog; a reader raises InputError only when nothing can be read.
"""

from __future__ import annotations

from wparchive.model import Author, Post, Site, Term

Record = Site | Author | Term | Post

__all__ = ["Record"]
