"""Command line: `python -m tertial build | read | import | undo | log | synth | parquet | backup | restore | upgrade |
shared-areas | rapport` (see README)."""

from __future__ import annotations

import argparse
import getpass
import os
import shlex
import sys
from datetime import date
import time
from pathlib import Path

from tertial import CROSSWALK_PATH, MANIFEST_PATH, RAW_DIR, SHARED_AREAS_DIR, SHARED_AREAS_PATH
from tertial.build import BuildError, build_database
from tertial.db import database_path
from tertial.model import ReportReadError
from tertial.readings import read_extracted


def _build(args: argparse.Namespace) -> int:
    target = database_path(args.db)
    started = time.perf_counter()
    try:
        summaries = build_database(
            target, raw_dir=Path(args.raw_dir), manifest_path=Path(args.manifest), crosswalk_path=Path(args.crosswalk),
            shared_areas_path=Path(args.shared_areas), shared_areas_dir=Path(args.shared_areas_folder), force=args.force,
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


def _status_aliases(args: argparse.Namespace) -> dict[str, str]:
    from tertial.status_aliases import parse_alias_argument

    return dict(parse_alias_argument(argument) for argument in args.status_alias or [])


def _read(args: argparse.Namespace) -> int:
    from tertial.extract import ExtractError, extract_text
    from tertial.split_words import add_join_notes
    from tertial.status_aliases import AliasError

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        print(f"{path.name}: filen kunde inte läsas ({error.strerror}).", file=sys.stderr)
        return 1
    try:
        chosen = read_extracted(extract_text(data, path.name), path.name, goal_level=args.goal_level,
                                status_aliases=_status_aliases(args))
    except (ExtractError, ReportReadError, AliasError) as error:
        print(error, file=sys.stderr)
        if isinstance(error, ReportReadError) and error.unknown_statuses:
            print("Ange vad ett okänt statusord betyder med --status-alias 'ORD=STATUS'.", file=sys.stderr)
        return 1
    report, extracted = chosen.report, chosen.extracted
    add_join_notes(report, extracted)
    print(f"{path.name}: {report.title}")
    for note in extracted.notes + chosen.notes:
        print(f"  {note}")
    if chosen.disagreement:
        print(f"  VARNING: filen kan läsas på två sätt som båda lyckas men ger olika resultat: efter {chosen.label} "
              f"(visas här) och efter {chosen.other_label}. Skillnader: {'; '.join(chosen.disagreement)}.")
    print(f"  områden {len(report.areas)}, mål {len(report.goals)} (bedömda {report.goals_graded()}), "
          f"aktiviteter {len(report.activities)}, textavsnitt {len(report.sections)}")
    for goal in report.goals:
        print(f"  {goal.code or '–':8} {goal.level} {goal.grade or 'Ej bedömd':16} {goal.title[:70]}")
    for note in report.notes:
        print(f"  rad {note.line}: [{note.kind}] {note.message}")
    if report.unplaced:
        print(report.unplaced_summary())
        for note in report.unplaced:
            print(f"  rad {note.line}: {note.message}")
    return 0


def _actor(args: argparse.Namespace) -> str:
    return args.user or os.environ.get("TERTIAL_USER") or getpass.getuser()


def _import(args: argparse.Namespace) -> int:
    from tertial.importing import ImportRefused, UnknownStatuses, commit_import, plan_import
    from tertial.status_aliases import AliasError
    from tertial.store import StoreError

    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        print(f"--as-of »{args.as_of}« är inget datum (ÅÅÅÅ-MM-DD).", file=sys.stderr)
        return 2
    try:
        aliases = _status_aliases(args)
    except AliasError as error:
        print(error, file=sys.stderr)
        return 2
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as error:
            print(f"{path.name}: filen kunde inte läsas ({error.strerror}).", file=sys.stderr)
            status = 1
            continue
        try:
            plan = plan_import(data, path.name, db_path=args.db, period=args.period, as_of=as_of,
                               goal_level=args.goal_level, title=args.title, body=args.body, unit=args.unit,
                               status_aliases=aliases, organisation=args.organisation)
            print(plan.summary())
            print(f"  Rapportplats: {plan.slot.label()} (organisation: {plan.organisation_reason}; "
                  f"enhet: {plan.unit_reason}).")
            print(f"  {plan.period_note}")
            if plan.reading:
                print(f"  Läsning: filen lästes efter {plan.reading}.")
            if plan.reading_disagreement:
                print(f"  VARNING: {plan.reading_disagreement_message()}")
            for note in plan.notes:
                print(f"  {note}")
            for alias, lines in plan.aliases_used:
                print(f"  Statusordet »{alias.printed}« läses som {alias.status} ({alias.describe()}), "
                      f"rad {', '.join(map(str, lines))}.")
            for note in plan.report.notes:
                print(f"  rad {note.line}: [{note.kind}] {note.message}")
            if plan.already_loaded:
                print(f"  Samma innehåll som den redan inlästa {plan.already_loaded}: inget att göra.")
                continue
            if plan.same_content_as:
                print(f"  Samma innehåll som den inlästa {plan.same_content_as}, i ett annat format: inget att göra.")
                continue
            if plan.replaces:
                print(f"  Platsen är fylld: ersätter {plan.replaces['file_name']} ({plan.replaces['period']}) "
                      "först när du bekräftar med --replace.")
            if plan.new_organisation and args.organisation:
                print(f"  Ny organisation: {plan.new_organisation} läggs till i databasen med rapporten "
                      "(bekräftad med --organisation).")
            elif plan.new_organisation:
                print(f"  Ny organisation: {plan.new_organisation} finns inte i databasen; den läggs till först när "
                      f"du bekräftar med --organisation {shlex.quote(plan.new_organisation)}.")
            if plan.report.unplaced:
                print(f"  {plan.report.unplaced_summary()}")
                for note in plan.report.unplaced:
                    print(f"    rad {note.line}: {note.message}")
                print("  Läses in först när du bekräftar med --accept-unplaced att inget av det är mål eller "
                      "aktiviteter.")
            for kept in plan.kept_levels:
                print(f"  {kept.message()}")
            if plan.level_differences:
                print(f"  Nivåskillnader mot tidigare rapporter under {plan.period.year}:")
                for difference in plan.level_differences:
                    print(f"    {difference.message()}")
                print("  Läses in med rapportens nivåer (som egna mål på de nivåerna) först när du bekräftar med "
                      "--accept-level-differences.")
            if plan.diff:
                for line in plan.diff.lines():
                    print(f"  {line}")
            if args.dry_run:
                print("  Förhandsgranskning: inget sparades.")
                continue
            # --organisation names the organisation, and for a new one confirms its name.
            result = commit_import(plan, actor=_actor(args), db_path=args.db, confirm_replace=args.replace,
                                   new_organisation=args.organisation, accept_unplaced=args.accept_unplaced,
                                   accept_level_differences=args.accept_level_differences)
            print(f"  {result.message}")
        except UnknownStatuses as error:
            print(error, file=sys.stderr)
            status = 1
        except (ImportRefused, StoreError) as error:
            print(error, file=sys.stderr)
            status = 1
    return status


def _undo(args: argparse.Namespace) -> int:
    from tertial.importing import undo
    from tertial.store import StoreError

    try:
        result = undo(args.change, actor=_actor(args), db_path=args.db)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    print(result.message)
    return 0


def _log(args: argparse.Namespace) -> int:
    from tertial.db import connect

    with connect(database_path(args.db), read_only=True) as con:
        rows = con.execute(
            "SELECT audit_id, changed_at, actor, action, summary, undone_by FROM audit_log ORDER BY audit_id DESC LIMIT ?",
            [args.limit],
        ).fetchall()
    for audit_id, at, actor, action, summary, undone_by in rows:
        undone = f" (ångrad i {undone_by})" if undone_by else ""
        print(f"{audit_id:4}  {at:%Y-%m-%d %H:%M}  {actor:12} {action:10} {summary}{undone}")
    return 0


def _synth(args: argparse.Namespace) -> int:
    from tertial.synth import SynthError, synthesize_database
    from tertial.store import StoreError

    try:
        summary = synthesize_database(args.db, organisations=args.organisations, years=args.years, seed=args.seed,
                                      first_year=args.first_year, actor=_actor(args))
    except (SynthError, StoreError) as error:
        print(error, file=sys.stderr)
        return 1
    counts = summary.row_counts
    print(f"Skapade den syntetiska databasen {summary.path} på {summary.seconds:.1f} s: "
          f"{summary.organisations} organisation{'er' if summary.organisations != 1 else ''}, "
          f"{summary.first_year}–{summary.last_year}, "
          f"{counts['reports']} rapporter, {counts['goals']} mål ({counts['goal_reports']} målrader), "
          f"{counts['activities']} aktiviteter ({counts['activity_reports']} aktivitetsrader).")
    return 0


def _parquet(args: argparse.Namespace) -> int:
    from tertial.parquet_export import ParquetExportError, export_database

    started = time.perf_counter()
    try:
        exported = export_database(database_path(args.db), Path(args.folder))
    except ParquetExportError as error:
        print(error, file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"Exporterade {len(exported)} organisation{'er' if len(exported) != 1 else ''} till {args.folder} "
          f"på {elapsed:.1f} s:")
    for organisation in exported:
        print(f"  {organisation.folder.name}/  {organisation.name}: {organisation.goal_rows} målrader, "
              f"{organisation.activity_rows} aktivitetsrader")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from tertial.backup import BackupError, backup

    started = time.perf_counter()
    try:
        summary = backup(database_path(args.db), Path(args.folder))
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Säkerhetskopierade {database_path(args.db)} till {summary.folder} på {time.perf_counter() - started:.1f} s: "
          f"{len(summary.tables)} tabeller, {sum(summary.tables.values())} rader, {summary.report_files} rapportfiler.")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from tertial.backup import BackupError, restore
    from tertial.store import StoreError

    started = time.perf_counter()
    try:
        summary = restore(Path(args.folder), Path(args.db))
    except (BackupError, StoreError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Återställde {summary.folder} från {args.folder} på {time.perf_counter() - started:.1f} s: "
          f"{len(summary.tables)} tabeller, {sum(summary.tables.values())} rader, {summary.report_files} rapportfiler.")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    import duckdb

    from tertial.store import StoreError, pending_migrations, upgrade

    target = database_path(args.db)
    if not target.exists():
        print(f"Databasen {target} finns inte; bygg den först med »python -m tertial build« eller återställ en "
              "säkerhetskopia.", file=sys.stderr)
        return 1
    try:
        names = pending_migrations(target) if args.check else upgrade(target)
    except (StoreError, duckdb.Error) as error:
        print(f"{target} kunde inte uppdateras ({error}); inget har ändrats.", file=sys.stderr)
        return 1
    if not names:
        print(f"{target} är redan uppdaterad till den här versionen av Tertial; inget ändrades.")
    elif args.check:
        print(f"{target} saknar {len(names)} migrering{'ar' if len(names) != 1 else ''}: {', '.join(names)}.")
    else:
        print(f"Uppdaterade {target} med {len(names)} migrering{'ar' if len(names) != 1 else ''}: {', '.join(names)}.")
    return 0


