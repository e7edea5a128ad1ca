"""What the analytics pages say and draw: recommendation prose, caveats, fairness tables and the charts.

The views fetch (selectors) and authorize; everything here turns already-fetched results into words, table rows
and charts, so it runs no query and can be read and tested apart from the request cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import charts
from core.components import Preview, PreviewRow
from stats.validity import MIN_OBSERVATIONS, MIN_OBSERVATIONS_PER_PREDICTOR

from .imports import COLUMNS, ImportPreview
from .labels import DIMENSION_LABELS, group_label
from .models import PredictorFamily, ValidityStudy, WeightProposal

STAGE_LABELS = {
    "passed_screen": gettext_lazy("Passed screen"),
    "offered": gettext_lazy("Offered"),
    "hired": gettext_lazy("Hired"),
}
FAMILY_INTROS = {
    PredictorFamily.HIRING: gettext_lazy(
        "Compares hires' interview ratings with their later performance, and proposes better weights when the "
        "data support them."
    ),
    PredictorFamily.EXAM: gettext_lazy(
        "Compares people's certification exam scores with their later performance: does passing the exams "
        "go with selling better?"
    ),
    PredictorFamily.COACHING: gettext_lazy(
        "Compares sellers' mean coach ratings on each coaching criterion with their performance."
    ),
}


def recommendation_text(study: ValidityStudy, results: dict[str, Any]) -> str:
    if study.family != PredictorFamily.HIRING:
        return _predictor_recommendation_text(study, results)
    rec = results.get("recommendation")
    if rec == "insufficient_data":
        return _("Not enough hires yet: %(n)s of about %(needed)s needed.") % {
            "n": results["n"],
            "needed": needed(results),
        }
    if rec == "adopt":
        return _(
            "Change the weights: the proposed weights predict %(metric)s better out of sample "
            "(cross-validated r %(current).2f → %(proposed).2f)."
        ) % {
            "metric": study.outcome,
            "current": results["cv_r_current"],
            "proposed": results["cv_r_proposed"],
        }
    return _("Keep the current weights: re-weighting does not reliably predict %(metric)s better.") % {
        "metric": study.outcome
    }


def needed(results: dict[str, Any]) -> int:
    if results.get("hires_for_decision"):  # the power gate's figure (stats.validity.POWER_GATE)
        return int(max(MIN_OBSERVATIONS, results["hires_for_decision"]))
    p = len(results.get("criteria", []))
    return int(max(MIN_OBSERVATIONS, MIN_OBSERVATIONS_PER_PREDICTOR * p, results.get("n_needed") or 0))


def _predictor_recommendation_text(study: ValidityStudy, results: dict[str, Any]) -> str:
    """Exam and coaching studies inform; they adopt nothing, so the wording is about evidence, not weights."""
    exam = study.family == PredictorFamily.EXAM
    rec = results.get("recommendation")
    values = {
        "n": results["n"],
        "needed": needed(results),
        "metric": study.outcome,
        "r": results.get("composite_r") or 0.0,
        "current": results.get("cv_r_current") or 0.0,
        "proposed": results.get("cv_r_proposed") or 0.0,
    }
    if rec == "insufficient_data":
        if exam:
            return (
                _("Not enough people with exam scores and an outcome yet: %(n)s of about %(needed)s needed.")
                % values
            )
        return _("Not enough coached sellers with an outcome yet: %(n)s of about %(needed)s needed.") % values
    if rec == "adopt":
        if exam:
            return (
                _(
                    "Some exams predict %(metric)s better than others: weighting them differently would predict it "
                    "better out of sample (cross-validated r %(current).2f → %(proposed).2f). Review what the "
                    "weaker exams test."
                )
                % values
            )
        return (
            _(
                "Some coaching criteria predict %(metric)s better than others: weighting them differently would "
                "predict it better out of sample (cross-validated r %(current).2f → %(proposed).2f). Focus "
                "coaching on the criteria that matter."
            )
            % values
        )
    several = len(results.get("criteria", [])) > 1
    if exam:
        text = (
            _("Exam scores and %(metric)s among those tested: r = %(r).2f (cross-validated %(current).2f).")
            % values
        )
        if several:
            text += " " + _("Weighting the exams differently would not reliably predict it better.")
        return text
    text = _("Coaching ratings and %(metric)s: r = %(r).2f (cross-validated %(current).2f).") % values
    if several:
        text += " " + _("Weighting the criteria differently would not reliably predict it better.")
    return text


def caveats(results: dict[str, Any], family: str = PredictorFamily.HIRING) -> list[str]:
    if family != PredictorFamily.HIRING:
        return predictor_caveats(results, family)
    notes = []
    if results.get("hires_without_outcome"):
        notes.append(
            ngettext(
                "%(count)s hire has no %(what)s in the window (a leaver, or not started yet); "
                "the study cannot see how they would have done.",
                "%(count)s hires have no %(what)s in the window (leavers, or not started yet); "
                "the study cannot see how they would have done.",
                results["hires_without_outcome"],
            )
            % {"count": results["hires_without_outcome"], "what": _("performance records")}
        )
    if results.get("declined"):
        notes.append(
            ngettext(
                "%(count)s candidate declined an offer; nobody knows how they would have performed.",
                "%(count)s candidates declined an offer; nobody knows how they would have performed.",
                results["declined"],
            )
            % {"count": results["declined"]}
        )
    if results.get("dropped"):
        notes.append(
            ngettext(
                "%(count)s hire was left out because a criterion was not rated.",
                "%(count)s hires were left out because a criterion was not rated.",
                results["dropped"],
            )
            % {"count": results["dropped"]}
        )
    if results.get("outcome_reversed"):
        notes.append(
            _("Lower is better for this metric, so its sign was flipped: a positive r means better.")
        )
    notes.append(
        _("Only hires have outcomes, so validity among hires understates validity among all applicants.")
    )
    return notes


def predictor_caveats(results: dict[str, Any], family: str) -> list[str]:
    notes = []
    if results.get("scored_without_outcome"):
        notes.append(
            ngettext(
                "%(count)s person with scores has no value for this metric in the window (a leaver, or not "
                "started yet); the study cannot see how they did.",
                "%(count)s people with scores have no value for this metric in the window (leavers, or not "
                "started yet); the study cannot see how they did.",
                results["scored_without_outcome"],
            )
            % {"count": results["scored_without_outcome"]}
        )
    if results.get("dropped"):
        if family == PredictorFamily.EXAM:
            notes.append(
                ngettext(
                    "%(count)s person was left out for having no score on one of the chosen exams.",
                    "%(count)s people were left out for having no score on one of the chosen exams.",
                    results["dropped"],
                )
                % {"count": results["dropped"]}
            )
        else:
            notes.append(
                ngettext(
                    "%(count)s seller was left out because a criterion was never rated by their coach.",
                    "%(count)s sellers were left out because a criterion was never rated by their coach.",
                    results["dropped"],
                )
                % {"count": results["dropped"]}
            )
    if results.get("outcome_reversed"):
        notes.append(
            _("Lower is better for this metric, so its sign was flipped: a positive r means better.")
        )
    if family == PredictorFamily.EXAM:
        notes.append(
            _(
                "Only people who took the exams are compared; the composite weighs each exam equally and "
                "nothing is adopted from this study."
            )
        )
    else:
        notes.append(
            _(
                "Only coached sellers are compared, and coaches rate the sellers they coach; the composite "
                "uses the rubric's weights and nothing is adopted from this study."
            )
        )
    return notes


def criteria_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for c in results.get("criteria", []):
        low, high, r = c["ci_low"], c["ci_high"], c["r"]
        bar = None
        if low is not None and high is not None and r is not None:
            # r from −1..1 mapped onto 0..100 % of the bar's width.
            bar = {"left": (low + 1) * 50, "width": max((high - low) * 50, 0.5), "point": (r + 1) * 50}
        name = c["name"]
        ci = results.get("weight_ci", {}).get(name)
        rows.append(
            {
                **c,
                "bar": bar,
                "current": results["current_weights"].get(name),
                "proposed": results["proposed_weights"].get(name),
                "weight_ci": ci,
                "p_display": p_display(c.get("p_value")),
            }
        )
    return rows


def p_display(p: float | None) -> str:
    """A p-value as a reader should see it: three decimals, and "< 0.001" rather than a misleading 0.000."""
    if p is None:
        return "—"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def fairness_sections(study: ValidityStudy, proposal: WeightProposal | None) -> list[dict[str, Any]]:
    """The selections the fairness page compares: each screening stage, then the composite cut."""
    results = study.results
    sections: list[dict[str, Any]] = []
    for stage, by_dimension in results.get("stage_fairness", {}).items():
        sections.append(
            {"title": STAGE_LABELS.get(stage, stage), "key": stage, "tables": group_tables(by_dimension)}
        )
    composite = results.get("composite_fairness", {})
    if composite.get("current"):
        sections.append(
            {
                "title": _("Composite at or above %(cut)s (current weights)") % {"cut": composite["cut"]},
                "key": "composite_current",
                "tables": group_tables(composite["current"]),
            }
        )
    if proposal is not None and proposal.fairness.get("proposed"):
        sections.append(
            {
                "title": _("Same number passing with the proposed weights"),
                "key": "composite_proposed",
                "tables": group_tables(proposal.fairness["proposed"]),
            }
        )
    return sections


def group_tables(by_dimension: dict[str, Any]) -> list[dict[str, Any]]:
    """One table per dimension, each group named with the label the page shows."""
    tables = []
    for dim, table in by_dimension.items():
        rows = [{**row, "label": group_label(dim, row["group"])} for row in table["rows"]]
        small = [{**row, "label": group_label(dim, row["group"])} for row in table["small"]]
        tables.append(
            {"dimension": DIMENSION_LABELS.get(dim, dim), "key": dim, **table, "rows": rows, "small": small}
        )
    return tables


FAIRNESS_CSV_HEADER = [
    "selection",
    "dimension",
    "group",
    "n",
    "selected",
    "rate",
    "impact_ratio",
    "flagged",
    "p_value",
    "small_group",
]


def fairness_csv_rows(sections: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """One row per group and selection; groups too small to compare keep their counts and say so."""
    rows: list[list[Any]] = []
    for section in sections:
        for table in section["tables"]:
            for row in table["rows"]:
                rows.append(
                    [
                        section["key"],
                        table["key"],
                        row["group"],
                        row["n"],
                        row["selected"],
                        row["rate"],
                        row["impact_ratio"],
                        row["flagged"],
                        row["p_value"],
                        False,
                    ]
                )
            for row in table["small"]:
                rows.append(
                    [section["key"], table["key"], row["group"], row["n"], row["selected"], row["rate"]]
                    + [None, None, None, True]
                )
    return rows


def impact_chart(section: dict[str, Any]) -> SafeString | None:
    """One chart per selection: every group's impact ratio against the four-fifths line (intersections stay in
    the tables)."""
    bars = [
        (f"{table['dimension']}: {row['label']}", row["impact_ratio"])
        for table in section["tables"]
        if table["key"] != "intersection"
        for row in table["rows"]
    ]
    if not bars:
        return None
    return charts.bar_chart(
        [label for label, _ratio in bars],
        [(_("Impact ratio"), [None if ratio is None else round(ratio, 3) for _label, ratio in bars])],
        title=_("Impact ratio: %(selection)s") % {"selection": section["title"]},
        value_range=(0.0, 1.2),
        threshold=0.8,
        threshold_label=_("Four-fifths line (0.8)"),
    )


def scatter_chart(study: ValidityStudy, results: dict[str, Any]) -> SafeString | None:
    if not results.get("scatter"):
        return None
    return charts.scatter(
        results["scatter"],
        title=_("Composite score vs %(metric)s") % {"metric": study.outcome},
        x_title=_("Composite (current weights)"),
        y_title=str(study.outcome),
    )


def validity_chart(rows: Sequence[dict[str, Any]]) -> SafeString:
    """Each predictor's correlation with the outcome, with its 95 % interval as a whisker."""
    return charts.bar_chart(
        [r["name"] for r in rows],
        [(_("Correlation r"), [None if r["r"] is None else round(r["r"], 3) for r in rows])],
        title=_("Validity of each predictor (r with 95 % CI)"),
        value_range=(-1.0, 1.0),
        intervals=[
            None if r["ci_low"] is None or r["ci_high"] is None else (r["ci_low"], r["ci_high"]) for r in rows
        ],
    )


