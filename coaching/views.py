"""Coaching pages: thin views over selectors (who sees what) and services (what changes)."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import UnitNotVisible, team_scope
from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from core import charts
from core.http import AuthedHttpRequest, role_required
from core.pagination import FromEitherEnd, page_of

from . import programs, selectors
from .forms import (
    EngagementStartForm,
    SessionStartForm,
    actions_from,
    draft_id_from,
    fieldday_data,
    ratings_from,
)
from .measures import provided_labels, week_start, weekly_table
from .models import BuyingRole, QualificationApplication, QualificationLevel, Segment, Visit
from .reminders import PENDING_SHOWN
from .services import (
    engagement_create,
    fieldday_cancel,
    fieldday_save,
    qualification_appeal,
    qualification_apply,
    qualification_decide,
    session_acknowledge,
    session_close,
    session_coach_rate,
    session_create,
    session_self_rate,
)

HOME_ROLES = (Role.LEARNER, Role.COACH, Role.ADMIN)
TEAM_ROLES = (Role.COACH, Role.ANALYST, Role.ADMIN)
PANEL_ROLES = (Role.COACH, Role.ADMIN)
TEAM_PAGE_SIZE = 50


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@role_required(*HOME_ROLES)
def home(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    engagements = list(selectors.engagements_visible_to(user).order_by("-start_date", "id"))
    return render(
        request,
        "coaching/home.html",
        {
            "coaching": [e for e in engagements if e.coach_id == user.pk],
            "managed": [e for e in engagements if e.coach_id != user.pk and e.seller_id != user.pk],
            "mine": [e for e in engagements if e.seller_id == user.pk],
            "to_rate": selectors.sessions_awaiting_self_rating(user),
            "is_team_viewer": user_has_role(user, *TEAM_ROLES),
            "may_start": selectors.may_coach(user),
            "may_author": programs.may_author_programs(user),
        },
    )


@role_required(*TEAM_ROLES)
def team(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    try:
        scope = team_scope(user, request.GET.get("unit"))
    except UnitNotVisible:
        raise Http404 from None  # an unknown unit and another manager's unit look the same
    visible = selectors.engagements_coached_by(user)
    if scope.unit is not None:
        visible = visible.filter(seller__in=scope.people.values("pk"))
    today = timezone.localdate()
    # The accountability table counts each coach's engagements in view, so the per-seller table needs no COUNT.
    accountability = selectors.coach_accountability(visible, today=today, pending_limit=PENDING_SHOWN)
    # The per-seller table is paged in the database; the before/after above it covers everyone in view. The page's
    # ids are picked on narrow rows (the sort over everyone in view carries a name and an id, not every joined
    # column), then the rows shown are read whole.
    page = page_of(
        FromEitherEnd(
            visible.order_by("seller__last_name", "id").values_list("pk", flat=True),
            count=sum(row["engagements"] for row in accountability),
        ),
        request.GET.get("page"),
        per_page=TEAM_PAGE_SIZE,
    )
    shown = selectors.engagements_by_id(list(page.object_list))
    measures = selectors.team_measures(visible, shown, today=today)
    labels = {
        "visits": _("Visits per week"),
        "hit_rate": _("Appointment hit rate"),
        "avg_duration": _("Conversation length (min)"),
        "effectiveness": _("Visit effectiveness"),
    }
    provided_units = provided_labels(measures.provided)
    provided_titles = {label: _measure_title(label, unit) for label, unit in provided_units.items()}
    rows = [(labels[row.measure], row.before, row.during) for row in measures.comparison] + [
        (provided_titles[row.measure], row.before, row.during) for row in measures.provided_comparison
    ]
    # Measures have different units, so each pair of bars is scaled to its own larger value.
    chart = charts.bar_chart(
        [name for name, _before, _during in rows],
        [(_("Before"), [r[1] for r in rows]), (_("During/after"), [r[2] for r in rows])],
        title=_("Team: before vs during/after the program"),
        per_row_scale=True,
    )
    return render(
        request,
        "coaching/team.html",
        {
            "measures": measures,
            "labels": labels,
            "provided_titles": provided_titles,
            "chart": chart,
            "accountability": accountability,
            "today": today,
            "scope": scope,
            "keep": [],
            "page": page,
            "per_seller": measures.per_seller,
        },
    )


@role_required(*selectors.COACHING_ROLES)
def engagement_new(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    rubric_version = selectors.latest_coaching_rubric_version()
    form = EngagementStartForm(
        request.POST if request.method == "POST" else None,
        sellers=selectors.sellers_coachable_by(user),
        rubric_version=rubric_version,
        today=timezone.localdate(),
    )
    if request.method == "POST" and rubric_version is not None and form.is_valid():
        try:
            created = engagement_create(coach=user, actor=user, **form.engagement_kwargs())
        except ValidationError as exc:
            # The service's own checks name their field too; unknown fields go to the top of the form.
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Engagement started: the calendar of days is ready."))
            return redirect("coaching:engagement", pk=created.pk)
    return render(
        request,
        "coaching/engagement_new.html",
        {"form": form, "rubric_version": rubric_version},
        status=400 if request.method == "POST" else 200,
    )


def _engagement_or_404(request: AuthedHttpRequest, pk: int) -> Any:
    engagement = selectors.engagement_detail(user=request.user, pk=pk)
    if engagement is None:
        raise Http404
    return engagement


@login_required
def engagement(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = _engagement_or_404(request, pk)
    weeks = selectors.seller_weeks(item.seller_id)
    period = selectors.engagement_period(item)
    today = timezone.localdate()
    provided = selectors.seller_provided(item.seller_id, weeks=weeks, program_start=period[0], today=today)
    chart_titles = {
        "visits": _("Visits per week"),
        "hit_rate": _("Appointment hit rate"),
        "effectiveness": _("Visit effectiveness"),
        "avg_duration": _("Conversation length (min)"),
    }
    shade = (week_start(period[0]), period[1])

    def chart(points: list[tuple[dt.date, float | None]], title: str) -> Any:
        # The card prints the title above the chart; it stays the chart's accessible name.
        return charts.line_chart(
            points, title=title, shade=shade, shade_label=_("Program period"), show_title=False
        )

    chart_list = (
        [
            (title, chart([(w.week_start, w.value(m)) for w in weeks], title))
            for m, title in chart_titles.items()
        ]
        if weeks
        else []
    )
    provided_units = provided_labels(provided)
    provided_titles = {label: _measure_title(label, unit) for label, unit in provided_units.items()}
    for label, title in provided_titles.items():
        chart_list.append(
            (title, chart([(p.week_start, p.value) for p in provided if p.label == label], title))
        )
    table = weekly_table(weeks, provided, labels=list(provided_titles))
    return render(
        request,
        "coaching/engagement.html",
        {
            "engagement": item,
            "is_coach": user.pk == item.coach_id,
            "weeks": weeks,
            "charts": chart_list,
            "measure_titles": chart_titles,
            "provided_titles": list(provided_titles.values()),
            "measure_table": table,
            "today": today,
        },
    )


def _measure_title(label: str, unit: str) -> str:
    return _("%(label)s (%(unit)s)") % {"label": label, "unit": unit} if unit else label


def _fieldday_context(
    engagement: Any, data: dict[str, Any], draft_id: uuid.UUID, errors: list[str]
) -> dict[str, Any]:
    visits = data.get("visits") or [{}, {}]
    return {
        "engagement": engagement,
        "data": data,
        "visits": visits,
        "draft_id": draft_id,
        "errors": errors,
        "segments": Segment.choices,
        "roles": BuyingRole.choices,
        "call_types": Visit.CallType.choices,
        "objectives": Visit.Objective.choices,
        "ratings": range(1, 6),
        "js_messages": {
            "offline": _(
                "No connection: the field day is kept on this phone and is sent when you are back online."
            ),
            "restored": _("An unsent draft was restored from this phone."),
            "saving": _("Saving…"),
            "kept": _("Draft kept on this phone."),
            "failed": _("Not saved: correct the fields named above."),
        },
    }


@login_required
def fieldday(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: the phone form; POST: save (form post, or fetch from fieldday.js, which answers in JSON)."""
    user = request.user
    item = _engagement_or_404(request, pk)
    if user.pk != item.coach_id:
        raise PermissionDenied
    if request.method != "POST":
        data = {"date": timezone.localdate().isoformat(), "visits": [{}, {}]}
        return render(request, "coaching/fieldday.html", _fieldday_context(item, data, uuid.uuid4(), []))
    data = fieldday_data(request.POST)
    draft_id = draft_id_from(request.POST)
    errors: list[str] = []
    if draft_id is None:
        errors = [_("The form is missing its draft id; reload the page.")]
    else:
        try:
            field_day, _created = fieldday_save(engagement=item, actor=user, draft_id=draft_id, data=data)
        except ValidationError as exc:
            errors = list(exc.messages)
    url = reverse("coaching:engagement", args=[item.pk])
    if _is_fetch(request):
        if errors:
            return JsonResponse({"ok": False, "errors": errors}, status=400)
        return JsonResponse({"ok": True, "url": url, "id": field_day.pk})
    if errors:
        return render(
            request,
            "coaching/fieldday.html",
            _fieldday_context(item, data, draft_id or uuid.uuid4(), errors),
            status=400,
        )
    messages.success(request, _("Field day saved."))
    return redirect(url)


