"""Fixtures for the page and capture readers: the seed files and the HTML corpus."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def seed(shared: Path) -> Path:
    return shared / "seed"


@pytest.fixture(scope="session")
def corpus_html(shared: Path) -> Path:
    return shared / "corpus" / "html"
