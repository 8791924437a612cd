"""Shared fixtures: one database built from the bundled reports for the whole run."""

from pathlib import Path

import pytest

from tertial.build import build_database
from tertial.db import connect


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory) -> Path:
    """The database as `python -m tertial build` makes it from data/raw, built once."""
    path = tmp_path_factory.mktemp("bundled") / "tertial.duckdb"
    build_database(path)
    return path


@pytest.fixture
def bundled_con(bundled_db):
    con = connect(bundled_db, read_only=True)
    yield con
    con.close()
