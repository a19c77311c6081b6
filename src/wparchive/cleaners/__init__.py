"""Cleaners: small, pure, ordered steps that take site chrome out of rendered HTML."""

from __future__ import annotations

from wparchive.cleaners.html import CLEANERS, clean_html, clean_tree, inner_html

__all__ = ["CLEANERS", "clean_html", "clean_tree", "inner_html"]
