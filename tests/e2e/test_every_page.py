"""Every page of the permission matrix, as each persona allowed in, at 1366 and 375 px, in English and Chinese.

On the seeded demo, every HTML page must show the global header (brand, navigation, language menu), scroll no
wider than the screen, log no console error and ask nothing of any host but the local server. All failures are
collected and reported in one message, so one run lists everything broken.

`RAMPWAY_SCREENSHOTS_DIR=docs/screenshots` (`make screenshots`) also saves the pages named in SCREENSHOTS there.
"""

from __future__ import annotations

import io
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request
from pytest_django.live_server_helper import LiveServer

from accounts.demo import demo_email
from accounts.models import User
from analytics import selectors as analytics_selectors
from analytics.models import PredictorFamily, ValidityStudy
from assessments.exams.models import Attempt, Certification, Exam, Question, QuestionBank
from assessments.exams.services import attempt_start
from assessments.hiring import selectors as hiring_selectors
from assessments.hiring.applications import requisitions_open_for_applications
from assessments.hiring.models import OPEN_STAGES, Interview, Scorecard
from coaching import selectors as coaching_selectors
from coaching.models import CoachingProgram, CoachingSession, FieldDay
from tests.home.permission_matrix import MATRIX

pytestmark = pytest.mark.e2e

# Persona (as the matrix names it) → the demo account that plays it. The learner is a coached seller, so the
# learner's coaching, passport and qualification pages have real objects too (the README's Lucy has none).
ACCOUNTS: dict[str | None, str | None] = {
    "learner": "emma.johnson",
    "trainer": "trainer",
    "recruiter": "recruiter",
    "coach": "coach",
    "analyst": "analyst",
    "admin": "admin",
    None: None,
}
# Each route is opened as the first persona allowed in, in this order (the page's most ordinary reader), and the
# dashboard as everyone; RAMPWAY_E2E_EVERY_PERSONA=1 opens every route as every persona allowed in (about 2×).
PREFERENCE: tuple[str | None, ...] = ("learner", "coach", "recruiter", "trainer", "analyst", "admin", None)
EVERY_PERSONA_ROUTES = {"", "dashboard/"}
WIDTHS = {1366: {"width": 1366, "height": 900}, 375: {"width": 375, "height": 812}}
LANGUAGES = {"en": "en-US", "zh-hans": "zh-CN"}  # language cookie value → the browser's locale

# Not an HTML page: never opened in a tab, only probed once for its content type.
NOT_HTML = {
    "healthz": "JSON liveness probe",
    "readyz": "JSON readiness probe",
    "favicon.ico": "the icon browsers ask for",
    "hiring/candidates/<int:pk>/cv/": "CV download",
    "hiring/candidates/<int:pk>/scorecards.json": "JSON",
    "exams/banks/<slug:slug>/export.xml": "Moodle XML download",
    "exams/certificates/<str:code>.pdf": "PDF",
    "exams/questions/<int:pk>/files/<str:name>": "a question's embedded image or download",
    "coaching/passport/<int:user_id>/export.json": "JSON",
    "coaching/passport/<int:user_id>/export.pdf": "PDF",
    "analytics/performance/template.<str:fmt>": "CSV template",
    "api/v1/openapi.json": "JSON",
    "api/v1/candidates": "JSON",
    "api/v1/candidates/<candidate_id>": "JSON",
    "api/v1/candidates/<candidate_id>/scorecards": "JSON",
    "api/v1/hires": "JSON",
    "api/v1/enrollments": "JSON",
    "api/v1/certifications": "JSON",
    "api/v1/certifications/verify/<code>": "JSON",
    "calendar/<str:token>.ics": "iCalendar feed",
    ".well-known/jwks.json": "JSON Web Key Set",
    "badges/issuer": "JSON-LD issuer profile",
    "badges/status/<str:list_id>": "the revocation status list as a signed credential (application/vc+jwt)",
    "verify/<str:code>/badge": "the certification as a signed Open Badges credential (application/vc+jwt)",
    "exams/workbench/exams/<slug:slug>/pool/": "JSON pool size of a blueprint rule",
}
# HTML that is not a page of ours: a fragment htmx swaps in, or a third party's own layout (no global header).
FRAGMENTS = {"analytics/studies/<int:pk>/status/": "htmx fragment of the study page"}
OWN_LAYOUT = {"admin/": "Wagtail admin", "django-admin/": "Django admin", "api/v1/docs": "Swagger UI"}
# Pages with ids that the demo has no object for; each names what is missing.
NO_DEMO_OBJECT = {
    "exams/grading/<int:response_id>/": "the demo has no essay answers to grade",
    "integrations/webhooks/<int:pk>/": "the demo registers no webhook endpoint (tests/e2e/test_webhook_endpoints.py does)",
    "careers/<int:pk>/self-identification/": "the step opens only right after applying (tests/e2e/test_careers_application.py applies)",
    "onboarding/lessons/<int:lesson_id>/scorm/<path:path>": "the demo has no SCORM package (tests/e2e/test_scorm_lesson.py plays one)",
}

