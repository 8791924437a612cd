"""Synthetic follow-up data at any scale, for trying Tertial's speed with many organisations.

`python -m tertial synth --organisations N --years Y --db PATH` writes a new database with
N made-up organisations ("Syntetisk kommun 001", …) × Y years × three tertials, shaped like
Ånge's bundled reports: goal models of 20–150 goals (KF goals with KS goals under them) in
fokusområden (the 2023 model) or målområden placed in the vision's focus areas through the
crosswalk (the 2024 model); 0–10 activities under a goal, whose statuses move on and whose
end dates slip from tertial to tertial; grades with gaps (Ej bedömd); tertials without a
report; now and then a unit's own report beside the administration's.

The data is marked as such (build_info synthetic = true, report kind "Syntetisk rapport"),
and the generator refuses to replace a file that holds anything else. The same seed gives
the same content. Rows are made in plain Python, a batch of organisations at a time, and
inserted in bulk from polars DataFrames: row-by-row inserts would take hours at national
scale (290 municipalities × 10 years).
"""

from __future__ import annotations

import hashlib
import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl

from tertial.audit import record_change
from tertial.db import connect
from tertial.periods import Period, periods_between
from tertial.slugs import slug
from tertial.store import fresh_file
from tertial.vocabulary import GRADE_SYMBOLS, GRADES

SYNTHETIC_KIND = "Syntetisk rapport"
BODY = "Kommunstyrelsen"
MAIN_UNIT = "Kommunförvaltningen"
CROSSWALK_SOURCE = "syntetisk korsreferens"

FOKUSOMRADE, MALOMRADE, VERKSAMHETSMAL = "fokusområde", "målområde", "verksamhetsmål"

# How often things happen, read off the bundled reports where they say anything.
MISSING_TERTIAL_SHARE = 0.08      # a tertial without any report from the organisation
UNIT_REPORT_SHARE = 0.12          # a unit's own report beside the administration's
START_DATE_SHARE = 0.4            # Ånge: 34 of 91 activity rows print a start date
END_DATE_SHARE = 0.95
RESPONSIBLE_UNIT_SHARE = 0.35     # Ånge: 23 of 91
DESCRIPTION_SHARE = 0.35          # Ånge: 33 of 91
SHARED_ACTIVITY_SHARE = 0.03      # the same activity serving a second goal
END_DATE_SLIP_SHARE = 0.12        # an unfinished activity's end date moved since last tertial
BATCH_ORGANISATIONS = 12          # organisations generated before one bulk insert

# Activities under a goal that carries them (a KS goal, or a KF goal without KS goals):
# 0–10, most goals a few, some none. Mean about 2.6; Ånge's T2 2023 report has 1.6 per goal row.
ACTIVITY_COUNT_WEIGHTS = (22, 18, 16, 12, 9, 7, 5, 4, 3, 2, 2)
KS_GOALS_PER_KF_WEIGHTS = (15, 20, 25, 20, 12, 8)   # 0–5 KS goals under a KF goal
GRADE_TENDENCY_WEIGHTS = (20, 35, 20, 25)           # in the order of GRADES

VISION_FOCUS_AREAS = (
    "Hållbar vardag", "Hållbar hälsa", "Hållbar gemenskap", "Hållbar kompetens", "Hållbar natur",
    "Trygg uppväxt", "Attraktiv kommun", "Livslångt lärande", "Starkt näringsliv", "Klimat och miljö",
)
GOAL_AREAS = (
    "Barn och unga", "Vuxna", "Äldre +65", "Tillväxt", "Trygghet", "Livsmiljö",
    "Utbildning och arbete", "Hälsa och omsorg",
)
ECONOMY_AREA = "God ekonomisk hushållning"
ECONOMY_GOALS = (
    "Sjukfrånvaron ska minska",
    "Resultatet ska uppgå till minst två procent av skatteintäkter och generella statsbidrag",
    "Nettokostnadsavvikelsen ska minska",
)
UNITS = (
    "Stab", "Socialtjänsten", "Barn och utbildning", "Samhällsbyggnad", "Kultur och fritid",
    "Arbetsmarknad", "HR och kommunikation", "Ekonomi",
)

