"""The synthetic generator (python -m tertial synth) makes data of the bundled reports'
shape that holds together like a real build, is the same for the same seed, is marked
synthetic, and never overwrites a database holding real reports."""

import duckdb
import pytest
from dbfiles import digest

from tertial.build import build_database
from tertial.cli import main
from tertial.integrity import broken_references
from tertial.synth import SYNTHETIC_KIND, SynthError, synthesize_database
from tertial.vocabulary import GRADES, STATUSES

ORGANISATIONS, YEARS = 3, 2


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "synthetic.duckdb"
    synthesize_database(path, organisations=ORGANISATIONS, years=YEARS, seed=1)
    return path


@pytest.fixture
def con(synthetic_db):
    with duckdb.connect(str(synthetic_db), read_only=True) as connection:
        yield connection


def scalar(con, sql, *params):
    [(value,)] = con.execute(sql, list(params)).fetchall()
    return value


def content(path):
    """Every row of every table, in order; the audit log without the time it was made."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [name for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        return {
            table: con.execute(
                "SELECT * EXCLUDE (changed_at) FROM audit_log ORDER BY ALL" if table == "audit_log"
                else f"SELECT * FROM {table} ORDER BY ALL"
            ).fetchall()
            for table in tables
        }


def test_every_reference_holds_and_each_slot_has_one_report(con):
    assert broken_references(con) == []
    assert con.execute(
        "SELECT organisation_id, body, unit, period_key FROM reports GROUP BY ALL HAVING count(*) > 1").fetchall() == []


def test_the_shape_is_the_requested_one(con):
    assert scalar(con, "SELECT count(*) FROM organisations") == ORGANISATIONS
    assert [name for (name,) in con.execute("SELECT name FROM organisations ORDER BY 1").fetchall()] == [
        "Syntetisk kommun 001", "Syntetisk kommun 002", "Syntetisk kommun 003"]
    # Every tertial from the first to the last year, also those without a report.
    assert [key for (key,) in con.execute("SELECT period_key FROM periods ORDER BY 1").fetchall()] == [
        "2023-T1", "2023-T2", "2023-T3", "2024-T1", "2024-T2", "2024-T3"]
    per_model = [count for (count,) in con.execute(
        "SELECT count(*) FROM goals GROUP BY organisation_id, model_year").fetchall()]
    assert per_model and all(20 <= count <= 152 for count in per_model)  # 20–150, plus up to two economy goals
    assert scalar(con, """SELECT max(n) FROM (SELECT count(*) AS n FROM activity_reports
                          GROUP BY report_id, goal_id)""") <= 10
    assert scalar(con, "SELECT count(*) FROM reports WHERE unit = 'Kommunförvaltningen'") >= ORGANISATIONS * 3
    assert scalar(con, "SELECT count(*) FROM report_files") == scalar(con, "SELECT count(*) FROM reports")


def test_both_goal_models_and_every_goal_in_a_vision_focus_area(con):
    kinds = {kind for (kind,) in con.execute("SELECT DISTINCT kind FROM areas").fetchall()}
    assert {"fokusområde", "målområde"} <= kinds
    assert scalar(con, "SELECT count(*) FROM goal_assessments WHERE vision_focus_area IS NULL") == 0
    sources = {source for (source,) in con.execute(
        "SELECT DISTINCT vision_focus_area_source FROM goal_assessments").fetchall()}
    assert sources == {"rapport", "korsreferens"}
    assert scalar(con, "SELECT count(*) FROM goals WHERE level = 'KS' AND parent_goal_id IS NULL") == 0


def test_only_the_canonical_grades_and_statuses_in_a_realistic_mix(con):
    grades = dict(con.execute("SELECT grade, count(*) FROM goal_reports GROUP BY ALL").fetchall())
    assert set(grades) == {*GRADES, None}  # all four, and Ej bedömd (NULL)
    statuses = {status for (status,) in con.execute("SELECT DISTINCT status FROM activity_reports").fetchall()}
    assert statuses == set(STATUSES)
    assert max(grades.values()) < 0.6 * sum(grades.values())


def test_start_dates_come_before_end_dates(con):
    assert scalar(con, "SELECT count(*) FROM activity_reports WHERE start_date IS NOT NULL AND end_date IS NOT NULL") > 0
    assert scalar(con, "SELECT count(*) FROM activity_reports WHERE start_date > end_date") == 0


def test_every_activity_row_is_under_a_goal_row_of_its_report(con):
    assert scalar(con, """SELECT count(*) FROM activity_reports ar WHERE NOT EXISTS (
        SELECT 1 FROM goal_reports gr WHERE gr.goal_id = ar.goal_id AND gr.report_id = ar.report_id)""") == 0


def test_some_tertials_have_no_report(con):
    missing = con.execute("""SELECT o.organisation_id, p.period_key FROM organisations o CROSS JOIN periods p
        WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.organisation_id = o.organisation_id
                          AND r.period_key = p.period_key)""").fetchall()
    assert {organisation for organisation, _ in missing} == {1, 2, 3}


def test_some_goals_have_no_activities(con):
    assert scalar(con, """SELECT count(*) FROM goal_reports gr WHERE NOT EXISTS (
        SELECT 1 FROM activity_reports ar WHERE ar.goal_id = gr.goal_id AND ar.report_id = gr.report_id)""") > 0
    assert scalar(con, "SELECT count(*) FROM goals g WHERE NOT EXISTS "
                       "(SELECT 1 FROM activity_reports ar WHERE ar.goal_id = g.goal_id)") > 0


def test_end_dates_slip_between_tertials(con):
    slipped = scalar(con, """SELECT count(*) FROM (
        SELECT activity_id, goal_id FROM activity_reports WHERE end_date IS NOT NULL
        GROUP BY ALL HAVING count(DISTINCT end_date) > 1)""")
    assert slipped > 0
    # A date only moves later: the report of a later period never prints an earlier end date.
    assert scalar(con, """SELECT count(*) FROM (
        SELECT ar.end_date < lag(ar.end_date) OVER (PARTITION BY ar.activity_id, ar.goal_id
                                                    ORDER BY r.as_of, r.report_id) AS earlier
        FROM activity_reports ar JOIN reports r USING (report_id)) WHERE earlier""") == 0


def test_marked_synthetic(con):
    assert dict(con.execute("SELECT key, value FROM build_info").fetchall())["synthetic"] == "true"
    assert {kind for (kind,) in con.execute("SELECT DISTINCT kind FROM reports").fetchall()} == {SYNTHETIC_KIND}
    [(action, summary)] = con.execute("SELECT action, summary FROM audit_log").fetchall()
    assert action == "bygge" and summary.startswith("Syntetiska data")


def test_the_same_seed_gives_the_same_database_and_another_seed_another(synthetic_db, tmp_path):
    again, other = tmp_path / "again.duckdb", tmp_path / "other.duckdb"
    synthesize_database(again, organisations=ORGANISATIONS, years=YEARS, seed=1)
    synthesize_database(other, organisations=ORGANISATIONS, years=YEARS, seed=2)
    assert content(again) == content(synthetic_db)
    assert content(other)["goal_reports"] != content(synthetic_db)["goal_reports"]


def test_a_synthetic_database_is_replaced_in_one_rename(tmp_path):
    path = tmp_path / "synthetic.duckdb"
    synthesize_database(path, organisations=1, years=1, seed=1)
    synthesize_database(path, organisations=2, years=1, seed=3)
    with duckdb.connect(str(path), read_only=True) as con:
        assert scalar(con, "SELECT count(*) FROM organisations") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synthetic.duckdb", "synthetic.duckdb.lock"]


def test_refuses_to_write_over_a_database_of_real_reports(tmp_path, capsys):
    bundled = tmp_path / "tertial.duckdb"
    build_database(bundled)
    before = digest(bundled)
    with pytest.raises(SynthError, match="innehåller inte bara syntetiska data"):
        synthesize_database(bundled, organisations=1, years=1)
    assert main(["synth", "--organisations", "1", "--years", "1", "--db", str(bundled)]) == 1
    assert "inte bara syntetiska data" in capsys.readouterr().err
    assert digest(bundled) == before


def test_refuses_to_write_over_a_file_that_is_no_database(tmp_path, capsys):
    other = tmp_path / "anteckningar.duckdb"
    other.write_text("inte en databas")
    assert main(["synth", "--organisations", "1", "--years", "1", "--db", str(other)]) == 1
    assert "ingen Tertial-databas" in capsys.readouterr().err
    assert other.read_text() == "inte en databas"


def test_the_command_needs_a_database_file_and_reports_what_it_made(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["synth", "--organisations", "1", "--years", "1"])  # never data/tertial.duckdb by default
    assert exit_.value.code == 2
    capsys.readouterr()
    assert main(["synth", "--organisations", "1", "--years", "1", "--db", str(tmp_path / "s.duckdb")]) == 0
    assert "Skapade den syntetiska databasen" in capsys.readouterr().out


def test_the_public_tables_keep_their_rows_in_period_order(con):
    # Period first, then organisation (migration 007): DuckDB skips a row group by its
    # smallest and largest value, of a text only the first 8 bytes, which period keys fit
    # and organisation names ("Syntetisk kommun 001", "…002") do not.
    for table in ("goal_assessments", "activity_statuses"):
        stored = con.execute(f"SELECT period, organisation FROM {table} ORDER BY rowid").fetchall()
        assert len({organisation for _, organisation in stored}) > 1
        assert stored == sorted(stored), table


def test_a_database_with_more_public_rows_than_a_row_group_is_written_whole(tmp_path):
    """Issue 21: at 50 organisations × 10 years (127,187 activity rows; 44 was the fewest
    that failed) the generator refused its own database: DuckDB 2.0.0 lost the rows of the
    public tables' refresh from every scan in the transaction that had also made the
    tables (tertial.store.fresh_file), so the check compared empty tables with their views."""
    path = tmp_path / "regional.duckdb"
    summary = synthesize_database(path, organisations=50, years=10, seed=1)
    assert summary.row_counts["activity_reports"] > 122_880  # more than one DuckDB row group
    with duckdb.connect(str(path), read_only=True) as con:
        assert broken_references(con) == []
        for table in ("goal_assessments", "activity_statuses"):
            [(rows, organisations)] = con.execute(f"SELECT count(*), count(DISTINCT organisation) FROM {table}").fetchall()
            assert organisations == 50 and rows == scalar(con, f"SELECT count(*) FROM {table}_computed")
