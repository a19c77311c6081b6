"""Errors wparchive raises. Each message reads well to a user and says what they can do."""

from __future__ import annotations


class WparchiveError(Exception):
    """Base of every error wparchive raises on purpose."""


class InputError(WparchiveError):
    """An input file cannot be read at all: missing, truncated, not XML, not WXR, not a page."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class OutputError(WparchiveError):
    """The output folder cannot be written as asked."""


class StrictModeError(WparchiveError):
    """`--strict` was given and the run recorded problems."""