# (subject, whether more is better)
_MEASURED_SUBJECTS = (
    ("Andelen elever i årskurs 9 som är behöriga till gymnasiet", True),
    ("Sjukfrånvaron bland kommunens medarbetare", False),
    ("Antalet nya bostäder", True),
    ("Andelen invånare som är nöjda med kommunens service", True),
    ("Antalet arbetstillfällen i kommunen", True),
    ("Andelen förnybar energi i kommunens verksamheter", True),
    ("Ungdomsarbetslösheten", False),
    ("Andelen äldre som känner sig trygga med hemtjänsten", True),
    ("Kostnaden för ekonomiskt bistånd per invånare", False),
    ("Antalet besök på bibliotek och fritidsgårdar", True),
    ("Andelen ekologiska livsmedel i måltidsverksamheten", True),
    ("Koldioxidutsläppen från kommunens fordon", False),
    ("Antalet företag som startas i kommunen", True),
    ("Andelen fastigheter med fiberanslutning", True),
    ("Väntetiden till särskilt boende", False),
    ("Andelen medarbetare som rekommenderar kommunen som arbetsgivare", True),
    ("Antalet deltagare i föreningslivets aktiviteter", True),
    ("Andelen gymnasieelever som tar examen inom fyra år", True),
    ("Antalet hektar detaljplanerad industrimark", True),
    ("Andelen ärenden som handläggs inom lagstadgad tid", True),
    ("Invånarnas upplevda trygghet i centralorten", True),
    ("Antalet besökare till kommunens besöksmål", True),
    ("Andelen vuxna som är fysiskt aktiva", True),
    ("Matsvinnet i kommunens kök", False),
    ("Andelen hushållsavfall som återvinns", True),
    ("Antalet utbildningsplatser inom eftergymnasial utbildning", True),
    ("Andelen nyanlända i arbete eller studier", True),
    ("Nettokostnadsavvikelsen inom äldreomsorgen", False),
    ("Antalet anmälda fall av hot och våld mot medarbetare", False),
    ("Andelen barn som deltar i kulturskolans verksamhet", True),
)
_MORE_IS_BETTER = ("ska öka", "ska öka under mandatperioden", "ska nå rikssnittet eller bättre",
                   "ska öka med minst fem procent", "ska förbättras jämfört med föregående år")
_LESS_IS_BETTER = ("ska minska", "ska minska under mandatperioden", "ska ligga under rikssnittet",
                   "ska minska med minst tio procent", "ska minska jämfört med föregående år")
_DEVELOPMENT_VERBS = ("Utveckla", "Stärka", "Förbättra", "Skapa förutsättningar för", "Arbeta aktivt med")
_DEVELOPMENT_TOPICS = (
    "samverkan med civilsamhället", "det förebyggande arbetet mot våld i nära relation",
    "kommunens digitala service", "näringslivsklimatet", "fritids- och kulturlivet på landsbygden",
    "mötesplatser för unga", "det hälsofrämjande arbetet på arbetsplatserna", "kollektivtrafiken mellan orterna",
    "medborgardialogen", "jämställdhetsarbetet", "kompetensförsörjningen i välfärden",
    "klimatanpassningen av kommunens fastigheter", "integrationen av nyanlända", "tryggheten i offentliga miljöer",
    "besöksnäringen", "den nära vården tillsammans med regionen", "elevhälsans arbete",
    "bostadsbyggandet i kommunens orter", "det lokala företagandet", "omställningen till en fossilfri fordonsflotta",
)
GOAL_TITLES = tuple(
    [f"{subject} {verb}." for subject, more in _MEASURED_SUBJECTS
     for verb in (_MORE_IS_BETTER if more else _LESS_IS_BETTER)]
    + [f"{verb} {topic}." for verb in _DEVELOPMENT_VERBS for topic in _DEVELOPMENT_TOPICS]
)

_ACTIVITY_ACTIONS = ("Genomföra", "Ta fram", "Utbildningsinsats om", "Kartlägga", "Upphandla", "Utvärdera",
                     "Pilotprojekt för", "Revidera")
_ACTIVITY_OBJECTS = (
    "medarbetarenkät", "trygghetsvandringar", "digital tillgänglighet", "rutiner för systematiskt kvalitetsarbete",
    "språkombud i förskolan", "friskvårdsbidrag", "energieffektivisering av skolor",
    "samverkansavtal med föreningslivet", "lokal näringslivsstrategi", "fiberutbyggnad på landsbygden",
    "hälsofrämjande ledarskap", "feriearbete för ungdomar", "sommarlovsaktiviteter", "lärmiljöer",
    "mötesplatser för äldre", "översiktsplan", "matsvinnsmätning", "avfallsplan", "rekryteringskampanj",
    "e-tjänster för bygglov", "kompetensförsörjningsplan", "våldsförebyggande arbete", "utemiljö vid skolor",
    "kulturskola", "drogförebyggande insatser",
)
ACTIVITY_TITLES = tuple(f"{action} {subject}" for action in _ACTIVITY_ACTIONS for subject in _ACTIVITY_OBJECTS)

