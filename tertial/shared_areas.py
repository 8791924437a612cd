"""Shared areas: a common set of areas for comparisons across organisations, and each
organisation's placement of its own areas in it. No Streamlit here.

- data/shared_areas.csv (gemensamt område;beskrivning) is a short list of areas that
  municipalities' goals commonly fall under. Users edit it; no code names its areas.
- data/shared_areas/<slug>.csv (område;gemensamt område;motivering) is one organisation's
  file: one row per own area (the areas its reports group goals in: fokusområden,
  målområden …), the shared area empty until someone fills it. <slug> is
  tertial.organisations.organisation_slug of the organisation's name (ange-kommun.csv).

update_shared_areas (python -m tertial shared-areas) writes the file of every
organisation that has none, never over an existing file, and loads the list and every
file into the database in one write transaction (tertial.store.new_version): all or
nothing, every problem named with its file and line. The build loads the files of the
organisations it builds (load_into). A goal is placed in a shared area when its own area's
row names one; the comparison on Översikt counts such goals (queries/
grade_distribution_by_organisation.sql, queries/shared_area_placement.sql).

These files are a different thing from data/crosswalk.csv, which places an organisation's
2024 goals in its own focus areas for its own trends; nothing here reads or changes it.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tertial import SHARED_AREAS_DIR, SHARED_AREAS_PATH
from tertial.organisations import organisation_slug, tidy_name

LIST_COLUMNS = ("gemensamt område", "beskrivning")
PLACEMENT_COLUMNS = ("område", "gemensamt område", "motivering")
DELIMITER = ";"
COMMAND = "python -m tertial shared-areas"


class SharedAreasError(Exception):
    """The list or a placement file cannot be loaded as written: every problem, each with
    its file and line, in Swedish. Nothing was changed."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("Inga gemensamma områden lästes in; inget har ändrats.\n" + "\n".join(self.problems))


@dataclass(frozen=True)
class SharedArea:
    name: str
    description: str
    line: int


@dataclass(frozen=True)
class Placement:
    """One row of an organisation's file: its own area and the shared area it is placed
    in (None: not yet)."""

    organisation_id: int
    area: str
    shared_area: str | None
    reason: str | None
    file_name: str
    line: int


@dataclass(frozen=True)
class OrganisationPlacements:
    """What was loaded for one organisation, for the command's report."""

    organisation: str
    file_name: str | None      # None: the organisation has no file (a build does not write them)
    areas: int                 # its own areas
    placed: int                # of those, placed in a shared area
    unlisted: tuple[str, ...]  # own areas its file does not list (their goals are not placed)
    written: bool = False      # the file was written now, with the shared areas empty


@dataclass(frozen=True)
class LoadResult:
    list_file: str
    shared_areas: list[SharedArea]
    organisations: list[OrganisationPlacements]
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of organisations a build does not hold
    changed: bool = True

    def lines(self, folder_label: str) -> list[str]:
        """What the command says, in Swedish."""
        out = [f"Skrev {folder_label}/{o.file_name} för {o.organisation}: {o.areas} områden, gemensamt område "
               "tomt att fylla i." for o in self.organisations if o.written]
        out.append(f"Gemensamma områden: {len(self.shared_areas)} ({self.list_file}).")
        for organisation in self.organisations:
            if organisation.file_name is None:
                out.append(f"  {organisation.organisation}: ingen fil.")
                continue
            out.append(f"  {organisation.organisation} ({organisation.file_name}): {organisation.placed} av "
                       f"{organisation.areas} områden placerade.")
            if organisation.unlisted:
                out.append(f"    Saknas i filen: {', '.join(organisation.unlisted)} (målen där räknas som ej "
                           "placerade; lägg till en rad per område).")
        return out


def placement_file_name(organisation: str) -> str:
    """The file name of an organisation's placements: 'Ånge kommun' → 'ange-kommun.csv'."""
    return f"{organisation_slug(organisation)}.csv"


def _key(name: str) -> str:
    return tidy_name(name).casefold()


