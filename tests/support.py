"""Where things are, for the tests: the repository, its fixtures, and ../shared beside it."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"