# Known failures owned by other engineers, so main stays green until their fixes land: (route, check).
# The integrator empties this set; an entry that no longer fails makes the test fail so it cannot go stale.
KNOWN_BROKEN: set[tuple[str, str]] = (
    set()
)  # (route, check) pairs allowed to fail; empty means every page holds

# (persona, route, width, language) → file name under RAMPWAY_SCREENSHOTS_DIR.
SCREENSHOTS: dict[tuple[str | None, str, int, str], str] = {
    **{(p, "", w, "en"): f"home-{p}-{w}" for p in ACCOUNTS if p for w in WIDTHS},
    (None, "", 1366, "en"): "home-anonymous-1366",
    **{("learner", "exams/attempts/<int:attempt_id>/", w, "en"): f"exam-attempt-{w}" for w in WIDTHS},
    **{("learner", "exams/attempts/<int:attempt_id>/result/", w, "en"): f"exam-result-{w}" for w in WIDTHS},
    **{("coach", "hiring/candidates/<int:pk>/", w, "en"): f"hiring-candidate-{w}" for w in WIDTHS},
    **{
        ("coach", "coaching/engagements/<int:pk>/field-day/", w, "en"): f"coaching-field-day-{w}"
        for w in WIDTHS
    },
    **{("analyst", "analytics/studies/<int:pk>/", w, "en"): f"analytics-validity-study-{w}" for w in WIDTHS},
    ("learner", "", 375, "zh-hans"): "home-learner-375-zh-hans",
    ("coach", "coaching/engagements/<int:pk>/field-day/", 1366, "zh-hans"): "coaching-field-day-1366-zh-hans",
    ("analyst", "analytics/studies/<int:pk>/", 1366, "zh-hans"): "analytics-validity-study-1366-zh-hans",
}
taken: set[str] = set()  # screenshots saved in this run
SHOT_MAX_HEIGHT = 2000  # px of a full page kept in a screenshot: the top is what a reader looks at


def _gets_in(expected: object) -> bool:
    """The persona gets in: 200, or 404 for the matrix's made-up id (a real object of theirs answers 200)."""
    return expected in (200, 404)


def _post_only(by_persona: dict[str | None, object]) -> bool:
    return all(v == 405 for p, v in by_persona.items() if p is not None)


# ---- concrete demo objects for the routes with ids: the same selectors the views use pick what each may see ----


def _requisition(user: User) -> list[str]:
    req = hiring_selectors.requisitions_managed_by(user).order_by("pk").first()
    return [f"/hiring/requisitions/{req.pk}/"] if req else []


def _under_requisition(suffix: str) -> Callable[[User], list[str]]:
    return lambda user: [f"{url}{suffix}" for url in _requisition(user)]


def _calibration(user: User) -> list[str]:
    req = hiring_selectors.requisitions_for_calibration(user).order_by("pk").first()
    return [f"/hiring/requisitions/{req.pk}/calibration/"] if req else []


def _candidate(user: User) -> list[str]:
    # A candidate with scorecards in, so the page shows the panel, not an empty shell.
    visible = hiring_selectors.candidates_visible_to(user)
    cand = visible.filter(scorecards__locked=True).order_by("pk").first() or visible.order_by("pk").first()
    return [f"/hiring/candidates/{cand.pk}/"] if cand else []