_GOAL_SENTENCES = (
    "Arbetet har fortsatt enligt plan under perioden.",
    "Flera aktiviteter har påbörjats men effekten syns ännu inte i utfallet.",
    "Utfallet följs upp i samband med delårsrapporten.",
    "Målet bedöms utifrån de indikatorer som kommunfullmäktige har beslutat.",
    "Statistiken för helåret publiceras först under våren, därför bygger bedömningen på en prognos.",
    "Samverkan med föreningslivet och civilsamhället har stärkts.",
    "Personalomsättningen inom verksamheten har påverkat takten i arbetet.",
    "En handlingsplan har tagits fram och förankrats i ledningsgruppen.",
    "Resultatet är bättre än föregående år men når ännu inte målnivån.",
    "Arbetet har försenats på grund av vakanser och prioriteringar i budgeten.",
    "Dialog har förts med berörda förvaltningar och med regionen.",
    "Medborgardialoger har genomförts på flera orter i kommunen.",
    "Insatserna riktas framför allt mot barn och unga.",
    "Nyckeltalen visar en positiv utveckling jämfört med rikssnittet.",
    "Kostnaderna ligger inom budgetram.",
    "Ett nytt uppföljningsstöd har införts för att underlätta rapporteringen.",
    "Verksamheten har anpassat arbetssätt efter de synpunkter som kommit in.",
    "Arbetet fortsätter under nästa tertial med fokus på genomförande.",
    "Det är för tidigt att bedöma måluppfyllelsen fullt ut.",
    "Några delmål är uppnådda medan andra kräver fortsatta insatser.",
    "Målet har inte kunnat prioriteras fullt ut under perioden.",
    "Uppföljningen visar skillnader mellan kommunens orter som behöver analyseras vidare.",
    "Ett gemensamt projekt med högskolan har planerats och startar under hösten.",
    "Den nationella statistiken är ännu inte publicerad, därför bedöms målet utifrån egen mätning.",
)
_GOAL_NUMBER_SENTENCES = (
    "Andelen ligger nu på {a} procent, jämfört med {b} procent föregående år.",
    "Under perioden har {a} personer deltagit i insatserna.",
    "Utfallet uppgår till {a} av planerade {b}.",
)
_ACTIVITY_SENTENCES = (
    "Pågår enligt tidplan.",
    "Upphandlingen är avslutad och arbetet har startat.",
    "Starten har skjutits fram till hösten.",
    "Aktiviteten är genomförd och utvärderad.",
    "Väntar på beslut i kommunstyrelsen.",
    "Resurser saknas för att starta aktiviteten under året.",
    "Ny personal utbildas från höstterminen.",
    "Projektgruppen har haft sina första möten.",
    "Arbetet sker tillsammans med föreningslivet.",
    "En delrapport har lämnats till ledningsgruppen.",
    "Tidplanen har reviderats efter att en nyckelperson slutat.",
    "Aktiviteten samordnas med regionens motsvarande arbete.",
    "Genomförs i samverkan med skolorna i kommunens alla orter.",
    "Finansiering söks via externa projektmedel.",
    "Utvärdering planeras efter avslutad period.",
    "Deltagandet har varit lägre än väntat.",
)
_ACTIVITY_NUMBER_SENTENCES = (
    "Hittills har {a} av {b} planerade tillfällen genomförts.",
    "{a} medarbetare har gått utbildningen.",
)

_STATUS_SYMBOLS_AS_PRINTED = {
    "Avslutad enligt plan": "✓", "Avslutad med avvikelse": "✓", "Pågående enligt plan": "▶",
    "Pågående med avvikelse": "▶", "Vänteläge": "⏸", "Ej påbörjad": "■",
}
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

# Where the tables are bulk-inserted from DataFrames: each column and its polars type.
# Dates travel as days since 1970 (cheap integer arithmetic for slipping end dates).
_I, _S, _D, _B = pl.Int32, pl.String, "date", pl.Binary
TABLE_COLUMNS: dict[str, tuple[tuple[str, object], ...]] = {
    "organisations": (("organisation_id", _I), ("name", _S)),
    "reports": (("report_id", _I), ("organisation_id", _I), ("file_name", _S), ("content_sha256", _S),
                ("title", _S), ("body", _S), ("unit", _S), ("kind", _S), ("period_key", _S), ("as_of", _D),
                ("period_note", _S), ("goal_model_year", _I), ("line_count", _I)),
    "areas": (("area_id", _I), ("organisation_id", _I), ("model_year", _I), ("kind", _S), ("name", _S)),
    "goals": (("goal_id", _I), ("organisation_id", _I), ("model_year", _I), ("level", _S), ("title", _S),
              ("parent_goal_id", _I), ("area_id", _I)),
    "focus_area_crosswalk": (("goal_id", _I), ("area_id", _I), ("reason", _S), ("source_file", _S),
                             ("source_line", _I)),
    "goal_reports": (("goal_id", _I), ("report_id", _I), ("goal_code", _S), ("title_as_printed", _S),
                     ("source_line", _I), ("grade", _S), ("grade_as_printed", _S), ("grade_line", _I),
                     ("comment", _S)),
    "activities": (("activity_id", _I), ("organisation_id", _I), ("title", _S)),
    "activity_reports": (("activity_id", _I), ("goal_id", _I), ("report_id", _I), ("title_as_printed", _S),
                         ("source_line", _I), ("status", _S), ("status_as_printed", _S), ("start_date", _D),
                         ("end_date", _D), ("responsible_unit", _S), ("description", _S), ("comment", _S)),
    "report_sections": (("report_id", _I), ("position", _I), ("heading", _S), ("text", _S), ("source_line", _I)),
    "report_files": (("report_id", _I), ("file_name", _S), ("content", _B), ("period_key", _S), ("as_of", _D),
                     ("goal_level", _S), ("status_aliases", _S)),
}


