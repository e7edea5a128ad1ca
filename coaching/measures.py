"""Activity measures per seller and ISO week, and the before/after comparison: pure Python, no Django."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from django.db.models import QuerySet

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


def _mean(values: Sequence[float | None]) -> float | None:
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


# ---------------------------------------------------------------- measures provided by other apps
# Apps that depend on coaching (analytics) add their own weekly numbers here, so coaching never imports them.


@dataclass(frozen=True)
class ProvidedMeasure:
    """One value of a measure that another app supplies, for one seller and ISO week."""

    seller_id: int
    week_start: dt.date  # the Monday of the ISO week
    label: str
    value: float
    unit: str = ""


ProviderRow = tuple[int, dt.date, str, float, str]
SellerIds: TypeAlias = "Sequence[int] | QuerySet[Any]"  # noqa: UP037 (Django is not imported at run time)
MeasureProvider = Callable[[SellerIds, dt.date, dt.date], Iterable[ProviderRow]]
"""fn(seller_ids, start, end) → rows (seller_id, iso_week_start, metric_label, value, unit).

`seller_ids` is a list of ids or a queryset of one column of ids (a team page's sellers, kept a subquery so a
large team sends no list of ids): filter with `…__in=seller_ids`, which takes either.

A provider runs a fixed number of queries whatever the number of sellers, returns only weeks whose Monday
falls between the Mondays of `start` and `end`, and at most one row per seller, week and label (rows
repeating one are averaged).
"""

_PROVIDERS: list[MeasureProvider] = []


def register_measure_provider(provider: MeasureProvider) -> MeasureProvider:
    """Add a provider (once, however often an app's ready() runs); usable as a decorator."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def measure_providers() -> tuple[MeasureProvider, ...]:
    return tuple(_PROVIDERS)


def provided_measures(seller_ids: SellerIds, start: dt.date, end: dt.date) -> list[ProvidedMeasure]:
    """Every registered provider's rows for these sellers and weeks, ordered by label, seller and week."""
    subquery = hasattr(seller_ids, "query")  # a queryset, kept lazy (this module does not import Django)
    if not _PROVIDERS or (not subquery and not seller_ids):
        return []
    first, last = week_start(start), week_start(end)
    wanted: set[int] | None = None if subquery else set(seller_ids)
    values: dict[tuple[str, int, dt.date], list[float]] = defaultdict(list)
    units: dict[str, str] = {}
    for provider in _PROVIDERS:
        for seller_id, day, label, value, unit in provider(
            seller_ids if subquery else list(seller_ids), start, end
        ):
            monday = week_start(day)
            if first <= monday <= last and (wanted is None or seller_id in wanted):
                values[(str(label), seller_id, monday)].append(float(value))
                units.setdefault(str(label), unit)
    return [
        ProvidedMeasure(seller_id, monday, label, fmean(vals), units[label])
        for (label, seller_id, monday), vals in sorted(values.items())
    ]


def provided_labels(rows: Iterable[ProvidedMeasure]) -> dict[str, str]:
    """The measures present in `rows`, label → unit, in label order."""
    return {r.label: r.unit for r in sorted(rows, key=lambda r: r.label)}


def before_after_provided(
    rows: Iterable[ProvidedMeasure], starts: Mapping[int, dt.date]
) -> list[BeforeAfter]:
    """The before/after comparison of `before_after`, for provided measures (``measure`` is the label)."""
    by_label: dict[str, list[ProvidedMeasure]] = defaultdict(list)
    for r in rows:
        if r.seller_id in starts:
            by_label[r.label].append(r)
    result = []
    for label in sorted(by_label):
        items = by_label[label]
        before = [r.value for r in items if r.week_start < week_start(starts[r.seller_id])]
        during = [r.value for r in items if r.week_start >= week_start(starts[r.seller_id])]
        result.append(BeforeAfter(measure=label, before=_mean(before), during=_mean(during)))
    return result


@dataclass(frozen=True)
class WeekRow:
    """One line of a seller's weekly table: the built-in measures (None without visits) and provided values."""

    week_start: dt.date
    week: WeekMeasure | None
    provided: list[float | None]  # in the order of the labels asked for


def weekly_table(
    weeks: Iterable[WeekMeasure], provided: Iterable[ProvidedMeasure], *, labels: Sequence[str]
) -> list[WeekRow]:
    """One row per week that has visits or a provided value, oldest first."""
    built_in = {w.week_start: w for w in weeks}
    values: dict[dt.date, dict[str, float]] = defaultdict(dict)
    for p in provided:
        values[p.week_start][p.label] = p.value
    return [
        WeekRow(monday, built_in.get(monday), [values.get(monday, {}).get(label) for label in labels])
        for monday in sorted(set(built_in) | set(values))
    ]