def _scorecard_to_fill(user: User) -> list[str]:
    interview = (
        Interview.objects.filter(interviewer=user, scorecard__isnull=True).order_by("pk").first()
        or Interview.objects.filter(interviewer=user, scorecard__locked=False).order_by("pk").first()
    )
    return [f"/hiring/candidates/{interview.candidate_id}/scorecard/"] if interview else []


def _schedule_form(user: User) -> list[str]:
    # An open candidate of a pipeline the user runs, on the first step of its plan.
    managed = hiring_selectors.requisitions_managed_by(user).values("pk")
    cand = (
        hiring_selectors.candidates_visible_to(user)
        .filter(requisition__in=managed, stage__in=OPEN_STAGES, requisition__steps__isnull=False)
        .order_by("pk")
        .first()
    )
    if cand is None:
        return []
    step = cand.requisition.steps.order_by("position", "id").first()
    return [f"/hiring/candidates/{cand.pk}/steps/{step.pk}/schedule/"] if step else []


def _scorecard_to_amend(user: User) -> list[str]:
    card = Scorecard.objects.filter(interviewer=user, locked=True).order_by("pk").first()
    return [f"/hiring/scorecards/{card.pk}/amend/"] if card else []


def _exam(suffix: str) -> Callable[[User], list[str]]:
    def resolve(user: User) -> list[str]:
        exam = Exam.objects.filter(status=Exam.Status.PUBLISHED).order_by("pk").first()
        return [f"/exams/{exam.slug}/{suffix}"] if exam else []

    return resolve


def _attempt_in_progress(user: User) -> list[str]:
    attempt = Attempt.objects.filter(user=user, state=Attempt.State.IN_PROGRESS).order_by("pk").first()
    return [f"/exams/attempts/{attempt.pk}/"] if attempt else []


def _attempt_summary(user: User) -> list[str]:
    return [f"{url}summary/" for url in _attempt_in_progress(user)]


def _field_day(user: User) -> list[str]:
    engagements = coaching_selectors.engagements_visible_to(user).values("pk")
    day = FieldDay.objects.filter(engagement__in=engagements).order_by("pk").first()
    return [f"/coaching/field-days/{day.pk}/"] if day else []


def _attempt_result(user: User) -> list[str]:
    attempt = Attempt.objects.filter(user=user, state=Attempt.State.SUBMITTED).order_by("pk").first()
    return [f"/exams/attempts/{attempt.pk}/result/"] if attempt else []


def _certificate_revoke(user: User) -> list[str]:
    cert = Certification.objects.exclude(status=Certification.Status.REVOKED).order_by("pk").first()
    return [f"/exams/certificates/{cert.code}/revoke/"] if cert else []


def _verify(user: User | None, suffix: str = "") -> list[str]:
    cert = Certification.objects.order_by("pk").first()
    return [f"/verify/{cert.code}/{suffix}"] if cert else []


def _engagement(suffix: str, *, coached: bool = False) -> Callable[[User], list[str]]:
    def resolve(user: User) -> list[str]:
        # The field-day form is the coach's alone; the seller and their manager read the engagement page.
        visible = (
            coaching_selectors.engagements_coached_by
            if coached
            else coaching_selectors.engagements_visible_to
        )
        engagement = visible(user).order_by("pk").first()
        return [f"/coaching/engagements/{engagement.pk}/{suffix}"] if engagement else []

    return resolve


def _session(user: User) -> list[str]:
    engagements = coaching_selectors.engagements_visible_to(user).values("pk")
    item = CoachingSession.objects.filter(engagement__in=engagements).order_by("pk").first()
    return (
        [f"/coaching/sessions/{item.pk}/"]
        if item and coaching_selectors.session_for(user=user, pk=item.pk)
        else []
    )


def _passport(user: User) -> list[str]:
    sellers = [e.seller for e in coaching_selectors.engagements_visible_to(user).order_by("pk")]
    seller = next(
        (s for s in [*sellers, user] if coaching_selectors.passport_allowed(viewer=user, seller=s)), None
    )
    return [f"/coaching/passport/{seller.pk}/"] if seller else []