def _csv_rows(path: Path, label: str, columns: Sequence[str], required: int,
              problems: list[str]) -> list[tuple[int, list[str]]]:
    """(line, cells) for each non-empty row after the header; problems with the file or
    its header are added to problems (and no rows are returned)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(f"{label}: filen är inte sparad som UTF-8 (spara den som »CSV UTF-8«).")
        return []
    except OSError as error:
        problems.append(f"{label}: filen kunde inte läsas ({error.strerror}).")
        return []
    reader = csv.reader(io.StringIO(text), delimiter=DELIMITER)
    header = [_key(cell) for cell in next(reader, [])]
    if header[:required] != list(columns[:required]):
        problems.append(f"{label}, rad 1: kolumnerna ska vara {DELIMITER.join(columns)} (semikolonseparerat).")
        return []
    rows = []
    for cells in reader:
        cells = [" ".join(cell.split()) for cell in cells]
        if any(cells):
            rows.append((reader.line_num, cells + [""] * (len(columns) - len(cells))))
    return rows


def read_shared_areas(path: Path, problems: list[str]) -> list[SharedArea]:
    """The list of shared areas; a missing file is an empty list."""
    if not path.exists():
        return []
    areas: list[SharedArea] = []
    seen: dict[str, int] = {}
    for line, cells in _csv_rows(path, path.name, LIST_COLUMNS, 1, problems):
        name, description = cells[0], cells[1]
        if not name:
            problems.append(f"{path.name}, rad {line}: namnet på det gemensamma området saknas.")
        elif _key(name) in seen:
            problems.append(f"{path.name}, rad {line}: »{name}« står redan på rad {seen[_key(name)]}.")
        else:
            seen[_key(name)] = line
            areas.append(SharedArea(name, description, line))
    return areas


def _own_areas(con: duckdb.DuckDBPyConnection) -> dict[int, list[str]]:
    """Each organisation's own areas, by name, in the order its reports first gave them."""
    own: dict[int, list[str]] = {}
    for organisation_id, name in con.execute(
        "SELECT organisation_id, name FROM areas GROUP BY organisation_id, name ORDER BY organisation_id, min(area_id)"
    ).fetchall():
        own.setdefault(organisation_id, []).append(name)
    return own


def _read_placements(path: Path, label: str, organisation_id: int, organisation: str, own: list[str],
                     shared: list[SharedArea], list_name: str, problems: list[str]) -> list[Placement]:
    own_by_key = {_key(name): name for name in own}
    shared_by_key = {_key(area.name): area.name for area in shared}
    placements: list[Placement] = []
    seen: dict[str, int] = {}
    for line, cells in _csv_rows(path, label, PLACEMENT_COLUMNS, 2, problems):
        area, shared_area, reason = cells[0], cells[1], cells[2]
        where = f"{label}, rad {line}"
        if not area:
            problems.append(f"{where}: området saknas (första kolumnen).")
            continue
        known_area = own_by_key.get(_key(area))
        if known_area is None:
            problems.append(f"{where}: »{area}« är inget av organisationens områden ({organisation} har: "
                            f"{', '.join(own) or 'inga områden'}).")
            continue
        if known_area in seen:
            problems.append(f"{where}: området »{known_area}« står redan på rad {seen[known_area]}.")
            continue
        seen[known_area] = line
        known_shared = shared_by_key.get(_key(shared_area)) if shared_area else None
        if shared_area and known_shared is None:
            offered = ", ".join(area.name for area in shared) or "listan är tom eller saknas"
            problems.append(f"{where}: »{shared_area}« är inget gemensamt område i {list_name} (finns: {offered}).")
            continue
        placements.append(Placement(organisation_id, known_area, known_shared, reason or None, path.name, line))
    return placements


