"""Plain-words account of a finished validity study: what was tested, what it found, how sure, what happens next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stats.validity import DETECTABLE_GAIN, MATERIAL_IMPROVEMENT, POWER_GATE

from .models import PredictorFamily, ValidityStudy


def wait_text(results: dict[str, Any], *, hiring: bool) -> str | None:
    """ "About 260 more hires; at your rate, around September 2027." — None unless the study must wait."""
    more = results.get("more_needed")
    if results.get("recommendation") != "insufficient_data" or more is None:
        return None
    if hiring:
        text = ngettext("About %(n)s more hire", "About %(n)s more hires", more) % {"n": more}
    else:
        text = ngettext("About %(n)s more person", "About %(n)s more people", more) % {"n": more}
    expected = results.get("expected_by")
    if expected:
        month = date_format(dt.date.fromisoformat(expected), "YEAR_MONTH_FORMAT")
        return _("%(text)s; at your rate, around %(month)s.") % {"text": text, "month": month}
    return _("%(text)s; there is no hiring rate yet to say when.") % {"text": text}


def ramp_text(survival: dict[str, Any] | None) -> str | None:
    """The Cox model's hazard ratio as a sales leader reads it: how much sooner a higher score ramps."""
    if not survival or survival.get("hazard_ratio") is None:
        return None
    values = {
        "hr": survival["hazard_ratio"],
        "low": survival["ci_low"],
        "high": survival["ci_high"],
        "n": survival["n"],
        "events": survival["events"],
    }
    text = (
        _(
            "Time to ramp: of %(n)s hires, %(events)s have reached quota in a month so far. A hire one step "
            "(one standard deviation) higher on today's weighted score is %(hr).2f times as likely to reach quota "
            "in any given month (95 %% interval %(low).2f to %(high).2f)."
        )
        % values
    )
    if survival.get("leavers_censored"):
        text += " " + ngettext(
            "%(count)s hire who left before ramping still counts for the months they were here.",
            "%(count)s hires who left before ramping still count for the months they were here.",
            survival["leavers_censored"],
        ) % {"count": survival["leavers_censored"]}
    elif survival.get("leavers_dropped"):
        text += " " + ngettext(
            "%(count)s hire who left before ramping is left out, as this metric asks.",
            "%(count)s hires who left before ramping are left out, as this metric asks.",
            survival["leavers_dropped"],
        ) % {"count": survival["leavers_dropped"]}
    return str(text)


def explain(study: ValidityStudy, results: dict[str, Any]) -> dict[str, str]:
    """Four short paragraphs for the study page, in the words a sales leader uses."""
    hiring = study.family == PredictorFamily.HIRING
    people = _("hires") if hiring else _("people")
    rec = results.get("recommendation")
    values = {
        "n": results.get("n", 0),
        "people": people,
        "metric": study.outcome,
        "criteria": len(results.get("criteria", [])),
        "gain": DETECTABLE_GAIN,
        "material": MATERIAL_IMPROVEMENT,
    }
    tested = (
        _(
            "We checked whether the scores of %(n)s %(people)s predict their %(metric)s, and whether weighting "
            "the %(criteria)s criteria differently would predict it better than today's weights."
        )
        % values
    )

    r = results.get("composite_r")
    found_parts = []
    if r is not None:
        found_parts.append(
            _("Today's weighted score and %(metric)s move together with a correlation of %(r).2f.")
            % {"metric": study.outcome, "r": r}
        )
    gain, ci = results.get("gain"), results.get("improvement_ci")
    if gain is not None and ci and ci[0] is not None and ci[1] is not None:
        found_parts.append(
            _(
                "The best possible re-weighting would raise that by about %(gain).2f "
                "(95 %% interval %(low).2f to %(high).2f)."
            )
            % {"gain": gain, "low": ci[0], "high": ci[1]}
        )
    ramp = ramp_text(results.get("survival"))
    if ramp:
        found_parts.append(ramp)
    found = (
        " ".join(str(p) for p in found_parts) or _("There were too few %(people)s to measure this.") % values
    )

    power, p_value = results.get("power"), results.get("f_p_value")
    if rec == "insufficient_data":
        sure = (
            _(
                "Not sure enough yet: with this many %(people)s a real gain of %(gain).2f would be spotted less "
                "than half the time, so a 'no change' answer would mean little."
            )
            % values
        )
        if power is not None:
            sure += " " + _("Chance of spotting it now: %(power)d %%.") % {"power": round(100 * power)}
    elif p_value is not None:
        if p_value < 0.05:
            if p_value < 0.001:
                # "p = 0.000" reads as "impossible"; say how small it is instead.
                sure = _(
                    "Sure enough: if today's weights were already the best, a difference this large would turn "
                    "up by chance less than once in 1,000 studies (p < 0.001)."
                )
            else:
                sure = _(
                    "Sure enough: if today's weights were already the best, a difference this large would turn "
                    "up by chance less than 5 times in 100 (p = %(p).3f)."
                ) % {"p": p_value}
        else:
            sure = _(
                "The difference is within what chance alone produces (p = %(p).3f), so there is no evidence "
                "that other weights would do better."
            ) % {"p": p_value}
    else:
        sure = _("With a single score there are no weights to compare; the correlation above is the finding.")

    if rec == "adopt":
        after = _(
            "Next: an analyst reviews the proposed weights and the fairness check; adopting them creates a new "
            "rubric version that requisitions opened from then on use."
        )
    elif rec == "insufficient_data":
        after = wait_text(results, hiring=hiring) or ""
        after = _(
            "Next: keep today's weights and wait. %(wait)s The study re-runs itself every month and tells "
            "whoever started it once it has at least an even chance (%(gate)d %%) of spotting a %(gain).2f gain."
        ) % {
            "wait": after,
            "gate": round(100 * POWER_GATE),
            "gain": DETECTABLE_GAIN,
        }
    else:
        after = (
            _(
                "Next: keep today's weights. A change is proposed only when it is both clear (the test above) and "
                "worth having (at least %(material).2f better)."
            )
            % values
        )
    return {"tested": str(tested), "found": str(found), "sure": str(sure), "next": str(after)}