class SynthError(Exception):
    """Synthetic data cannot be written where asked; the message says why, in Swedish."""


@dataclass(frozen=True)
class SynthSummary:
    path: Path
    organisations: int
    first_year: int
    last_year: int
    seconds: float
    row_counts: dict[str, int]


@dataclass(slots=True)
class _Goal:
    goal_id: int
    level: str
    title: str
    area_id: int
    parent: _Goal | None
    grade_tendency: int
    children: list[_Goal] = field(default_factory=list)
    last_grade: int | None = None    # index into GRADES of the latest grade given


@dataclass(slots=True)
class _Assignment:
    """One activity under one goal, followed from tertial to tertial."""
    activity_id: int
    title: str
    goal: _Goal
    first_year: int
    start: int                       # days since 1970
    end: int                         # as planned now; slips
    prints_start: bool
    prints_end: bool
    responsible_unit: str | None
    description: str | None
    status: str | None = None
    comment: str | None = None
    finished_year: int | None = None


@dataclass(slots=True)
class _Model:
    year: int
    kf_goals: list[_Goal]
    assignments: list[_Assignment]


class _Rows:
    """Rows of every table for a batch of organisations, and fresh ids across batches."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple]] = {table: [] for table in TABLE_COLUMNS}
        self.next_id = {"organisations": 1, "reports": 1, "areas": 1, "goals": 1, "activities": 1}
        self.totals: dict[str, int] = {table: 0 for table in TABLE_COLUMNS}

    def new_id(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table] - 1

    def add(self, table: str, row: tuple) -> None:
        self.tables[table].append(row)

    def insert_into(self, con: duckdb.DuckDBPyConnection) -> None:
        """Bulk-insert the batch and start the next one empty."""
        for table, rows in self.tables.items():
            if not rows:
                continue
            frame = _frame(table, rows)
            columns = ", ".join(name for name, _ in TABLE_COLUMNS[table])
            con.register("synthetic_batch", frame)
            try:
                con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM synthetic_batch")
            finally:
                con.unregister("synthetic_batch")
            self.totals[table] += len(rows)
            rows.clear()


def _frame(table: str, rows: list[tuple]) -> pl.DataFrame:
    series = []
    for (name, kind), values in zip(TABLE_COLUMNS[table], zip(*rows)):
        if kind == "date":
            series.append(pl.Series(name, values, dtype=pl.Int32).cast(pl.Date))
        else:
            series.append(pl.Series(name, values, dtype=kind))
    return pl.DataFrame(series)


def _days(day: date) -> int:
    return day.toordinal() - _EPOCH_ORDINAL


def _text(rng: random.Random, sentences: tuple[str, ...], numbered: tuple[str, ...], low: int, high: int) -> str:
    """Swedish-looking filler of low–high sentences, in paragraphs like the reports'."""
    count = rng.randint(low, high)
    chosen = rng.sample(sentences, count)
    if rng.random() < 0.35:
        a = rng.randint(3, 95)
        chosen[rng.randrange(count)] = rng.choice(numbered).format(a=a, b=a + rng.randint(1, 40))
    if count > 3:
        middle = count // 2
        return " ".join(chosen[:middle]) + "\n\n" + " ".join(chosen[middle:])
    return " ".join(chosen)