def template_text(areas: Sequence[str]) -> str:
    """A new organisation file: its own areas, the shared area and reason empty."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\n")
    writer.writerow(PLACEMENT_COLUMNS)
    for area in areas:
        writer.writerow([area, "", ""])
    return out.getvalue()


def load_into(con: duckdb.DuckDBPyConnection, *, list_path: Path = SHARED_AREAS_PATH,
              folder: Path = SHARED_AREAS_DIR, write_missing: bool = False) -> LoadResult:
    """Read the list and the organisations' files and replace the tables shared_areas and
    shared_area_map with them, in the caller's transaction. Raises SharedAreasError with
    every problem before anything is written.

    write_missing (the command): write the file of every organisation that has none,
    and a file named for no organisation is a problem. Without it (the build), only the
    files of the database's organisations are read and others are skipped."""
    problems: list[str] = []
    shared = read_shared_areas(list_path, problems)
    organisations = dict(con.execute("SELECT organisation_id, name FROM organisations ORDER BY organisation_id")
                         .fetchall())
    own = _own_areas(con)
    by_file: dict[str, list[int]] = {}
    for organisation_id, name in organisations.items():
        by_file.setdefault(placement_file_name(name), []).append(organisation_id)
    files = sorted(path for path in folder.glob("*.csv") if not path.name.startswith(".")) if folder.is_dir() else []
    placements: list[Placement] = []
    listed: dict[int, str] = {}
    skipped: list[str] = []
    for path in files:
        label = f"{folder.name}/{path.name}"
        owners = by_file.get(path.name.lower(), [])
        if not owners:
            if write_missing:
                problems.append(
                    f"{label}: filnamnet är ingen organisations i databasen (filerna heter som organisationen, "
                    + ", ".join(f"{placement_file_name(name)} för {name}" for name in list(organisations.values())[:5])
                    + "). Byt namn på filen eller ta bort den.")
            else:
                skipped.append(path.name)
            continue
        if len(owners) > 1:
            problems.append(f"{label}: filnamnet passar flera organisationer "
                            f"({', '.join(organisations[i] for i in owners)}); byt namn på en av dem.")
            continue
        [organisation_id] = owners
        if organisation_id in listed:
            problems.append(f"{label}: {organisations[organisation_id]} har redan filen {listed[organisation_id]}; "
                            "en organisation har en fil.")
            continue
        listed[organisation_id] = path.name
        placements += _read_placements(path, label, organisation_id, organisations[organisation_id],
                                       own.get(organisation_id, []), shared, list_path.name, problems)
    missing = [i for i in organisations if i not in listed]
    if write_missing:
        for organisation_id in missing:
            owners = by_file[placement_file_name(organisations[organisation_id])]
            if len(owners) > 1 and organisation_id == owners[0]:
                problems.append(
                    f"{folder.name}/{placement_file_name(organisations[organisation_id])}: organisationerna "
                    f"{', '.join(organisations[i] for i in owners)} får samma filnamn; byt namn på en av dem.")
    if problems:
        raise SharedAreasError(problems)

    written: list[Path] = []
    if write_missing and missing:
        folder.mkdir(parents=True, exist_ok=True)
        for organisation_id in missing:
            path = folder / placement_file_name(organisations[organisation_id])
            areas = own.get(organisation_id, [])
            _write_new(path, template_text(areas))
            written.append(path)
            listed[organisation_id] = path.name
            placements += [Placement(organisation_id, area, None, None, path.name, line)
                           for line, area in enumerate(areas, start=2)]

    changed = _store(con, shared, list_path.name, placements)
    summary = []
    for organisation_id, name in organisations.items():
        mine = [p for p in placements if p.organisation_id == organisation_id]
        in_file = {p.area for p in mine}
        summary.append(OrganisationPlacements(
            organisation=name, file_name=listed.get(organisation_id), areas=len(own.get(organisation_id, [])),
            placed=sum(1 for p in mine if p.shared_area),
            unlisted=tuple(area for area in own.get(organisation_id, []) if area not in in_file)
            if organisation_id in listed else (),
            written=any(path.name == listed.get(organisation_id) for path in written),
        ))
    return LoadResult(list_path.name, shared, summary, written, skipped, changed)


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet: never over a file someone may have filled."""
    try:
        with open(path, "x", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
    except FileExistsError:
        raise SharedAreasError([f"{path.name}: filen skapades av någon annan under tiden; kör kommandot igen."]) from None


def _store(con: duckdb.DuckDBPyConnection, shared: list[SharedArea], list_name: str,
           placements: list[Placement]) -> bool:
    """Replace both tables; whether their rows changed."""
    list_rows = [(area.name, area.description or None, position, list_name, area.line)
                 for position, area in enumerate(shared, start=1)]
    map_rows = [(p.organisation_id, p.area, p.shared_area, p.reason, p.file_name, p.line) for p in placements]
    before = (set(con.execute("SELECT * FROM shared_areas").fetchall()),
              set(con.execute("SELECT * FROM shared_area_map").fetchall()))
    if before == (set(list_rows), set(map_rows)):
        return False
    con.execute("DELETE FROM shared_area_map")
    con.execute("DELETE FROM shared_areas")
    if list_rows:
        con.executemany("INSERT INTO shared_areas VALUES (?, ?, ?, ?, ?)", list_rows)
    if map_rows:
        con.executemany("INSERT INTO shared_area_map VALUES (?, ?, ?, ?, ?, ?)", map_rows)
    return True


class _Unchanged(Exception):
    """Leave new_version without a commit: the database already holds exactly this."""

    def __init__(self, result: LoadResult):
        self.result = result


def update_shared_areas(db_path: str | os.PathLike | None = None, *, list_path: Path = SHARED_AREAS_PATH,
                        folder: Path = SHARED_AREAS_DIR) -> LoadResult:
    """The command: write the missing organisation files and load the list and every file,
    as one new version of the database. When the database already holds exactly what the
    files say, it is left as it is (the result says changed=False)."""
    from tertial.store import new_version

    try:
        with new_version(db_path) as con:
            result = load_into(con, list_path=list_path, folder=folder, write_missing=True)
            if not result.changed:
                raise _Unchanged(result)
    except _Unchanged as unchanged:
        return unchanged.result
    return result
