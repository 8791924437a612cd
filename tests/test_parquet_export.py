"""Per-organisation Parquet exports of the public views, read back through national views
over many organisations' exports, give exactly the database's own rows and figures."""

import duckdb
import pytest

from tertial.cli import main
from tertial.db import connect
from tertial.parquet_export import (
    PUBLIC_VIEWS,
    ParquetExportError,
    export_database,
    national_views,
    organisation_folder,
)
from tertial.synth import synthesize_database


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("national") / "synthetic.duckdb"
    synthesize_database(path, organisations=3, years=1, seed=5)
    return path


def view_rows(con, view, columns):
    return con.execute(f"SELECT {', '.join(columns)} FROM {view} ORDER BY ALL").fetchall()


def assert_same_rows(db_path, export_folder):
    national = duckdb.connect(":memory:")
    national_views(national, export_folder)
    with connect(db_path, read_only=True) as own:
        for view in PUBLIC_VIEWS:
            columns = [row[0] for row in own.execute(f"DESCRIBE {view}").fetchall()]
            assert [row[0] for row in national.execute(f"DESCRIBE {view}").fetchall()] == columns
            expected = view_rows(own, view, columns)
            assert expected and view_rows(national, view, columns) == expected
    return national


def test_national_views_answer_with_the_databases_own_rows(synthetic_db, tmp_path):
    exported = export_database(synthetic_db, tmp_path / "export")
    assert sorted(o.folder.name for o in exported) == [
        "syntetisk-kommun-001", "syntetisk-kommun-002", "syntetisk-kommun-003"]
    for organisation in exported:
        assert sorted(p.name for p in organisation.folder.iterdir()) == [
            "activity_statuses.parquet", "goal_assessments.parquet"]
    national = assert_same_rows(synthetic_db, tmp_path / "export")

    grades_per_organisation = (
        "SELECT organisation, coalesce(grade, 'Ej bedömd'), count(*) FROM goal_assessments "
        "WHERE period = $period GROUP BY ALL ORDER BY ALL"
    )
    with connect(synthetic_db, read_only=True) as own:
        [(period,)] = own.execute("""SELECT period FROM goal_assessments GROUP BY period
                                     ORDER BY count(DISTINCT organisation) DESC, period LIMIT 1""").fetchall()
        expected = own.execute(grades_per_organisation, {"period": period}).fetchall()
    assert {organisation for organisation, _, _ in expected} == {
        "Syntetisk kommun 001", "Syntetisk kommun 002", "Syntetisk kommun 003"}
    assert national.execute(grades_per_organisation, {"period": period}).fetchall() == expected


def test_an_export_again_replaces_the_files_and_keeps_other_organisations(synthetic_db, bundled_db, tmp_path):
    shared = tmp_path / "nationellt"
    export_database(bundled_db, shared)
    export_database(synthetic_db, shared)
    export_database(synthetic_db, shared)
    assert sorted(p.name for p in shared.iterdir()) == [
        "ange-kommun", "syntetisk-kommun-001", "syntetisk-kommun-002", "syntetisk-kommun-003"]
    national = duckdb.connect(":memory:")
    national_views(national, shared)
    counts = dict(national.execute("SELECT organisation, count(*) FROM goal_assessments GROUP BY ALL").fetchall())
    with connect(bundled_db, read_only=True) as own:
        [(ange_goals,)] = own.execute("SELECT count(*) FROM goal_assessments").fetchall()
    assert counts["Ånge kommun"] == ange_goals and len(counts) == 4


def test_the_bundled_database_exports_to_the_same_rows(bundled_db, tmp_path):
    [exported] = export_database(bundled_db, tmp_path / "ange")
    assert (exported.name, exported.folder.name) == ("Ånge kommun", "ange-kommun")
    assert_same_rows(bundled_db, tmp_path / "ange")


def test_folder_names_are_safe_and_keep_the_name_in_the_files():
    assert organisation_folder("Ånge kommun") == "ange-kommun"
    assert organisation_folder("Syntetisk kommun 001") == "syntetisk-kommun-001"
    assert organisation_folder("../Övre/Ort's") == "ovre-ort-s"


def test_national_views_need_exports_and_a_plain_folder(tmp_path):
    with pytest.raises(ParquetExportError, match="ingen export"):
        national_views(duckdb.connect(":memory:"), tmp_path)
    with pytest.raises(ParquetExportError, match="filmönster"):
        national_views(duckdb.connect(":memory:"), tmp_path / "export[1]")


def test_the_command_exports_every_organisation(synthetic_db, tmp_path, capsys):
    assert main(["parquet", str(tmp_path / "ut"), "--db", str(synthetic_db)]) == 0
    assert "Exporterade 3 organisationer" in capsys.readouterr().out
    assert main(["parquet", str(tmp_path / "ut"), "--db", str(tmp_path / "saknas.duckdb")]) == 1
    assert "finns inte" in capsys.readouterr().err