class _Organisation:
    """One made-up organisation: its goal models, activities and reports, in period order."""

    def __init__(self, rows: _Rows, number: int, name: str, years: list[int], seed: int):
        # Seeded per organisation, so that organisation 7 is the same whatever N is.
        self.rng = random.Random(f"tertial-synth:{seed}:{number}")
        self.rows = rows
        self.number = number
        self.name = name
        self.seed = seed
        self.organisation_id = rows.new_id("organisations")
        rows.add("organisations", (self.organisation_id, name))
        rng = self.rng
        self.vision_focus_areas = rng.sample(VISION_FOCUS_AREAS, rng.randint(4, 6))
        self.units = rng.sample(UNITS, rng.randint(3, 6))
        plan = self._model_plan(years)
        last_years = [next_year - 1 for next_year, _ in plan[1:]] + [years[-1]]
        self.model_of_year: dict[int, _Model] = {}
        for (year, kind), last_year in zip(plan, last_years):
            model = self._model(year, last_year, kind)
            for covered in range(year, last_year + 1):
                self.model_of_year[covered] = model

    def _model_plan(self, years: list[int]) -> list[tuple[int, str]]:
        """The years a goal model is adopted, and the kind of areas each has.

        A new model comes with each mandate period (goals from the year after an election,
        2023, 2027, …) and where an organisation changes its styrmodell. Most switch from
        fokusområden to målområden once, as Ånge did in 2024; some alternate, some keep one.
        """
        rng = self.rng
        first, last = years[0], years[-1]
        pattern = rng.choices(("byter", "växlar", FOKUSOMRADE, MALOMRADE), weights=(50, 15, 20, 15))[0]
        if self.number == 1:
            # Like Ånge: focus areas the first year, goal areas from the second, so that even
            # the smallest data set holds both goal models.
            pattern = "byter"
        switch_year = first + 1 if self.number == 1 else rng.randint(first + 1, last + 1)
        starts = [first] + [year for year in years[1:] if year % 4 == 3]
        if pattern == "byter" and switch_year <= last:
            starts.append(switch_year)
        if pattern == "växlar":
            starts += years[2::2]
        starts = sorted(set(starts))
        if pattern == "byter":
            return [(year, FOKUSOMRADE if year < switch_year else MALOMRADE) for year in starts]
        if pattern == "växlar":
            opening = rng.choice((FOKUSOMRADE, MALOMRADE))
            other = MALOMRADE if opening == FOKUSOMRADE else FOKUSOMRADE
            return [(year, opening if i % 2 == 0 else other) for i, year in enumerate(starts)]
        return [(year, pattern) for year in starts]

    def _area(self, model_year: int, kind: str, name: str) -> int:
        area_id = self.rows.new_id("areas")
        self.rows.add("areas", (area_id, self.organisation_id, model_year, kind, name))
        return area_id

    def _goal(self, model_year: int, level: str, title: str, area_id: int, parent: _Goal | None) -> _Goal:
        goal = _Goal(self.rows.new_id("goals"), level, title, area_id, parent,
                     self.rng.choices(range(len(GRADES)), weights=GRADE_TENDENCY_WEIGHTS)[0])
        self.rows.add("goals", (goal.goal_id, self.organisation_id, model_year, level, title,
                                parent.goal_id if parent else None, area_id))
        if parent:
            parent.children.append(goal)
        return goal

    def _model(self, year: int, last_year: int, area_kind: str) -> _Model:
        rng = self.rng
        goal_count = round(rng.triangular(20, 150, 45))
        titles = iter(rng.sample(GOAL_TITLES, goal_count))
        if area_kind == FOKUSOMRADE:
            own_areas = [self._area(year, FOKUSOMRADE, name) for name in self.vision_focus_areas]
        else:
            own_areas = [self._area(year, MALOMRADE, name) for name in rng.sample(GOAL_AREAS, rng.randint(3, 5))]
        kf_goals: list[_Goal] = []
        made = 0
        while made < goal_count:
            kf = self._goal(year, "KF", next(titles), rng.choice(own_areas), None)
            kf_goals.append(kf)
            made += 1
            for _ in range(min(rng.choices(range(6), weights=KS_GOALS_PER_KF_WEIGHTS)[0], goal_count - made)):
                # A KS goal sits in its KF goal's area, as the build places it.
                self._goal(year, "KS", next(titles), kf.area_id, kf)
                made += 1
        if area_kind == MALOMRADE:
            if rng.random() < 0.8:
                economy = self._area(year, VERKSAMHETSMAL, ECONOMY_AREA)
                for title in rng.sample(ECONOMY_GOALS, rng.randint(1, 2)):
                    kf_goals.append(self._goal(year, "KF", title, economy, None))
            self._crosswalk(year, kf_goals)
        return _Model(year, kf_goals, self._assignments(year, last_year, kf_goals))

    def _crosswalk(self, year: int, kf_goals: list[_Goal]) -> None:
        """Every goal of a målområde model placed in one of the vision's focus areas, as the
        user-editable crosswalk does for Ånge's 2024 goals; a KS goal mostly where its KF goal is."""
        rng = self.rng
        focus_area_ids = {name: self._area(year, FOKUSOMRADE, name) for name in self.vision_focus_areas}
        line = 1
        for kf in kf_goals:
            kf_focus = rng.choice(self.vision_focus_areas)
            for goal in [kf, *kf.children]:
                focus = kf_focus if goal is kf or rng.random() < 0.8 else rng.choice(self.vision_focus_areas)
                line += 1
                self.rows.add("focus_area_crosswalk", (
                    goal.goal_id, focus_area_ids[focus], f"Syntetisk placering: målet bidrar till {focus.lower()}.",
                    CROSSWALK_SOURCE, line))

    def _assignments(self, year: int, last_year: int, kf_goals: list[_Goal]) -> list[_Assignment]:
        """The activities under the model's goals; most start in its first year, some later."""
        rng = self.rng
        carriers = [goal for kf in kf_goals for goal in (kf.children or [kf])]
        assignments: list[_Assignment] = []
        for goal in carriers:
            for _ in range(rng.choices(range(11), weights=ACTIVITY_COUNT_WEIGHTS)[0]):
                others = [a for a in assignments[-12:] if a.goal is not goal]
                if others and rng.random() < SHARED_ACTIVITY_SHARE:
                    shared = rng.choice(others)
                    if any(a.activity_id == shared.activity_id and a.goal is goal for a in assignments):
                        continue
                    activity_id, title = shared.activity_id, shared.title
                else:
                    activity_id, title = self.rows.new_id("activities"), rng.choice(ACTIVITY_TITLES)
                    self.rows.add("activities", (activity_id, self.organisation_id, title))
                first_year = min(year + rng.choices((0, 1, 2, 3), weights=(70, 15, 10, 5))[0], last_year)
                start = _days(date(first_year, 1, 1)) + rng.randint(0, 300)
                assignments.append(_Assignment(
                    activity_id=activity_id, title=title, goal=goal, first_year=first_year,
                    start=start, end=start + rng.randint(45, 720),
                    prints_start=rng.random() < START_DATE_SHARE, prints_end=rng.random() < END_DATE_SHARE,
                    responsible_unit=rng.choice(self.units) if rng.random() < RESPONSIBLE_UNIT_SHARE else None,
                    description=(_text(rng, _ACTIVITY_SENTENCES, _ACTIVITY_NUMBER_SENTENCES, 1, 3)
                                 if rng.random() < DESCRIPTION_SHARE else None),
                ))
        return assignments

    def _advance(self, assignment: _Assignment, as_of: int, year: int) -> None:
        """The activity's state at a tertial's end: status, and an end date that may slip."""
        rng = self.rng
        if assignment.status is not None and assignment.status.startswith("Avslutad"):
            return
        if as_of < assignment.start:
            status = "Vänteläge" if rng.random() < 0.04 else "Ej påbörjad"
        elif as_of >= assignment.end:
            roll = rng.random()
            if roll < 0.6:
                status = "Avslutad enligt plan"
            elif roll < 0.75:
                status = "Avslutad med avvikelse"
            else:
                # Past its end date and not done: overdue, unless the report moves the date.
                status = "Pågående med avvikelse" if roll < 0.95 else "Vänteläge"
                if rng.random() < 0.4:
                    assignment.end += rng.randint(30, 180)
        else:
            roll = rng.random()
            status = ("Pågående enligt plan" if roll < 0.78 else "Pågående med avvikelse" if roll < 0.94
                      else "Vänteläge")
        if not status.startswith("Avslutad") and rng.random() < END_DATE_SLIP_SHARE:
            assignment.end += rng.randint(30, 240)
        if status.startswith("Avslutad"):
            assignment.finished_year = year
        if assignment.status is None or status != assignment.status or rng.random() < 0.6:
            assignment.comment = (_text(rng, _ACTIVITY_SENTENCES, _ACTIVITY_NUMBER_SENTENCES, 2, 7)
                                  if rng.random() < 0.7 else None)
        assignment.status = status

    def _grade(self, goal: _Goal, tertial: int) -> int | None:
        rng = self.rng
        if goal.children and rng.random() < 0.7:
            return None  # a KF goal over KS goals is mostly assessed through them (Ånge, T2 2023)
        if rng.random() < (0.6 if tertial == 1 else 0.1):
            return None  # T1 reports often grade little (Ånge, T1 2023: nothing)
        if goal.last_grade is None:
            goal.last_grade = goal.grade_tendency
        elif rng.random() > 0.7:
            goal.last_grade = min(len(GRADES) - 1, max(0, goal.last_grade + rng.choice((-1, 1))))
        return goal.last_grade

    def generate(self, periods: list[Period]) -> None:
        rng = self.rng
        missing = {period.key for period in periods if rng.random() < MISSING_TERTIAL_SHARE}
        if not missing and len(periods) >= 3:
            # Every organisation has a gap somewhere, so that gaps show at any scale.
            missing.add(rng.choice(periods).key)
        for period in periods:
            model = self.model_of_year[period.year]
            as_of = _days(period.end)
            active: dict[int, list[_Assignment]] = {}
            for assignment in model.assignments:
                if assignment.first_year > period.year:
                    continue
                if assignment.finished_year is not None and assignment.finished_year < period.year:
                    continue  # finished activities are reported until the end of their year
                self._advance(assignment, as_of, period.year)
                active.setdefault(assignment.goal.goal_id, []).append(assignment)
            grades = {goal.goal_id: self._grade(goal, period.tertial)
                      for kf in model.kf_goals for goal in (kf, *kf.children)}
            if period.key in missing:
                continue
            self._main_report(period, model, active, grades)
            if rng.random() < UNIT_REPORT_SHARE:
                self._unit_report(period, model, active)

    def _add_report(self, report_id: int, period: Period, model: _Model, unit: str, as_of: date, title: str,
                    note: str, line_count: int) -> None:
        """The report's own row, its placeholder file and a summary section; added after its
        goals are laid out, which gives its length in lines."""
        file_name = f"syntetisk-{self.number:03d}-{period.key}-{slug(unit)}.txt"
        content = (f"{title}\n{self.name}, {BODY}, {unit}\n{period.label}\n"
                   f"Syntetiska data (frö {self.seed}); ingen verklig rapport.\n").encode()
        self.rows.add("reports", (report_id, self.organisation_id, file_name, hashlib.sha256(content).hexdigest(),
                                  title, BODY, unit, SYNTHETIC_KIND, period.key, _days(as_of), note, model.year,
                                  line_count))
        self.rows.add("report_files", (report_id, file_name, content, period.key, _days(as_of), "KS", "{}"))
        self.rows.add("report_sections", (report_id, 1, "Sammanfattning",
                                          _text(self.rng, _GOAL_SENTENCES, _GOAL_NUMBER_SENTENCES, 2, 5), 5))

    def _goal_row(self, report_id: int, goal: _Goal, code: str, line: int, grade_index: int | None) -> int:
        """Add the goal's row; return the line after its heading, grade and analysis."""
        rng = self.rng
        if grade_index is None:
            grade = grade_as_printed = grade_line = None
            comment = _text(rng, _GOAL_SENTENCES, _GOAL_NUMBER_SENTENCES, 1, 2) if rng.random() < 0.4 else None
        else:
            grade, grade_line = GRADES[grade_index], line + 2
            grade_as_printed = f"{GRADE_SYMBOLS[grade]} {grade}" if rng.random() < 0.5 else grade
            comment = _text(rng, _GOAL_SENTENCES, _GOAL_NUMBER_SENTENCES, 1, 8)
        self.rows.add("goal_reports", (goal.goal_id, report_id, code, goal.title, line, grade, grade_as_printed,
                                       grade_line, comment))
        return line + 4 + (comment.count("\n\n") + 1) * 2 if comment else line + 4

    def _activity_rows(self, report_id: int, assignments: list[_Assignment], line: int) -> int:
        """Add an activity table's rows under the goal; return the line after the table."""
        if not assignments:
            return line
        line += 1  # the table's header row
        rng = self.rng
        for a in assignments:
            symbol = _STATUS_SYMBOLS_AS_PRINTED[a.status]
            printed = f"{symbol} {a.status}" if rng.random() < 0.3 else a.status
            self.rows.add("activity_reports", (
                a.activity_id, a.goal.goal_id, report_id, a.title, line, a.status, printed,
                a.start if a.prints_start else None, a.end if a.prints_end else None,
                a.responsible_unit, a.description, a.comment))
            line += 1
        return line + 1

    def _main_report(self, period: Period, model: _Model, active: dict[int, list[_Assignment]],
                     grades: dict[int, int | None]) -> None:
        report_id = self.rows.new_id("reports")
        line = 12
        for kf_number, kf in enumerate(model.kf_goals, start=1):
            line = self._goal_row(report_id, kf, f"2.{kf_number}", line, grades[kf.goal_id])
            line = self._activity_rows(report_id, active.get(kf.goal_id, []), line)
            for ks_number, ks in enumerate(kf.children, start=1):
                line = self._goal_row(report_id, ks, f"2.{kf_number}.{ks_number}", line, grades[ks.goal_id])
                line = self._activity_rows(report_id, active.get(ks.goal_id, []), line)
        self._add_report(report_id, period, model, MAIN_UNIT, period.end,
                         f"Syntetisk tertialrapport {period.tertial} {period.year}",
                         "Syntetiska data: avstämningsdatum är periodens sista dag.", line + 5)

    def _unit_report(self, period: Period, model: _Model, active: dict[int, list[_Assignment]]) -> None:
        """A unit's own report of the goals it carries activities for, ungraded like Ånge's
        Stab report. It is dated before the administration's report, so that where both
        present a goal the administration's grade is the latest word."""
        unit = self.rng.choice(self.units)
        carried = [[a for a in assignments if a.responsible_unit == unit] for assignments in active.values()]
        carried = [assignments for assignments in carried if assignments]
        if not carried:
            return
        report_id = self.rows.new_id("reports")
        line = 8
        for number, assignments in enumerate(carried, start=1):
            line = self._goal_row(report_id, assignments[0].goal, f"1.{number}", line, None)
            line = self._activity_rows(report_id, assignments, line)
        as_of = period.end - timedelta(days=self.rng.randint(10, 40))
        self._add_report(report_id, period, model, unit, as_of,
                         f"Syntetisk verksamhetsrapport {unit}, tertial {period.tertial} {period.year}",
                         f"Syntetiska data: enhetens egen rapport, avstämd {as_of.isoformat()}, "
                         "före förvaltningens tertialrapport.", line + 3)


