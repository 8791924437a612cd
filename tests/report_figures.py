"""What a person reads off a report, and the comparisons the document tests share.

- READ_OFF: what a person counts in each of Ånge's bundled reports with goals.
- GOAL_ROWS / ACTIVITY_ROWS: the view columns a person compares between two files of one
  report.
- written_figure_differences: a read report against the figures a person wrote down by
  hand beside its text (NAME.expected.json), as a list of problems (empty when equal).
"""

from __future__ import annotations

from tertial.extract import detect_organisation, detect_period

# Goals, graded goals and activity rows, counted by hand in each report.
READ_OFF = {
    "000_4224aef9546bb394.txt": (15, 0, 0),
    "001_2318b0fccc3d977e.txt": (36, 21, 57),
    "002_b08c0454ff5f1aaf.txt": (20, 0, 34),
}

# Texts with whitespace normalised (Word, PDF and text differ in line breaks and runs of
# spaces only). Source lines are left out: they are the lines of each file's own text.
GOAL_ROWS = """
    SELECT period, as_of, goal_code, goal_title, goal_level, focus_area, vision_focus_area, grade,
           regexp_replace(trim(coalesce(comment, '')), '\\s+', ' ', 'g'), parent_goal_title,
           reporting_body, reporting_unit
    FROM goal_assessments ORDER BY ALL"""
ACTIVITY_ROWS = """
    SELECT period, goal_code, goal_title, activity_title, status, start_date, end_date, responsible_unit,
           regexp_replace(trim(coalesce(comment, '')), '\\s+', ' ', 'g'),
           regexp_replace(trim(coalesce(description, '')), '\\s+', ' ', 'g'), overdue, reporting_unit
    FROM activity_statuses ORDER BY ALL"""


def goals_as_written(report) -> list[dict]:
    """The report's goals in the shape of an .expected.json's "goals" list."""
    read = []
    for index, goal in enumerate(report.goals):
        activities = [[a.title, a.status, a.end_date.isoformat() if a.end_date else None, a.responsible_unit]
                      for a in report.activities if a.goal == index]
        read.append({"code": goal.code, "level": goal.level, "grade": goal.grade, "area": goal.area,
                     "activities": activities})
    return read


def written_figure_differences(text: str, report, expected: dict) -> list[str]:
    """Every way the report read from `text` falls short of the figures written down,
    first difference per kind; lines left unplaced count as a difference too."""
    problems = []
    hint = detect_period(text)
    compared = [
        ("title", report.title, expected["title"]),
        ("organisation", detect_organisation(text), expected["organisation"]),
        ("period", (hint.period, hint.as_of.isoformat()) if hint else None, (expected["period"], expected["as_of"])),
        ("areas", [area.name for area in report.areas], expected["areas"]),
    ]
    for what, got, wanted in compared:
        if got != wanted:
            problems.append(f"{what} {got!r}, not {wanted!r}")
    read = goals_as_written(report)
    if read != expected["goals"]:
        if len(read) != len(expected["goals"]):
            problems.append(f"{len(read)} goals read, {len(expected['goals'])} written down")
        for got, wanted in zip(read, expected["goals"]):
            if got != wanted:
                problems.append(f"goal {wanted['code']}: read {_goal_difference(got, wanted)}")
                break
    if report.unplaced:
        problems.append(f"{len(report.unplaced)} lines unplaced, first: {report.unplaced[0]}")
    return problems


def _goal_difference(got: dict, wanted: dict) -> str:
    for key in ("code", "level", "grade", "area"):
        if got[key] != wanted[key]:
            return f"{key} {got[key]!r}, written {wanted[key]!r}"
    for a, b in zip(got["activities"], wanted["activities"]):
        if a != b:
            return f"activity {a}, written {b}"
    return f"{len(got['activities'])} activities, written {len(wanted['activities'])}"
