"""Tertials: four-month reporting periods, keyed 'YYYY-Tn'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_KEY = re.compile(r"^(\d{4})-T([123])$")
_FIRST_MONTH = {1: 1, 2: 5, 3: 9}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    tertial: int

    @property
    def key(self) -> str:
        return f"{self.year}-T{self.tertial}"

    @property
    def start(self) -> date:
        return date(self.year, _FIRST_MONTH[self.tertial], 1)

    @property
    def end(self) -> date:
        if self.tertial == 3:
            return date(self.year, 12, 31)
        return date(self.year, _FIRST_MONTH[self.tertial + 1], 1) - timedelta(days=1)

    @property
    def label(self) -> str:
        """How the reports say it: 'Tertial 2 2023'."""
        return f"Tertial {self.tertial} {self.year}"


def parse_period(key: str) -> Period:
    match = _KEY.match(key.strip())
    if not match:
        raise ValueError(f"»{key}« är ingen period; skriv ÅÅÅÅ-Tn, t.ex. 2023-T2.")
    return Period(int(match.group(1)), int(match.group(2)))


def period_of(day: date) -> Period:
    return Period(day.year, 1 if day.month <= 4 else 2 if day.month <= 8 else 3)


def periods_between(first: Period, last: Period) -> list[Period]:
    periods = []
    current = first
    while current <= last:
        periods.append(current)
        current = Period(current.year + 1, 1) if current.tertial == 3 else Period(current.year, current.tertial + 1)
    return periods
