"""Shared test fixtures: where the seed and the corpus are, and the golden-file switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

import markdown_math
from support import SHARED

# Property tests explore a fixed sequence of examples, so a CI run is reproducible: a
# failure found once is found again, and one a run did not meet cannot fail the next.
# To explore new examples locally, run with `--hypothesis-profile=default`.
settings.register_profile("reproducible", derandomize=True)
settings.load_profile("reproducible")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite fixtures/<case>/expected/ from the current output instead of comparing.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repository (the seed and the corpus); skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared (seed and corpus) is not beside the repository")
    return SHARED


markdown_math.register()