def organisation_names(count: int) -> list[str]:
    width = max(3, len(str(count)))
    return [f"Syntetisk kommun {number:0{width}d}" for number in range(1, count + 1)]


def refusal(target: Path) -> str | None:
    """Why synthetic data may not be written to the file, or None when it may (no file, or
    an earlier synthetic database with nothing but synthetic reports in it)."""
    if not target.exists():
        return None
    refused = (f"{target} finns redan och innehåller inte bara syntetiska data; syntetiska data skrivs bara "
               "till en ny fil eller över en tidigare syntetisk databas. Ange en annan fil med --db.")
    not_tertial = (f"{target} finns redan och är ingen Tertial-databas; syntetiska data skrivs bara till en ny fil "
                   "eller över en tidigare syntetisk databas. Ange en annan fil med --db.")
    try:
        con = connect(target, read_only=True)
    except duckdb.Error:
        return not_tertial
    try:
        tables = {name for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()").fetchall()}
        if not {"build_info", "reports", "audit_log"} <= tables:
            return not_tertial
        marked = con.execute("SELECT value FROM build_info WHERE key = 'synthetic'").fetchall() == [("true",)]
        [(real_reports,)] = con.execute("SELECT count(*) FROM reports WHERE kind <> ?", [SYNTHETIC_KIND]).fetchall()
        [(changes,)] = con.execute("SELECT count(*) FROM audit_log WHERE action <> 'bygge'").fetchall()
    except duckdb.Error:
        return refused
    finally:
        con.close()
    if not marked or real_reports or changes:
        return refused
    return None


def synthesize_database(
    db_path: str | Path,
    *,
    organisations: int,
    years: int,
    seed: int = 1,
    first_year: int = 2023,
    actor: str = "system",
) -> SynthSummary:
    """Write a new synthetic database to db_path (replacing only an earlier synthetic one)."""
    if organisations < 1 or years < 1:
        raise SynthError("Ange minst en organisation och minst ett år.")
    if not 1900 <= first_year <= 9999 - years:
        raise SynthError(f"Första året {first_year} är inget rimligt år.")
    target = Path(db_path)
    started = time.perf_counter()
    periods = periods_between(Period(first_year, 1), Period(first_year + years - 1, 3))
    year_list = list(range(first_year, first_year + years))
    rows = _Rows()
    with fresh_file(target) as con:
        reason = refusal(target)  # under the lock, so no writer changes the file meanwhile
        if reason:
            raise SynthError(reason)
        con.executemany("INSERT INTO periods VALUES (?, ?, ?, ?, ?)",
                        [[p.key, p.year, p.tertial, p.start, p.end] for p in periods])
        for number, name in enumerate(organisation_names(organisations), start=1):
            _Organisation(rows, number, name, year_list, seed).generate(periods)
            if number % BATCH_ORGANISATIONS == 0:
                rows.insert_into(con)
        rows.insert_into(con)
        con.executemany("INSERT INTO build_info VALUES (?, ?)", [
            ["synthetic", "true"], ["synthetic_seed", str(seed)],
            ["synthetic_organisations", str(organisations)],
            ["synthetic_years", f"{first_year}–{first_year + years - 1}"],
        ])
        record_change(
            con, actor=actor, action="bygge", report_file=None,
            sha256=hashlib.sha256(f"{seed}:{organisations}:{first_year}:{years}".encode()).hexdigest(),
            summary=(f"Syntetiska data, inga verkliga rapporter: {organisations} organisationer × {years} år "
                     f"från {first_year}, frö {seed} (python -m tertial synth)."),
        )
    counts = dict(rows.totals, periods=len(periods))
    return SynthSummary(target, organisations, first_year, first_year + years - 1,
                        time.perf_counter() - started, counts)
