"""Command line: `python -m tertial build [--db PATH]`, `python -m tertial read FILE`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tertial import CROSSWALK_PATH, MANIFEST_PATH, RAW_DIR
from tertial.build import BuildError, build_database, decode_report
from tertial.db import database_path
from tertial.model import ReportReadError
from tertial.reader import read_report


def _build(args: argparse.Namespace) -> int:
    target = database_path(args.db)
    started = time.perf_counter()
    try:
        summaries = build_database(
            target, raw_dir=Path(args.raw_dir), manifest_path=Path(args.manifest), crosswalk_path=Path(args.crosswalk)
        )
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"Byggde {target} på {elapsed:.2f} s:")
    for s in summaries:
        print(
            f"  {s.file}  {s.period}  mål {s.goals} (bedömda {s.graded_goals}), aktiviteter {s.activities}, "
            f"textavsnitt {s.sections}, ej placerade rader {s.unplaced_lines}, noteringar {s.notes}"
        )
    return 0


def _read(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = decode_report(path.read_bytes(), path.name)
        report = read_report(text, path.name, goal_level=args.goal_level)
    except (BuildError, ReportReadError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{path.name}: {report.title}")
    print(f"  områden {len(report.areas)}, mål {len(report.goals)} (bedömda {report.goals_graded()}), "
          f"aktiviteter {len(report.activities)}, textavsnitt {len(report.sections)}")
    for goal in report.goals:
        print(f"  {goal.code or '–':8} {goal.level} {goal.grade or 'Ej bedömd':16} {goal.title[:70]}")
    for note in report.notes:
        print(f"  rad {note.line}: [{note.kind}] {note.message}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tertial", description="Tertial – måluppföljning i DuckDB")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="bygg databasen från data/raw och data/manifest.toml")
    build.add_argument("--db", help="databasfil (standard: data/tertial.duckdb eller $TERTIAL_DB)")
    build.add_argument("--raw-dir", default=str(RAW_DIR), help="mapp med rapporterna (standard: data/raw)")
    build.add_argument("--manifest", default=str(MANIFEST_PATH), help="manifestet (standard: data/manifest.toml)")
    build.add_argument("--crosswalk", default=str(CROSSWALK_PATH), help="korsreferensen (standard: data/crosswalk.csv)")
    build.set_defaults(handler=_build)
    read = commands.add_parser("read", help="läs en rapport och visa vad som hittades, utan att spara")
    read.add_argument("file")
    read.add_argument("--goal-level", choices=("KF", "KS"), default="KS")
    read.set_defaults(handler=_read)
    args = parser.parse_args(argv)
    return args.handler(args)