def _application(user: User) -> list[str]:
    item = coaching_selectors.applications_visible_to(user).order_by("pk").first()
    return [f"/coaching/qualifications/applications/{item.pk}/"] if item else []


def _careers(suffix: str) -> Callable[[User | None], list[str]]:
    def resolve(user: User | None) -> list[str]:
        requisition = requisitions_open_for_applications().order_by("pk").first()
        return [f"/careers/{requisition.pk}/{suffix}"] if requisition else []

    return resolve


def _studies(user: User) -> list[str]:
    if not analytics_selectors.analytics_allowed(user):
        return []
    return [
        f"/analytics/studies/{pk}/"
        for pk in ValidityStudy.objects.order_by("pk").values_list("pk", flat=True)
    ]


def _fairness(user: User) -> list[str]:
    study = ValidityStudy.objects.filter(family=PredictorFamily.HIRING).order_by("pk").first()
    return [f"/analytics/studies/{study.pk}/fairness/"] if study else []


def _bank(suffix: str) -> Callable[[User], list[str]]:
    def resolve(user: User) -> list[str]:
        bank = QuestionBank.objects.order_by("pk").first()
        return [f"/exams/workbench/banks/{bank.slug}/{suffix}"] if bank else []

    return resolve


def _workbench_exam(suffix: str) -> Callable[[User], list[str]]:
    def resolve(user: User) -> list[str]:
        exam = Exam.objects.filter(status=Exam.Status.PUBLISHED).order_by("pk").first()
        return [f"/exams/workbench/exams/{exam.slug}/{suffix}"] if exam else []

    return resolve


def _question(suffix: str) -> Callable[[User], list[str]]:
    def resolve(user: User) -> list[str]:
        question = Question.objects.order_by("pk").first()
        return [f"/exams/workbench/questions/{question.pk}/{suffix}"] if question else []

    return resolve


def _program_edit(user: User) -> list[str]:
    program = CoachingProgram.objects.order_by("pk").first()
    return [f"/coaching/programs/{program.pk}/edit/"] if program else []


def _probe_only(concrete: str) -> Callable[[User | None], list[str]]:
    return lambda user: [concrete]


RESOLVERS: dict[str, Callable[..., list[str]]] = {
    "hiring/requisitions/<int:pk>/": _requisition,
    "hiring/requisitions/<int:pk>/edit/": _under_requisition("edit/"),
    "hiring/requisitions/<int:pk>/plan/": _under_requisition("plan/"),
    "hiring/requisitions/<int:pk>/import/": _under_requisition("import/"),
    "hiring/requisitions/<int:pk>/candidates/new/": _under_requisition("candidates/new/"),
    "hiring/requisitions/<int:pk>/calibration/": _calibration,
    "hiring/candidates/<int:pk>/": _candidate,
    "hiring/candidates/<int:pk>/scorecard/": _scorecard_to_fill,
    "hiring/scorecards/<int:pk>/amend/": _scorecard_to_amend,
    "hiring/candidates/<int:pk>/steps/<int:step_id>/schedule/": _schedule_form,
    "exams/attempts/<int:attempt_id>/": _attempt_in_progress,
    "exams/attempts/<int:attempt_id>/result/": _attempt_result,
    "exams/attempts/<int:attempt_id>/summary/": _attempt_summary,
    "exams/certificates/<str:code>/revoke/": _certificate_revoke,
    "exams/<slug:slug>/": _exam(""),
    "exams/<slug:slug>/angoff/": _exam("angoff/"),
    "exams/<slug:slug>/regrade/": _exam("regrade/"),
    "exams/<slug:slug>/statistics/": _exam("statistics/"),
    "careers/<int:pk>/": _careers(""),
    "careers/<int:pk>/thanks/": _careers("thanks/"),
    "verify/<str:code>/": _verify,
    "verify/<str:code>/badge": lambda user: _verify(user, "badge"),
    "coaching/engagements/<int:pk>/": _engagement(""),
    "coaching/engagements/<int:pk>/field-day/": _engagement("field-day/", coached=True),
    "coaching/engagements/<int:pk>/sessions/new/": _engagement("sessions/new/", coached=True),
    "coaching/field-days/<int:pk>/": _field_day,
    "coaching/sessions/<int:pk>/": _session,
    "coaching/passport/<int:user_id>/": _passport,
    "coaching/qualifications/applications/<int:pk>/": _application,
    "analytics/studies/<int:pk>/": _studies,
    "analytics/studies/<int:pk>/fairness/": _fairness,
    "exams/workbench/banks/<slug:slug>/": _bank(""),
    "exams/workbench/banks/<slug:slug>/new/": _bank("new/"),
    "exams/workbench/exams/<slug:slug>/": _workbench_exam(""),
    "exams/workbench/exams/<slug:slug>/grades/": _workbench_exam("grades/"),
    "exams/workbench/exams/<slug:slug>/overrides/": _workbench_exam("overrides/"),
    "exams/workbench/exams/<slug:slug>/preview/": _workbench_exam("preview/"),
    "exams/workbench/exams/<slug:slug>/responses/": _workbench_exam("responses/"),
    "exams/workbench/questions/<int:pk>/": _question(""),
    "exams/workbench/questions/<int:pk>/preview/": _question("preview/"),
    "coaching/programs/<int:pk>/edit/": _program_edit,
}


