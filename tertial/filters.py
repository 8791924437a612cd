"""The dashboard's filters and their form in the URL query string.

A copied link reproduces a view; an edited link changes it; a value the data does not
know (or a hostile one) yields a gentle Swedish notice and the default, never an error.
Pure functions: the Streamlit glue lives in tertial.webapp.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tertial.vocabulary import GRADES, NOT_GRADED, STATUSES

# URL keys: short, Swedish, ASCII so links survive e-mail clients.
URL_KEYS = {
    "organisation": "organisation",
    "period": "period",
    "focus_area": "fokusomrade",
    "unit": "enhet",
    "grades": "bedomning",
    "statuses": "status",
}
# Översikt's choice of a shared area for its comparison of organisations: in the link,
# but not a sidebar filter (the sidebar's links leave it as it is).
SHARED_AREA_KEY = "gemensamt_omrade"
GRADE_CHOICES = (*GRADES, NOT_GRADED)
MAX_SHOWN_VALUE = 40


@dataclass(frozen=True)
class FilterChoices:
    """What the data offers to filter by, newest period first."""

    periods: Sequence[str]
    focus_areas: Sequence[str]
    units: Sequence[str]
    default_period: str | None = None
    grades: Sequence[str] = GRADE_CHOICES
    statuses: Sequence[str] = STATUSES


@dataclass(frozen=True)
class Filters:
    organisation: str | None = None
    period: str | None = None
    focus_area: str | None = None
    unit: str | None = None
    grades: tuple[str, ...] = field(default_factory=tuple)
    statuses: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        """A short Swedish description for headings and file names."""
        parts = [self.period or "alla perioder"]
        if self.focus_area:
            parts.append(self.focus_area)
        if self.unit:
            parts.append(self.unit)
        if self.grades:
            parts.append(", ".join(self.grades))
        if self.statuses:
            parts.append(", ".join(self.statuses))
        return " – ".join(parts)


def shown(value: str) -> str:
    """A URL value safe to quote in a notice: no markup, bounded length."""
    value = re.sub(r"[^\w\s+\-.,/åäöÅÄÖéÉ]", "", value)
    return value if len(value) <= MAX_SHOWN_VALUE else value[:MAX_SHOWN_VALUE] + "…"


def first_value(raw: str | Sequence[str] | None) -> str | None:
    """The first non-empty value a URL key holds (a key may be repeated), stripped."""
    if raw is None:
        return None
    items = [raw] if isinstance(raw, str) else list(raw)
    for item in items:
        if str(item).strip():
            return str(item).strip()
    return None


def _values(params: Mapping[str, Sequence[str] | str], key: str) -> list[str]:
    raw = params.get(key, [])
    items = [raw] if isinstance(raw, str) else list(raw)
    values = []
    for item in items:
        values.extend(part.strip() for part in str(item).split(",") if part.strip())
    return values


def _match(value: str, allowed: Sequence[str]) -> str | None:
    """The allowed value the URL names, ignoring case (links get retyped by hand)."""
    lowered = {a.casefold(): a for a in allowed}
    return lowered.get(value.strip().casefold())


def from_query_params(params: Mapping[str, Sequence[str] | str], choices: FilterChoices) -> tuple[Filters, list[str]]:
    """Filters named in the URL, and a notice for each value that had to be ignored."""
    notices: list[str] = []
    default_period = choices.default_period or (choices.periods[0] if choices.periods else None)

    def single(name: str, allowed: Sequence[str], label: str, default: str | None) -> str | None:
        values = _values(params, URL_KEYS[name])
        if not values:
            return default
        found = _match(values[0], allowed)
        if found is None:
            fallback = f"; visar {default} i stället" if default else "; visar alla"
            notices.append(f"{label} »{shown(values[0])}« finns inte i uppgifterna{fallback}.")
            return default
        return found

    def several(name: str, allowed: Sequence[str], label: str) -> tuple[str, ...]:
        kept = []
        for value in _values(params, URL_KEYS[name]):
            found = _match(value, allowed)
            if found is None:
                notices.append(f"{label} »{shown(value)}« finns inte och har hoppats över.")
            elif found not in kept:
                kept.append(found)
        return tuple(kept)

    filters = Filters(
        period=single("period", choices.periods, "Perioden", default_period),
        focus_area=single("focus_area", choices.focus_areas, "Fokusområdet", None),
        unit=single("unit", choices.units, "Enheten", None),
        grades=several("grades", choices.grades, "Bedömningen"),
        statuses=several("statuses", choices.statuses, "Statusen"),
    )
    return filters, notices


def organisation_from_params(params: Mapping[str, Sequence[str] | str], organisations: Sequence[str]
                             ) -> tuple[str | None, str | None]:
    """The organisation a link names (any case), and a notice when it names one the data
    does not have. (None, None) when the link names none."""
    values = _values(params, URL_KEYS["organisation"])
    if not values:
        return None, None
    found = _match(values[0], organisations)
    if found is None:
        default = f"; visar {organisations[0]} i stället" if organisations else ""
        return None, f"Organisationen »{shown(values[0])}« finns inte i uppgifterna{default}."
    return found, None


def shared_area_from_params(params: Mapping[str, Sequence[str] | str], shared_areas: Sequence[str]
                            ) -> tuple[str | None, str | None]:
    """The shared area a link names (any case), and a notice when it names one the data
    does not have. (None, None) when the link names none."""
    values = _values(params, SHARED_AREA_KEY)
    if not values:
        return None, None
    # A shared area's name may hold a comma; _values splits on commas, so match the whole value too.
    whole = first_value(params.get(SHARED_AREA_KEY))
    found = _match(whole or "", shared_areas) or _match(values[0], shared_areas)
    if found is None:
        return None, f"Det gemensamma området »{shown(whole or values[0])}« finns inte; visar alla mål."
    return found, None


def to_query_params(filters: Filters, default_period: str | None = None,
                    default_organisation: str | None = None) -> dict[str, str | list[str]]:
    """The URL form of filters; values at their default are left out to keep links short."""
    params: dict[str, str | list[str]] = {}
    if filters.organisation and filters.organisation != default_organisation:
        params[URL_KEYS["organisation"]] = filters.organisation
    if filters.period and filters.period != default_period:
        params[URL_KEYS["period"]] = filters.period
    if filters.focus_area:
        params[URL_KEYS["focus_area"]] = filters.focus_area
    if filters.unit:
        params[URL_KEYS["unit"]] = filters.unit
    if filters.grades:
        params[URL_KEYS["grades"]] = list(filters.grades)
    if filters.statuses:
        params[URL_KEYS["statuses"]] = list(filters.statuses)
    return params


def with_changes(filters: Filters, **changes) -> Filters:
    return replace(filters, **changes)