@login_required
def fieldday_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A logged field day, read-only, for the coach and seller of its engagement (and who may see them)."""
    day = selectors.field_day_for(user=request.user, pk=pk)
    if day is None:
        raise Http404
    visits = list(day.visits.all())
    can_cancel = request.user.pk == day.engagement.coach_id and not visits and day.cancelled_at is None
    return render(
        request, "coaching/fieldday_detail.html", {"day": day, "visits": visits, "can_cancel": can_cancel}
    )


@login_required
@require_POST
def fieldday_cancel_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    day = selectors.field_day_for(user=request.user, pk=pk)
    if day is None:
        raise Http404
    if request.user.pk != day.engagement.coach_id:
        raise PermissionDenied
    try:
        fieldday_cancel(field_day=day, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Field day cancelled; the invitation is withdrawn."))
    return redirect("coaching:fieldday_detail", pk=day.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: a short form (date, reviewed field day); POST: open the session. Nothing is created by a GET."""
    user = request.user
    item = _engagement_or_404(request, pk)
    if user.pk != item.coach_id:
        raise PermissionDenied
    today = timezone.localdate()
    form = SessionStartForm(request.POST or None, engagement=item, today=today)
    if request.method == "POST" and form.is_valid():
        session = session_create(
            engagement=item,
            held_on=form.cleaned_data["held_on"],
            field_day=form.cleaned_data["field_day"],
            actor=user,
        )
        return redirect("coaching:session", pk=session.pk)
    return render(
        request,
        "coaching/session_new.html",
        {"engagement": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.session_for(user=user, pk=pk)
    if item is None:
        raise Http404
    view = selectors.session_view(session=item, user=user)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "close":
                if not view.can_close:
                    raise PermissionDenied
                session_close(session=item, coach=user)
                messages.success(request, _("Session closed: the seller now sees your ratings."))
            elif view.can_self_rate:
                session_self_rate(session=item, seller=user, ratings=ratings_from(request.POST))
                messages.success(request, _("Self-rating submitted."))
            elif view.can_coach_rate:
                actions, bad_rows = actions_from(request.POST, item.engagement)
                if bad_rows:
                    raise ValidationError([_("Action %(n)s: give a due date.") % {"n": n} for n in bad_rows])
                session_coach_rate(
                    session=item,
                    coach=user,
                    ratings=ratings_from(request.POST),
                    shared_notes=request.POST.get("shared_notes", ""),
                    private_notes=request.POST.get("private_notes", ""),
                    actions=actions,
                    followed_up={
                        int(k[5:]): True for k in request.POST if k.startswith("done-") and k[5:].isdigit()
                    },
                )
                messages.success(request, _("Session ratings submitted."))
            else:
                raise PermissionDenied
            return redirect("coaching:session", pk=item.pk)
        except ValidationError as exc:
            errors = list(exc.messages)
    return render(
        request,
        "coaching/session.html",
        {
            "view": view,
            "session": item,
            "errors": errors,
            "open_items": selectors.open_action_items(engagement=item.engagement, before=item)
            if view.can_coach_rate
            else [],
            "new_action_rows": range(1, 4),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def session_ack(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.session_for(user=user, pk=pk)
    if item is None:
        raise Http404
    try:
        session_acknowledge(session=item, seller=user)
        messages.success(request, _("Session acknowledged."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("coaching:session", pk=item.pk)


# ---------------------------------------------------------------- passport


def _passport_seller(request: AuthedHttpRequest, user_id: int) -> User:
    seller = get_object_or_404(User, pk=user_id, is_active=True)
    if not selectors.passport_allowed(viewer=request.user, seller=seller):
        raise Http404  # 404, not 403: do not confirm that the person exists
    return seller


@login_required
def passport(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    seller = _passport_seller(request, user_id)
    data = selectors.passport(seller=seller)
    trend = [(row["session"].held_on, row["mean"]) for row in data["sessions"]]
    chart = charts.line_chart(trend, title=_("Coach's mean rating per session")) if trend else ""
    return render(
        request,
        "coaching/passport.html",
        {
            "p": data,
            "chart": chart,
            "segments": [(label, data["segments"][k]) for k, label in Segment.choices if data["segments"][k]],
            "roles": [(label, data["roles"][k]) for k, label in BuyingRole.choices if data["roles"][k]],
        },
    )


@login_required
def passport_json(request: AuthedHttpRequest, user_id: int) -> JsonResponse:
    seller = _passport_seller(request, user_id)
    return JsonResponse(selectors.passport_export(seller=seller))


@login_required
def passport_pdf(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    from .pdf import passport_pdf as render_pdf

    seller = _passport_seller(request, user_id)
    buffer = io.BytesIO()
    render_pdf(selectors.passport_export(seller=seller), buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="passport-{seller.pk}.pdf"'
    return response


# ---------------------------------------------------------------- qualification levels


@login_required
def qualifications(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        level = get_object_or_404(QualificationLevel, pk=request.POST.get("level") or 0)
        try:
            application = qualification_apply(seller=user, level=level)
            return redirect("coaching:application", pk=application.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "coaching/qualifications.html",
        {
            "levels": QualificationLevel.objects.prefetch_related("required_exams").order_by("rank"),
            "applications": selectors.applications_visible_to(user).filter(seller=user),
            "to_review": selectors.applications_visible_to(user)
            .exclude(seller=user)
            .filter(status=QualificationApplication.Status.IN_REVIEW)
            if user_has_role(user, *PANEL_ROLES)
            else [],
            "grant": selectors.current_grant(user=user, now=timezone.now()),
            "suspended": selectors.suspended_grants(user=user, now=timezone.now()),
        },
    )


@login_required
def application(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.applications_visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404
    is_panel = user.pk != item.seller_id and user_has_role(user, *PANEL_ROLES)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "appeal":
                qualification_appeal(application=item, seller=user, reason=request.POST.get("reason", ""))
                messages.success(request, _("Appeal filed; the application is back in review."))
            elif is_panel:
                qualification_decide(
                    application=item,
                    panelist=user,
                    decision=request.POST.get("decision", ""),
                    rationale=request.POST.get("rationale", ""),
                    panel_ratings={pk_: int(v) for pk_, (v, _e) in ratings_from(request.POST).items() if v},
                )
                messages.success(request, _("Decision recorded."))
            else:
                raise PermissionDenied
            return redirect("coaching:application", pk=item.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except ValueError:
            messages.error(request, _("Ratings must be whole numbers."))
    criteria = (
        list(item.level.panel_rubric_version.criteria.all()) if item.level.panel_rubric_version_id else []
    )
    return render(
        request,
        "coaching/application.html",
        {
            "application": item,
            "is_panel": is_panel and item.status == QualificationApplication.Status.IN_REVIEW,
            "is_applicant": user.pk == item.seller_id,
            "criteria": criteria,
        },
    )


# ---------------------------------------------------------------- program authoring


def _program_author(request: AuthedHttpRequest) -> User:
    user = request.user
    if not programs.may_author_programs(user):
        raise PermissionDenied
    return user


@login_required
def program_list(request: AuthedHttpRequest) -> HttpResponse:
    _program_author(request)
    return render(request, "coaching/program_list.html", {"programs": programs.programs_for_authoring()})


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    """New program, or edit one: a program in use is saved as its next version (the page says so first)."""
    user = _program_author(request)
    program = get_object_or_404(programs.programs_for_authoring(), pk=pk) if pk is not None else None
    initial, day_rows = programs.initial_of(program) if program is not None else ({}, [])
    post = request.POST if request.method == "POST" else None
    form = programs.ProgramForm(post, initial=initial)
    days = programs.DayFormSet(post, initial=day_rows, prefix="day")
    errors: list[str] = []
    if post is not None and form.is_valid() and days.is_valid():
        try:
            saved = programs.program_save(
                program=program,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                focus_competencies=form.lines(form.cleaned_data["focus_competencies"]),
                phases=form.lines(form.cleaned_data["phases"]),
                days=programs.plans_from(days),
                actor=user,
            )
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            if program is not None and saved.pk != program.pk:
                messages.success(
                    request,
                    _("Saved as version %(n)s; running engagements keep their plan.") % {"n": saved.version},
                )
            else:
                messages.success(request, _("Program saved."))
            return redirect("coaching:program_list")
    return render(
        request,
        "coaching/program_edit.html",
        {
            "program": program,
            "form": form,
            "days": days,
            "errors": errors,
            "in_use": program is not None and program.engagement_count > 0,  # type: ignore[attr-defined]
        },
        status=400 if post is not None else 200,
    )