@dataclass(frozen=True)
class Visit:
    route: str
    url: str
    persona: str | None


def _plan(users: dict[str | None, User | None]) -> tuple[list[Visit], list[str]]:
    """Every (route, concrete URL, persona allowed in) to open, and the routes nobody could open."""
    visits: list[Visit] = []
    unvisited: list[str] = []
    for route, (url, by_persona) in MATRIX.items():
        if route in NOT_HTML or route in FRAGMENTS or route in NO_DEMO_OBJECT or _post_only(by_persona):
            continue
        allowed = [p for p in PREFERENCE if _gets_in(by_persona[p])]
        every = route in EVERY_PERSONA_ROUTES or bool(os.environ.get("RAMPWAY_E2E_EVERY_PERSONA"))
        pictured = {p for (p, r, _w, _l) in SCREENSHOTS if r == route}
        before = len(visits)
        for persona in allowed:
            if not (every or persona in pictured or len(visits) == before):
                continue  # someone has opened it already
            if route in RESOLVERS:
                urls = RESOLVERS[route](users[persona])
            elif "<" in route or by_persona[persona] != 200:
                urls = []  # a made-up id with no resolver: RESOLVERS must name a demo object
            else:
                urls = [url]
            visits += [Visit(route, u, persona) for u in urls]
        if allowed and len(visits) == before and ("<" in route or 200 in by_persona.values()):
            unvisited.append(route)
    return visits, unvisited