def _shared_areas(args: argparse.Namespace) -> int:
    from tertial.shared_areas import SharedAreasError, update_shared_areas
    from tertial.store import StoreError

    folder = Path(args.folder)
    target = database_path(args.db)
    try:
        result = update_shared_areas(target, list_path=Path(args.list), folder=folder)
    except (SharedAreasError, StoreError) as error:
        print(error, file=sys.stderr)
        return 1
    for line in result.lines(folder.name):
        print(line)
    print(f"Inläst i {target}." if result.changed else f"{target} har redan precis detta; inget ändrades.")
    return 0


def _report(args: argparse.Namespace) -> int:
    from tertial.db import connect
    from tertial.report import ReportError, ReportRequest, make_report, writer_for
    from tertial.report.case import CaseDetails, CaseError, parse_case_date

    outputs = [Path(name) for name in args.out]
    try:
        for path in outputs:
            writer_for(path.suffix)  # a wrong suffix is told before any work
    except ReportError as error:
        print(f"--out: {error}", file=sys.stderr)
        return 2
    target = database_path(args.db)
    if not target.exists():
        print(f"Databasen {target} finns inte; bygg den med python -m tertial build.", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        case = CaseDetails(diarienummer=args.diarienummer, case_date=parse_case_date(args.datum),
                           handlaggare=args.handlaggare, decided_by=args.beslutande, proposal=args.forslag)
    except CaseError as error:
        print(f"--datum: {error}", file=sys.stderr)
        return 2
    request = ReportRequest(period=args.period, focus_area=args.fokusomrade, organisation=args.organisation,
                            goal_level=args.malniva, case=case)
    try:
        with connect(target, read_only=True) as con:
            # The PDF is made first (the Word file's contents takes its page numbers), and
            # the charts' browser starts before the first query (tertial.report.make_report).
            # The count ends when the files are written; the browser is shut meanwhile
            # and waited for before the command ends.
            made = make_report(con, request, database_name=target.name,
                               suffixes=[path.suffix for path in outputs], wait_for_browser=False)
    except ReportError as error:
        print(error, file=sys.stderr)
        return 1
    document = made.document
    try:
        for path in outputs:
            try:
                path.write_bytes(made.files[path.suffix.lower()])
            except OSError as error:
                print(f"{path}: filen kunde inte skrivas ({error.strerror}).", file=sys.stderr)
                return 1
        elapsed = time.perf_counter() - started
    finally:
        made.wait_for_browser()
    goals = document.goal_count
    print(f"Skrev {', '.join(map(str, outputs))} på {elapsed:.1f} s: {document.cover.organisation}, "
          f"{document.cover.period}, {document.cover.goal_level}"
          + (f", {document.cover.focus_area}" if document.cover.focus_area else "") + f", {goals} mål.")
    if document.chart_note:
        print(document.chart_note, file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tertial", description="Tertial – måluppföljning i DuckDB")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="bygg databasen från data/raw och data/manifest.toml")
    build.add_argument("--db", help="databasfil (standard: data/tertial.duckdb eller $TERTIAL_DB)")
    build.add_argument("--raw-dir", default=str(RAW_DIR), help="mapp med rapporterna (standard: data/raw)")
    build.add_argument("--manifest", default=str(MANIFEST_PATH), help="manifestet (standard: data/manifest.toml)")
    build.add_argument("--crosswalk", default=str(CROSSWALK_PATH), help="korsreferensen (standard: data/crosswalk.csv)")
    build.add_argument("--shared-areas", default=str(SHARED_AREAS_PATH),
                       help="listan över gemensamma områden (standard: data/shared_areas.csv)")
    build.add_argument("--shared-areas-folder", default=str(SHARED_AREAS_DIR),
                       help="mappen med organisationernas filer (standard: data/shared_areas)")
    build.add_argument("--force", action="store_true",
                       help="bygg även om databasen har inlästa rapporter eller rättelser (de tas bort)")
    build.set_defaults(handler=_build)
    read = commands.add_parser("read", help="läs en rapport och visa vad som hittades, utan att spara")
    read.add_argument("file")
    read.add_argument("--goal-level", choices=("KF", "KS"), default="KS")
    read.add_argument("--status-alias", action="append", metavar="ORD=STATUS",
                      help="läs ett statusord utanför vokabulären som en av de sex statusarna (kan upprepas)")
    read.set_defaults(handler=_read)
    importing = commands.add_parser("import", help="läs in rapporter (.txt, .md, .docx, .pdf) i databasen")
    importing.add_argument("files", nargs="+", metavar="FIL")
    importing.add_argument("--period", help="tertialen, ÅÅÅÅ-Tn, när dokumentet inte anger den")
    importing.add_argument("--as-of", help="avstämningsdatum ÅÅÅÅ-MM-DD (standard: periodens sista dag)")
    importing.add_argument("--db", help="databasfil (standard: data/tertial.duckdb eller $TERTIAL_DB)")
    importing.add_argument("--goal-level", choices=("KF", "KS"), default="KS",
                           help="nivån för mål som rapporten inte anger nivå för och som inte redan finns i årets "
                                "mål; ett känt mål behåller sin nivå (standard: KS)")
    importing.add_argument("--title", help="rapportens titel (standard: dokumentets)")
    importing.add_argument("--organisation", metavar="NAMN",
                           help="vilken organisation rapporten gäller (standard: den dokumentet nämner, eller den "
                                "enda); finns den inte i databasen läggs den till med det här namnet")
    importing.add_argument("--body", help="rapporterande organ (standard: det som de flesta rapporter kommer från)")
    importing.add_argument("--unit", help="rapporterande enhet (standard: den dokumentet nämner eller liknar)")
    importing.add_argument("--status-alias", action="append", metavar="ORD=STATUS",
                           help="läs ett statusord som en av de sex statusarna; beslutet sparas för kommunens "
                                "senare rapporter (kan upprepas)")
    importing.add_argument("--replace", action="store_true",
                           help="bekräfta att dokumentet ersätter rapporten som redan fyller samma plats")
    importing.add_argument("--accept-unplaced", action="store_true",
                           help="läs in en rapport som gav inga mål eller aktiviteter trots rubriker eller tabeller "
                                "som liknar sådana (bekräftar att de inte är det)")
    importing.add_argument("--accept-level-differences", action="store_true",
                           help="läs in mål med den nivå (KF/KS) rapporten anger även där samma mål har en annan nivå "
                                "i en tidigare rapport samma år (bekräftar skillnaden)")
    importing.add_argument("--dry-run", action="store_true", help="visa bara vad som skulle ändras")
    importing.add_argument("--user", help="vem som läser in (standard: $TERTIAL_USER eller inloggad användare)")
    importing.set_defaults(handler=_import)
    undoing = commands.add_parser("undo", help="ångra en inläsning eller ersättning")
    undoing.add_argument("change", type=int, metavar="ÄNDRING", help="ändringens nummer i loggen")
    undoing.add_argument("--db")
    undoing.add_argument("--user")
    undoing.set_defaults(handler=_undo)
    log = commands.add_parser("log", help="visa ändringsloggen")
    log.add_argument("--db")
    log.add_argument("--limit", type=int, default=50)
    log.set_defaults(handler=_log)
    synth = commands.add_parser("synth", help="skapa en syntetisk databas för att pröva fart och skala")
    synth.add_argument("--organisations", type=int, required=True, metavar="N", help="antal organisationer")
    synth.add_argument("--years", type=int, required=True, metavar="ÅR", help="antal år, tre tertialer vardera")
    # No default: synthetic data must never land in data/tertial.duckdb or $TERTIAL_DB by accident.
    synth.add_argument("--db", required=True, help="ny databasfil (skriver bara över en tidigare syntetisk)")
    synth.add_argument("--seed", type=int, default=1, help="frö: samma frö ger samma data (standard: 1)")
    synth.add_argument("--first-year", type=int, default=2023, help="första året (standard: 2023)")
    synth.add_argument("--user", help="vem som skapar (standard: $TERTIAL_USER eller inloggad användare)")
    synth.set_defaults(handler=_synth)
    parquet = commands.add_parser("parquet", help="exportera de två vyerna som Parquet, en mapp per organisation")
    parquet.add_argument("folder", metavar="MAPP")
    parquet.add_argument("--db", help="databasfil (standard: data/tertial.duckdb eller $TERTIAL_DB)")
    parquet.set_defaults(handler=_parquet)
    backing_up = commands.add_parser("backup", help="säkerhetskopiera hela databasen till en ny mapp (Parquet och CSV)")
    backing_up.add_argument("folder", metavar="MAPP")
    backing_up.add_argument("--db", help="databasfil (standard: data/tertial.duckdb eller $TERTIAL_DB)")
    backing_up.set_defaults(handler=_backup)
    restoring = commands.add_parser("restore", help="återställ en databas från en säkerhetskopia, till en ny fil")
    restoring.add_argument("folder", metavar="MAPP")
    restoring.add_argument("--db", required=True, help="den nya databasfilen (får inte finnas)")
    restoring.set_defaults(handler=_restore)
    upgrading = commands.add_parser(
        "upgrade", help="ge databasen de migreringar den saknar (efter en uppdatering av Tertial)",
        description="Ger en databasfil som en äldre Tertial skapat de migreringar den saknar, som en ny version av "
                    "filen (som varje skrivning). Appen gör detsamma när den öppnar filen; kör kommandot efter en "
                    "uppdatering för att se resultatet direkt.")
    upgrading.add_argument("--db", help="databasfil (standard: data/tertial.duckdb eller $TERTIAL_DB)")
    upgrading.add_argument("--check", action="store_true", help="visa bara vilka migreringar som saknas")
    upgrading.set_defaults(handler=_upgrade)
    shared = commands.add_parser(
        "shared-areas", help="skriv saknade filer för gemensamma områden och läs in alla i databasen")
    shared.add_argument("--db", help="databasfil (standard: data/tertial.duckdb eller $TERTIAL_DB)")
    shared.add_argument("--folder", default=str(SHARED_AREAS_DIR), metavar="MAPP",
                        help="mappen med en fil per organisation (standard: data/shared_areas)")
    shared.add_argument("--list", default=str(SHARED_AREAS_PATH), metavar="FIL",
                        help="listan över gemensamma områden (standard: data/shared_areas.csv)")
    shared.set_defaults(handler=_shared_areas)
    report = commands.add_parser(
        "rapport", help="skapa tertialrapporten som Word (.docx) eller PDF (.pdf)",
        description="Tertialrapporten för en period: försättsblad, beslutsdel (ärendeuppgifter, förslag till beslut, "
                    "ärendet i korthet, målen och deras bedömning), innehåll, förvaltningens egen text, "
                    "teckenförklaring, sammanfattning med översiktens diagram, avvikelser, förändringar sedan förra "
                    "tertialen, varje mål per fokusområde och en bilaga med källorna.")
    report.add_argument("--period", required=True, help="tertialen, ÅÅÅÅ-Tn, t.ex. 2023-T2")
    report.add_argument("--fokusomrade", metavar="NAMN", help="bara ett av visionens fokusområden")
    report.add_argument("--organisation", metavar="NAMN",
                        help="organisationen (standard: den med flest rapporter i databasen)")
    report.add_argument("--malniva", metavar="KS|KF",
                        help="målnivån (standard som Översikt: KS när perioden har KS-mål, annars KF)")
    report.add_argument("--diarienummer", metavar="DNR", help="ärendets diarienummer, t.ex. \"KS 2024/123\"")
    report.add_argument("--datum", metavar="ÅÅÅÅ-MM-DD", help="beslutsunderlagets datum (standard: i dag)")
    report.add_argument("--handlaggare", metavar="NAMN", help="handläggare som står på beslutsunderlaget")
    report.add_argument("--beslutande", metavar="ORGAN",
                        help="organet som beslutar (standard: Kommunstyrelsen för KS-mål, Kommunfullmäktige för KF)")
    report.add_argument("--forslag", metavar="TEXT",
                        help="förslaget till beslut, en punkt per rad (standard: \"Godkänna redovisning av "
                             "måluppföljning per tertial N ÅÅÅÅ.\")")
    report.add_argument("--db", help="databasfil (standard: data/tertial.duckdb eller $TERTIAL_DB)")
    report.add_argument("--out", required=True, action="append", metavar="FIL",
                        help="filen att skriva, .docx eller .pdf efter ändelsen; ange två gånger för båda "
                             "formaten ur samma rapport")
    report.set_defaults(handler=_report)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("Avbrutet; inget har ändrats.", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - a user sees a Swedish message, never a traceback
        print(f"Oväntat fel ({type(error).__name__}: {error}). Inget har ändrats. Kör med TERTIAL_DEBUG=1 för "
              "detaljer och rapportera felet.", file=sys.stderr)
        if os.environ.get("TERTIAL_DEBUG"):
            raise
        return 1