def weights_chart(rows: Sequence[dict[str, Any]]) -> SafeString:
    return charts.bar_chart(
        [r["name"] for r in rows],
        [
            (_("Current"), [round(r["current"] or 0, 3) for r in rows]),
            (_("Proposed"), [round(r["proposed"] or 0, 3) for r in rows]),
        ],
        title=_("Weights"),
        value_range=(0.0, 1.0),
    )


def _pct(rate: float | None) -> float | None:
    return None if rate is None else 100 * rate


def funnel_chart(funnel: Sequence[dict[str, Any]]) -> SafeString | None:
    """People at each funnel stage across all requisitions, widest first."""
    if not funnel:
        return None
    keys = ("candidates", "hired", "onboarded", "certified", "ramped")
    return charts.bar_chart(
        [_("Candidates"), _("Hired"), _("Onboarding complete"), _("Certified"), _("Ramped")],
        [(_("People"), [sum(row[key] for row in funnel) for key in keys])],
        title=_("Funnel across all requisitions"),
    )


def readiness_chart(readiness: Sequence[dict[str, Any]]) -> SafeString | None:
    if not readiness:
        return None
    return charts.bar_chart(
        [row["team"] for row in readiness],
        [
            (_("Path progress %"), [row["path_progress"] for row in readiness]),
            (_("Onboarding complete %"), [_pct(row["onboarded_rate"]) for row in readiness]),
            (_("Certified %"), [_pct(row["certified_rate"]) for row in readiness]),
            (_("Coached %"), [_pct(row["coached_rate"]) for row in readiness]),
            (_("Qualified %"), [_pct(row["qualified_rate"]) for row in readiness]),
        ],
        title=_("Readiness by team"),
        value_range=(0.0, 100.0),
        value_format=charts.percent,
    )


def exams_chart(exams: Sequence[dict[str, Any]]) -> SafeString | None:
    if not exams:
        return None
    return charts.bar_chart(
        [row["exam"] for row in exams],
        [
            (_("Items analysed"), [row["items"] for row in exams]),
            (_("Items flagged"), [row["flagged"] for row in exams]),
        ],
        title=_("Items flagged by item analysis"),
    )


def performance_preview(*, preview: ImportPreview, token: str) -> Preview:
    """The import's preview step: the first 50 rows as read, or every row's problems by row and field."""
    return Preview(
        title=_("Preview"),
        totals=_("Records ready to import: %(count)s.") % {"count": len(preview.rows)},
        headers=list(COLUMNS),
        number_label=_("Row"),
        rows=[
            PreviewRow(number=row.number, cells=[row.data[c] for c in COLUMNS], errors=row.errors)
            for row in preview.rows
        ],
        file_errors=preview.file_errors,
        confirm_label=_("Import these records"),
        cancel_url=reverse("analytics:performance_import"),
        hidden={"token": token},
        shown=50,
    )
