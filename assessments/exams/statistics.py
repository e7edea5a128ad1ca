"""Item analysis of an exam: load the marks in one query, hand arrays to stats.psychometrics, keep a JSON result."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import numpy as np

from stats.psychometrics import distractor_analysis, item_analysis, random_guess_score

from .models import Attempt, Exam, ItemAnalysisResult, QuestionVersion, Response
from .vocabulary import QuestionType

DISCRIMINATION_CHECK = 0.3
EFFICIENCY_DUBIOUS = 0.15


def _clean(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return None if math.isnan(float(value)) else round(float(value), 6)
    return value


def exam_item_analysis_compute(*, exam: Exam, now: datetime) -> ItemAnalysisResult:
    """Items are the questions delivered in every submitted attempt (others are counted and left out)."""
    rows = list(
        Response.objects.filter(attempt__exam=exam, attempt__state=Attempt.State.SUBMITTED, max_mark__gt=0)
        .order_by("attempt_id", "position")
        .values_list(
            "attempt_id", "version__question_id", "version__question__name", "version__qtype",
            "fraction", "max_mark", "value", "choice_order", "version_id",
        )
    )  # fmt: skip
    attempts: dict[int, dict[int, tuple[float, Any]]] = {}
    names: dict[int, str] = {}
    qtypes: dict[int, str] = {}
    max_marks: dict[int, float] = {}
    newest: dict[int, int] = {}
    for attempt_id, qid, name, qtype, fraction, max_mark, value, order, version_id in rows:
        newest[qid] = max(newest.get(qid, 0), version_id)
        shown = value if qtype == QuestionType.MULTICHOICE and isinstance(value, int) else None
        choice = order[shown] if shown is not None and 0 <= shown < len(order) else None
        attempts.setdefault(attempt_id, {})[qid] = ((fraction or 0.0) * max_mark, choice)
        names[qid], qtypes[qid], max_marks[qid] = name, qtype, max_mark
    guess = {
        qid: random_guess_score(
            qtype,
            [float(a.get("fraction", 0)) for a in (data or {}).get("answers", [])],
            single=bool((data or {}).get("single", True)),
        )
        for qid, qtype, data in QuestionVersion.objects.filter(pk__in=newest.values()).values_list(
            "question_id", "qtype", "data"
        )
    }
    attempt_ids = sorted(attempts)
    common = sorted(set.intersection(*(set(a) for a in attempts.values()))) if attempts else []
    payload: dict[str, Any] = {
        "items": [],
        "test": {},
        "left_out": len(names) - len(common),
        "histogram": [],
    }
    if len(attempt_ids) >= 2 and common:
        marks = np.array([[attempts[a][q][0] for q in common] for a in attempt_ids])
        maxima = np.array([max_marks[q] for q in common])
        analysis = item_analysis(marks, maxima)
        totals = marks.sum(axis=1)
        for index, qid in enumerate(common):
            stats = {k: _clean(v) for k, v in analysis.items.iloc[index].to_dict().items()}
            flags = []
            d, e = stats.get("discrimination"), stats.get("discriminative_efficiency")
            if d is not None and d < 0:
                flags.append("negative")
            if d is not None and d < DISCRIMINATION_CHECK:
                flags.append("check")
            if e is not None and e < EFFICIENCY_DUBIOUS:
                flags.append("dubious")
            distractors = []
            if qtypes[qid] == QuestionType.MULTICHOICE:
                picks = [attempts[a][qid][1] for a in attempt_ids]
                labels: list[object] = [None if p is None else chr(65 + p) for p in picks]
                table = distractor_analysis(labels, totals)  # type: ignore[arg-type]
                distractors = [
                    {"option": str(label), **{k: _clean(v) for k, v in row.items()}}
                    for label, row in table.to_dict(orient="index").items()
                ]
            payload["items"].append(
                {
                    "question_id": qid,
                    "name": names[qid],
                    "stats": stats,
                    # Moodle's random guess score, as a fraction of the item's mark (None: not defined).
                    "random_guess": guess.get(qid),
                    "flags": flags,
                    "distractors": distractors,
                }
            )
        payload["test"] = {k: _clean(v) for k, v in analysis.test.items()}
        percent = 100 * totals / maxima.sum()
        counts, _edges = np.histogram(percent, bins=10, range=(0, 100))
        payload["histogram"] = [int(c) for c in counts]
    result, _created = ItemAnalysisResult.objects.update_or_create(
        exam=exam, defaults={"computed_at": now, "attempts_count": len(attempt_ids), "payload": payload}
    )
    return result
