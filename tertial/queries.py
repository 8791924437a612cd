"""Named queries: one .sql file per query in queries/, and the file name is the API.

Values are always bound as parameters ($name in the SQL), never pasted into the text.
The registry is the folder itself, so adding a query means adding a file; a name that
has no file is an error that lists the names that do exist.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from pathlib import Path

import duckdb
import polars as pl

from tertial import QUERIES_DIR
from tertial.db import cursor

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Comments and string literals may mention "$x" without it being a parameter.
_NOT_CODE = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


# run_query reads a result as Arrow from its cursor, which DuckDB warns costs a copy of the
# rows over a relation's own Arrow output. A dashboard's results are small (hundreds of
# rows), and the relation (cur.sql) binds the whole query once more before it runs: 16 %
# more CPU over every named query on Ånge's data, a quarter more for the longest.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result makes an extra copy", category=UserWarning)


class UnknownQuery(KeyError):
    """A query name with no file in queries/."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


class QueryParameterError(ValueError):
    """The parameters given do not match the $names the query's SQL uses."""


def registry(folder: Path = QUERIES_DIR) -> dict[str, Path]:
    """Every named query: name → its .sql file."""
    return {path.stem: path for path in sorted(folder.glob("*.sql")) if _NAME.match(path.stem)}


def query_names(folder: Path = QUERIES_DIR) -> list[str]:
    return list(registry(folder))


def query_path(name: str, folder: Path = QUERIES_DIR) -> Path:
    path = folder / f"{name}.sql"
    # The registry's rule, without listing the folder on every query (a page runs ten).
    if _NAME.match(name) and path.is_file():
        return path
    known = registry(folder)
    raise UnknownQuery(f"No query named {name!r} in {folder}; known queries: {', '.join(known) or '(none)'}.")


def query_text(name: str, folder: Path = QUERIES_DIR) -> str:
    # Read on every call: the files are small, and an edited query takes effect at once.
    return query_path(name, folder).read_text(encoding="utf-8")


def parameters_of(sql: str) -> set[str]:
    """The $names a SQL text binds."""
    return set(_PARAMETER.findall(_NOT_CODE.sub(" ", sql)))


def query_parameters(name: str, folder: Path = QUERIES_DIR) -> set[str]:
    return parameters_of(query_text(name, folder))


def run_query(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: Mapping[str, object] | None = None,
    folder: Path = QUERIES_DIR,
) -> pl.DataFrame:
    """Run a named query with bound parameters and return its rows.

    The query runs on its own cursor, because a connection shared between threads (one
    per Streamlit session) must not run two statements at once; the result is
    materialised before the cursor closes.
    """
    params = dict(params or {})
    sql = query_text(name, folder)
    expected = parameters_of(sql)
    if set(params) != expected:
        missing = sorted(expected - set(params))
        unexpected = sorted(set(params) - expected)
        raise QueryParameterError(
            f"Query {name!r} binds {sorted(expected) or 'no parameters'}"
            + (f"; missing {missing}" if missing else "")
            + (f"; unexpected {unexpected}" if unexpected else "")
            + "."
        )
    with cursor(con) as cur:
        return frame_of(cur, sql, params)


def frame_of(cur: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, object] | None = None) -> pl.DataFrame:
    """The rows of one statement with bound parameters, as the dashboard reads them."""
    cur.execute(sql, dict(params) if params else None)
    return pl.from_arrow(cur.to_arrow_table())