@dataclass
class Findings:
    """Failures grouped by (route, check, detail) → the persona/width/language combinations that hit them."""

    by_cause: dict[tuple[str, str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, route: str, check: str, detail: str, where: str) -> None:
        self.by_cause[(route, check, detail)].append(where)

    def report(self, keys: set[tuple[str, str]], *, known: bool) -> list[str]:
        lines = []
        for (route, check, detail), where in sorted(self.by_cause.items()):
            if ((route, check) in keys) == known:
                shown = ", ".join(sorted(set(where))[:6]) + (" …" if len(set(where)) > 6 else "")
                lines.append(f"/{route} [{check}] {detail} — {shown}")
        return lines


def _is_local(url: str, live_host: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True  # data:, blob:, about: never leave the machine
    return parts.hostname in ("127.0.0.1", live_host)


def _session_cookie(user: User | None, live: LiveServer) -> list[dict[str, str]]:
    if user is None:
        return []
    client = Client()
    client.force_login(user)
    value = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return [{"name": django_settings.SESSION_COOKIE_NAME, "value": value, "url": live.url}]


def _screenshot(page: Page, name: str) -> None:
    """A PNG cut to 256 colours: UI is flat colour and text, so it stays sharp at a third of the size."""
    folder = Path(os.environ["RAMPWAY_SCREENSHOTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    width, height = page.evaluate("[innerWidth, document.documentElement.scrollHeight]")
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, SHOT_MAX_HEIGHT)}
    png = page.screenshot(type="png", full_page=True, clip=clip)  # type: ignore[arg-type]
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(folder / f"{name}.png", optimize=True)


# Why an element of the header cannot be seen, or "" if it can: present, sized, not hidden, not clipped by an
# ancestor's overflow, and on top at its centre (is_visible() alone passes a header cut to a sliver by overflow).
SEEN = """(selector) => {
    const el = document.querySelector(selector);
    if (!el) return "missing";
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none" || style.opacity === "0") return "hidden";
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return `has no size (${r.width}×${r.height})`;
    let [top, left, bottom, right] = [r.top, r.left, r.bottom, r.right];
    for (let a = el.parentElement; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== "visible" || s.overflowY !== "visible") {
            const c = a.getBoundingClientRect();
            [top, left, bottom, right] = [Math.max(top, c.top), Math.max(left, c.left),
                Math.min(bottom, c.bottom), Math.min(right, c.right)];
        }
    }
    const shown = Math.max(0, right - left) * Math.max(0, bottom - top);
    if (shown < 0.9 * r.width * r.height) return `is clipped (${Math.round(100 * shown / (r.width * r.height))}% shown)`;
    const x = Math.min(Math.max((r.left + r.right) / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max((r.top + r.bottom) / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    if (hit && !el.contains(hit) && !hit.contains(el)) return `is covered by <${hit.tagName.toLowerCase()} class="${hit.className}">`;
    return "";
}"""


def _check_page(
    page: Page, visit: Visit, width: int, language: str, findings: Findings, where: str, console: list[str]
) -> None:
    try:
        response = page.goto(visit.url, wait_until="load")
    except Exception as exc:  # a crashed or hung page is one more finding, not the end of the run
        findings.add(visit.route, "load", str(exc).splitlines()[0][:160], where)
        return
    if response is None or response.status != 200:
        findings.add(visit.route, "status", f"HTTP {response.status if response else '—'}", where)
        return
    final = urlsplit(page.url).path
    if final != urlsplit(visit.url).path:
        findings.add(visit.route, "redirect", f"ended on {final}", where)
        return
    content_type = response.headers.get("content-type", "")
    if not content_type.startswith("text/html"):
        findings.add(visit.route, "not-html", f"{content_type}: declare it in NOT_HTML", where)
        return
    shot = SCREENSHOTS.get((visit.persona, visit.route, width, language))
    if shot and shot not in taken and os.environ.get("RAMPWAY_SCREENSHOTS_DIR"):
        taken.add(shot)  # a route with several objects (the three studies) is pictured by its first
        _screenshot(page, shot)

    if visit.route not in OWN_LAYOUT:
        lang = page.evaluate("document.documentElement.lang")
        if lang != language:
            findings.add(visit.route, "lang", f"<html lang={lang!r}>", where)
        page.evaluate("scrollTo(0, 0)")
        for what, selector in (
            ("brand", ".site-header .brand"),
            ("language menu", ".site-header #lang-select"),
        ):
            if problem := page.evaluate(SEEN, selector):
                findings.add(visit.route, "header", f"{what} {problem}", where)
        if width < 700:
            if problem := page.evaluate(SEEN, ".site-header button.menu-toggle"):
                findings.add(visit.route, "header", f"menu button {problem}", where)
            else:
                page.locator(".site-header button.menu-toggle").click()
        if problem := page.evaluate(SEEN, ".site-header #main-nav a"):
            after = " (after opening the menu)" if width < 700 else ""
            findings.add(visit.route, "header", f"navigation {problem}{after}", where)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    if scroll_width > inner_width:
        findings.add(visit.route, "overflow", "horizontal scroll", f"{where} ({scroll_width}>{inner_width})")
    for text in console:
        findings.add(visit.route, "console", text[:200], where)


def test_every_page_shows_the_header_fits_the_screen_and_stays_local(
    browser: Browser, live_site: LiveServer, seeded: None, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False  # the second factor has its own tests; here it would hide every page
    users: dict[str | None, User | None] = {
        p: (User.objects.get(email=demo_email(local)) if local else None) for p, local in ACCOUNTS.items()
    }
    learner = users["learner"]
    assert learner is not None
    # The demo's attempts are all submitted; the exam page needs one in progress.
    for exam in Exam.objects.filter(status=Exam.Status.PUBLISHED, certifying=True).order_by("pk"):
        try:
            attempt_start(exam=exam, user=learner, now=timezone.now())
            break
        except Exception:  # no attempts left on this exam, or a cool-down: try the next one
            continue

    started = time.monotonic()
    visits, unvisited = _plan(users)
    if only := os.environ.get("RAMPWAY_E2E_ONLY"):  # e.g. "hiring/,exams/": a quick look at a few areas
        visits = [v for v in visits if v.route.startswith(tuple(only.split(",")))]
        unvisited = []
    findings = Findings()
    live_host = urlsplit(live_site.url).hostname or "localhost"
    for route in unvisited:
        findings.add(route, "unvisited", "no demo object for anyone allowed in: add a resolver", "—")

    for route in NOT_HTML:
        url, by_persona = MATRIX[route]
        persona = next((p for p, v in by_persona.items() if _gets_in(v)), None)
        resolved = RESOLVERS.get(route, _probe_only(url))(users[persona])
        if not resolved or by_persona.get(persona) != 200:
            continue  # a made-up id answers 404 whatever the type: nothing to learn
        context = browser.new_context(base_url=live_site.url)
        context.add_cookies(_session_cookie(users[persona], live_site))  # type: ignore[arg-type]
        answer = context.request.get(resolved[0])
        if answer.headers.get("content-type", "").startswith("text/html"):
            findings.add(route, "not-html", "serves HTML: remove it from NOT_HTML", f"{persona}")
        context.close()

    for persona in ACCOUNTS:
        mine = [v for v in visits if v.persona == persona]
        if not mine:
            continue
        cookies = _session_cookie(users[persona], live_site)
        for width, viewport in WIDTHS.items():
            for language, locale in LANGUAGES.items():
                context: BrowserContext = browser.new_context(
                    viewport=viewport,
                    locale=locale,
                    base_url=live_site.url,  # type: ignore[arg-type]
                )
                context.set_default_timeout(15_000)
                context.add_cookies(
                    [
                        *cookies,
                        {
                            "name": django_settings.LANGUAGE_COOKIE_NAME,
                            "value": language,
                            "url": live_site.url,
                        },
                    ]  # type: ignore[list-item]
                )
                where = f"{persona or 'anonymous'}/{width}/{language}"
                opening = {"route": ""}  # the route the tab is on, for requests that fire while it loads
                console: list[str] = []

                def outside(request: Request, where: str = where, opening: dict[str, str] = opening) -> None:
                    if not _is_local(request.url, live_host):
                        findings.add(opening["route"], "external", urlsplit(request.url).netloc, where)

                def logged(msg: ConsoleMessage, console: list[str] = console) -> None:
                    if msg.type == "error":
                        console.append(msg.text)

                context.on("request", outside)
                page = context.new_page()
                page.on("console", logged)
                page.on("pageerror", lambda exc, console=console: console.append(f"uncaught {exc}"))
                for visit in mine:
                    opening["route"] = visit.route
                    console.clear()
                    _check_page(page, visit, width, language, findings, where, console)
                context.close()

    summary = (
        f"{len(visits)} pages × {len(WIDTHS) * len(LANGUAGES)} views in {time.monotonic() - started:.0f} s"
    )
    print(summary)
    unexpected = findings.report(KNOWN_BROKEN, known=False)
    fixed = {k for k in KNOWN_BROKEN if not any(k == (r, c) for r, c, _d in findings.by_cause)}
    print("\n".join(["Known broken (KNOWN_BROKEN):", *findings.report(KNOWN_BROKEN, known=True)]))
    if unexpected or fixed:
        # pytest.fail, not assert: an assertion's message is cut after a few lines, and this one lists everything.
        pytest.fail(
            "\n".join(
                [f"{summary}; broken:", *unexpected]
                + [f"fixed, remove from KNOWN_BROKEN: {sorted(fixed)}"] * bool(fixed)
            ),
            pytrace=False,
        )
