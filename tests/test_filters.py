"""Filters to and from the URL query string: round trips, unknown and hostile values."""

from tertial.filters import FilterChoices, Filters, from_query_params, to_query_params

CHOICES = FilterChoices(
    periods=["2024-T3", "2024-T1", "2023-T2", "2023-T1"],
    focus_areas=["Hållbar vardag", "Hållbar hälsa", "Hållbar gemenskap", "Hållbar kompetens", "Hållbar natur"],
    units=["HR och Kommunikation", "Fritid Kultur Turism"],
    default_period="2023-T2",
)


def test_no_parameters_give_the_defaults_without_notices():
    filters, notices = from_query_params({}, CHOICES)
    assert filters == Filters(period="2023-T2")
    assert notices == []


def test_round_trip_from_filters_to_url_and_back():
    filters = Filters(
        period="2024-T1", focus_area="Hållbar hälsa", unit="HR och Kommunikation",
        grades=("Ej uppfyllt", "Knappt uppfyllt"), statuses=("Pågående med avvikelse",),
    )
    params = to_query_params(filters, default_period="2023-T2")
    assert params == {
        "period": "2024-T1", "fokusomrade": "Hållbar hälsa", "enhet": "HR och Kommunikation",
        "bedomning": ["Ej uppfyllt", "Knappt uppfyllt"], "status": ["Pågående med avvikelse"],
    }
    again, notices = from_query_params(params, CHOICES)
    assert again == filters and notices == []


def test_default_period_is_left_out_of_the_link():
    assert to_query_params(Filters(period="2023-T2"), default_period="2023-T2") == {}


def test_hand_edited_values_are_matched_ignoring_case_and_commas_split():
    filters, notices = from_query_params({"fokusomrade": "hållbar HÄLSA", "bedomning": "ej uppfyllt,Uppfyllt"}, CHOICES)
    assert filters.focus_area == "Hållbar hälsa"
    assert filters.grades == ("Ej uppfyllt", "Uppfyllt")
    assert notices == []


def test_unknown_values_fall_back_with_a_swedish_notice():
    filters, notices = from_query_params({"period": "2031-T9", "fokusomrade": "Hållbar glädje", "status": ["Klar", "Vänteläge"]}, CHOICES)
    assert filters == Filters(period="2023-T2", statuses=("Vänteläge",))
    assert notices == [
        "Perioden »2031-T9« finns inte i uppgifterna; visar 2023-T2 i stället.",
        "Fokusområdet »Hållbar glädje« finns inte i uppgifterna; visar alla.",
        "Statusen »Klar« finns inte och har hoppats över.",
    ]


def test_hostile_values_are_neither_applied_nor_echoed_as_markup():
    hostile = "<script>alert(1)</script>[klicka](http://x.example)" + "A" * 500
    filters, notices = from_query_params({"enhet": hostile}, CHOICES)
    assert filters.unit is None
    [notice] = notices
    assert "<" not in notice and "](" not in notice and len(notice) < 120
