"""What a page makes from a query's rows (tertial.webapp.made_from) is made once per rows:
the same query, parameters and data version give the same object without building it
again; a new data version builds it anew."""

from tertial import db
from tertial.queries import run_query
from tertial.webapp import made_from, rows_of


def test_a_part_is_made_once_per_rows_and_again_for_a_new_data_version(bundled_db):
    made = []

    def count_periods(frame, label):
        made.append(label)
        return {"periods": frame.height, "label": label}

    identity = ("periods", (("organisation", "Ånge kommun"),), str(bundled_db), db.data_version(bundled_db))
    first = made_from(count_periods, identity, "KS")
    assert made_from(count_periods, identity, "KS") is first and made == ["KS"]
    with db.connect(bundled_db) as con:
        assert first["periods"] == run_query(con, "periods", {"organisation": "Ånge kommun"}).height == rows_of(identity).height
    made_from(count_periods, identity, "KF")
    newer = identity[:3] + ("a later version",)
    assert made_from(count_periods, newer, "KS") is not first
    assert made == ["KS", "KF", "KS"]
