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


def _fresh_streamlit_caches() -> None:
    # Connections and results are cached per process; each test opens its own database.
    import streamlit as st

    from tertial.webapp import forget_query_results

    st.cache_resource.clear()
    st.cache_data.clear()
    forget_query_results()


@pytest.fixture
def app(bundled_db, monkeypatch):
    """The real app (app.py) through Streamlit's AppTest, on the bundled database."""
    from streamlit.testing.v1 import AppTest

    from tertial import PROJECT_ROOT
    from tertial.db import ENV_DB_PATH

    monkeypatch.setenv(ENV_DB_PATH, str(bundled_db))
    _fresh_streamlit_caches()
    yield AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    _fresh_streamlit_caches()


@pytest.fixture
def db(bundled_db, tmp_path) -> Path:
    """A copy of the bundled database for one test that writes."""
    import shutil

    copy = tmp_path / "tertial.duckdb"
    shutil.copy(bundled_db, copy)
    return copy


@pytest.fixture
def db_copy(app, db, monkeypatch) -> Path:
    """The app (AppTest) working on a copy of the bundled database, which it may write."""
    from tertial.db import ENV_DB_PATH

    monkeypatch.setenv(ENV_DB_PATH, str(db))
    return db


@pytest.fixture
def offered_downloads(monkeypatch) -> dict[str, bytes]:
    """What the app offers for download (st.download_button), file name → bytes, as the
    app hands it to Streamlit's media file manager."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    offered: dict[str, bytes] = {}
    add = MediaFileManager.add

    def record(self, data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if file_name:
            offered[file_name] = data
        return add(self, data, mimetype, coordinates, file_name, is_for_static_download)

    monkeypatch.setattr(MediaFileManager, "add", record)
    return offered
