"""Errors wparchive raises. Each message names the file, and the item where there is one,
and says what the user can do; the CLI prints it as it is and exits 1 (see cli.py)."""

from __future__ import annotations


class WparchiveError(Exception):
    """Base of every error wparchive raises on purpose."""


class InputError(WparchiveError):
    """An input file cannot be read at all: missing, truncated, not XML, not WXR, not a page."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Raised in a worker process, it is pickled back with both arguments.
        return (InputError, (self.path, self.reason))


class OutputError(WparchiveError):
    """The output folder cannot be written as asked. The message starts with the path."""


class StrictModeError(WparchiveError):
    """`--strict` was given and the run recorded problems."""


WRITE_ADVICE = "check that the folder is writable and the disk not full, or choose another with -o"


def output_error(path: object, action: str, error: OSError) -> OutputError:
    """An OSError met while writing `path`, as an OutputError naming the file and the cure."""
    reason = error.strerror or type(error).__name__
    return OutputError(f"{path}: cannot {action} ({reason}); {WRITE_ADVICE}")
