"""The manifest of bundled reports (data/manifest.toml) and the focus-area crosswalk
(data/crosswalk.csv), validated with messages that say what is wrong and where."""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tertial.periods import Period, parse_period
from tertial.vocabulary import STATUSES

_REPORT_KEYS = {
    "file", "title", "body", "unit", "kind", "period", "as_of", "period_note",
    "goal_model_year", "goal_level", "goal_level_note", "status_aliases",
}
_REQUIRED = ("file", "title", "body", "kind", "period", "as_of", "goal_model_year", "goal_level")


class ManifestError(Exception):
    """The manifest or crosswalk cannot be used as written."""


@dataclass(frozen=True)
class ReportEntry:
    file: str
    title: str
    body: str
    unit: str | None
    kind: str
    period: Period
    as_of: date
    period_note: str | None
    goal_model_year: int
    goal_level: str
    status_aliases: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    organisation: str
    reports: list[ReportEntry]


@dataclass(frozen=True)
class CrosswalkRow:
    line: int
    year: int
    goal_title: str
    focus_area: str
    reason: str


def load_manifest(path: Path) -> Manifest:
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"Manifestet {path} saknas.") from None
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{where}: felaktig TOML ({error}).") from None
    organisation = data.get("organisation")
    if not isinstance(organisation, str) or not organisation.strip():
        raise ManifestError(f"{where}: 'organisation' saknas.")
    entries = []
    seen_files: set[str] = set()
    for number, raw in enumerate(data.get("report", []), start=1):
        label = f"{where}, rapport {number}"
        unknown = set(raw) - _REPORT_KEYS
        if unknown:
            raise ManifestError(f"{label}: okända fält {sorted(unknown)}.")
        missing = [key for key in _REQUIRED if key not in raw]
        if missing:
            raise ManifestError(f"{label} ({raw.get('file', '?')}): fält saknas: {', '.join(missing)}.")
        try:
            period = parse_period(str(raw["period"]))
        except ValueError as error:
            raise ManifestError(f"{label} ({raw['file']}): {error}") from None
        as_of = raw["as_of"]
        if not isinstance(as_of, date):
            raise ManifestError(f"{label} ({raw['file']}): as_of måste vara ett datum, t.ex. 2023-08-31.")
        if as_of < period.start:
            raise ManifestError(
                f"{label} ({raw['file']}): avstämningsdatum {as_of} ligger före perioden {period.key} ({period.start})."
            )
        if raw["goal_level"] not in ("KF", "KS"):
            raise ManifestError(f"{label} ({raw['file']}): goal_level måste vara KF eller KS.")
        aliases = dict(raw.get("status_aliases", {}))
        for printed, status in aliases.items():
            if status not in STATUSES:
                raise ManifestError(
                    f"{label} ({raw['file']}): status_aliases »{printed}« pekar på »{status}«, som inte är någon status."
                )
        if raw["file"] in seen_files:
            raise ManifestError(f"{label}: {raw['file']} står två gånger i manifestet.")
        seen_files.add(raw["file"])
        entries.append(
            ReportEntry(
                file=raw["file"], title=raw["title"], body=raw["body"], unit=raw.get("unit"),
                kind=raw["kind"], period=period, as_of=as_of, period_note=raw.get("period_note"),
                goal_model_year=int(raw["goal_model_year"]), goal_level=raw["goal_level"],
                status_aliases=aliases,
            )
        )
    if not entries:
        raise ManifestError(f"{where}: inga rapporter listade.")
    return Manifest(organisation=organisation.strip(), reports=entries)


def load_crosswalk(path: Path) -> list[CrosswalkRow]:
    """Rows of the crosswalk; a missing file is an empty crosswalk."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8-sig")
    dialect = ";" if text.count(";") >= text.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=dialect)
    header = [cell.strip().lower() for cell in next(reader, [])]
    expected = ["år", "mål", "fokusområde", "motivering"]
    if header[:3] != expected[:3]:
        raise ManifestError(f"{path.name}, rad 1: kolumnerna ska vara {';'.join(expected)}.")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = [cell.strip() for cell in cells] + [""] * (4 - len(cells))
        if not cells[0].isdigit():
            raise ManifestError(f"{path.name}, rad {line}: år »{cells[0]}« är inget årtal.")
        if not cells[1] or not cells[2]:
            raise ManifestError(f"{path.name}, rad {line}: mål och fokusområde måste fyllas i.")
        rows.append(CrosswalkRow(line=line, year=int(cells[0]), goal_title=cells[1], focus_area=cells[2], reason=cells[3]))
    return rows
