"""Activity measures per seller and ISO week, and the before/after comparison: pure Python, no Django."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

APPOINTMENT = "appointment"
MEASURES = ("visits", "hit_rate", "avg_duration", "effectiveness")


@dataclass(frozen=True)
class VisitFact:
    seller_id: int
    date: dt.date
    objective: str
    appointment_won: bool
    duration_minutes: int
    coach_rating: int | None


@dataclass(frozen=True)
class WeekMeasure:
    seller_id: int
    week_start: dt.date  # the Monday of the ISO week
    visits: int
    appointment_visits: int
    appointments_won: int
    hit_rate: float | None  # appointments won / visits whose objective was an appointment
    avg_duration: float | None
    effectiveness: float | None  # mean coach rating of the rated visits

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _day = self.week_start.isocalendar()
        return year, week

    def value(self, measure: str) -> float | None:
        return float(self.visits) if measure == "visits" else getattr(self, measure)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_measures(visits: Iterable[VisitFact]) -> list[WeekMeasure]:
    """One row per seller and ISO week that has visits, ordered by seller then week."""
    groups: dict[tuple[int, dt.date], list[VisitFact]] = defaultdict(list)
    for v in visits:
        groups[(v.seller_id, week_start(v.date))].append(v)
    rows = []
    for (seller_id, monday), facts in sorted(groups.items()):
        targeted = [f for f in facts if f.objective == APPOINTMENT]
        won = sum(1 for f in targeted if f.appointment_won)
        rated = [f.coach_rating for f in facts if f.coach_rating is not None]
        rows.append(
            WeekMeasure(
                seller_id=seller_id,
                week_start=monday,
                visits=len(facts),
                appointment_visits=len(targeted),
                appointments_won=won,
                hit_rate=won / len(targeted) if targeted else None,
                avg_duration=fmean(f.duration_minutes for f in facts),
                effectiveness=fmean(rated) if rated else None,
            )
        )
    return rows


@dataclass(frozen=True)
class BeforeAfter:
    measure: str
    before: float | None
    during: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.during is None:
            return None
        return self.during - self.before


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


def before_after(
    weeks: Iterable[WeekMeasure], starts: Mapping[int, dt.date], *, measures: Iterable[str] = MEASURES
) -> list[BeforeAfter]:
    """Mean of the weekly values before each seller's program start week vs from that week on.

    Weeks of sellers without a start are ignored; a week with no value for a measure (no appointment visits,
    no rated visits) does not count as zero.
    """
    rows = [w for w in weeks if w.seller_id in starts]
    result = []
    for measure in measures:
        before = [w.value(measure) for w in rows if w.week_start < week_start(starts[w.seller_id])]
        during = [w.value(measure) for w in rows if w.week_start >= week_start(starts[w.seller_id])]
        result.append(BeforeAfter(measure=measure, before=_mean(before), during=_mean(during)))
    return result
