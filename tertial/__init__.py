"""Tertial: a municipality's goal follow-up, read from its reports into one DuckDB file."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
MANIFEST_PATH = DATA_DIR / "manifest.toml"
CROSSWALK_PATH = DATA_DIR / "crosswalk.csv"
SHARED_AREAS_PATH = DATA_DIR / "shared_areas.csv"
SHARED_AREAS_DIR = DATA_DIR / "shared_areas"
QUERIES_DIR = PROJECT_ROOT / "queries"
DEFAULT_DB_PATH = DATA_DIR / "tertial.duckdb"
