"""Every URL × every persona → the expected answer. A new URL fails the coverage test until it is added here."""

from __future__ import annotations

OK = 200
LOGIN = "login"  # a redirect that ends on the sign-in page
FORBIDDEN = 403
HOME = "home"  # a redirect to the dashboard

SIGNED_IN = ("learner", "trainer", "recruiter", "coach", "analyst", "admin")
EVERYONE = (*SIGNED_IN, None)


def _row(default: object, anonymous: object = None, **overrides: object) -> dict[str | None, object]:
    row: dict[str | None, object] = {p: default for p in SIGNED_IN}
    row[None] = default if anonymous is None else anonymous
    row.update(overrides)
    return row


# route pattern (as Django prints it) → (a concrete URL, expectations by persona; None = anonymous)
MATRIX: dict[str, tuple[str, dict[str | None, object]]] = {
    "": ("/", _row(OK)),
    "healthz": ("/healthz", _row(OK)),
    "readyz": ("/readyz", _row(OK)),
    "favicon.ico": ("/favicon.ico", _row(OK)),
    "dashboard/": ("/dashboard/", _row(OK, anonymous=LOGIN)),
    "notifications/": ("/notifications/", _row(OK, anonymous=LOGIN)),
    # POST only; tests/core/test_notification_centre.py posts to them.
    "notifications/<int:pk>/read/": ("/notifications/999999/read/", _row(405, anonymous=LOGIN)),
    "notifications/read-all/": ("/notifications/read-all/", _row(405, anonymous=LOGIN)),
    "notifications/preferences/": ("/notifications/preferences/", _row(OK, anonymous=LOGIN)),
    "calendar/": ("/calendar/", _row(OK, anonymous=LOGIN)),
    # tests/core/test_webhooks.py checks every persona against a real endpoint.
    "integrations/webhooks/": ("/integrations/webhooks/", _row(FORBIDDEN, anonymous=LOGIN, admin=OK)),
    "integrations/webhooks/<int:pk>/": (
        "/integrations/webhooks/999999/",
        _row(FORBIDDEN, anonymous=LOGIN, admin=404),
    ),
    "integrations/webhooks/<int:pk>/rotate/": (
        "/integrations/webhooks/999999/rotate/",
        _row(FORBIDDEN, anonymous=LOGIN, admin=405),
    ),
    "profile/": ("/profile/", _row(OK, anonymous=LOGIN)),
    # The header's language menu posts here (tests/accounts/test_profile_language.py); GET is refused.
    "i18n/setlang/": ("/i18n/setlang/", _row(405)),
    "calendar/reset/": ("/calendar/reset/", _row(405, anonymous=LOGIN)),
    # No session: the token is the credential; an unknown token is a 404 for everyone.
    "calendar/<str:token>.ics": ("/calendar/not-a-token.ics", _row(404)),
    "admin/": ("/admin/", _row(FORBIDDEN, anonymous=LOGIN, trainer=OK, analyst=OK, admin=OK)),
    "django-admin/": ("/django-admin/", _row(FORBIDDEN, anonymous=LOGIN, admin=OK)),
    "accounts/login/": ("/accounts/login/", _row(HOME, anonymous=OK)),
    "accounts/email/": ("/accounts/email/", _row(OK, anonymous=LOGIN)),
    "accounts/password/change/": ("/accounts/password/change/", _row(OK, anonymous=LOGIN)),
    "accounts/2fa/": ("/accounts/2fa/", _row(OK, anonymous=LOGIN)),
    "accounts/password/reset/": ("/accounts/password/reset/", _row(OK)),
    "onboarding/": ("/onboarding/", _row(OK, anonymous=LOGIN)),
    # GET is refused (mark-complete is POST only); tests/courses/test_lesson_complete.py posts to it.
    "onboarding/lessons/<int:lesson_id>/complete/": (
        "/onboarding/lessons/999999/complete/",
        _row(405, anonymous=LOGIN),
    ),
    # tests/courses/test_scorm_runtime.py checks every kind of person against a real package.
    "onboarding/lessons/<int:lesson_id>/scorm/<path:path>": (
        "/onboarding/lessons/999999/scorm/index.html",
        _row(404, anonymous=LOGIN),
    ),
    "onboarding/lessons/<int:lesson_id>/scorm-runtime/": (
        "/onboarding/lessons/999999/scorm-runtime/",
        _row(405, anonymous=LOGIN),
    ),
    "onboarding/search/": ("/onboarding/search/?q=pitch", _row(OK, anonymous=LOGIN)),
    "onboarding/team/": (
        "/onboarding/team/",
        _row(FORBIDDEN, anonymous=LOGIN, coach=OK, analyst=OK, admin=OK),
    ),
    "rubrics/compare/": ("/rubrics/compare/", _row(OK, anonymous=LOGIN, learner=FORBIDDEN)),
    "hiring/": ("/hiring/", _row(OK, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN)),
    # Hiring pages with ids: 999999 does not exist, so people with hiring access get 404 and the rest 403;
    # tests/hiring/test_hiring_permissions.py checks every persona against real requisitions and candidates.
    "hiring/requisitions/<int:pk>/": (
        "/hiring/requisitions/999999/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    # Opening a requisition: recruiters, admins and team managers (the coach persona manages no team here;
    # tests/hiring/test_requisition_authoring_permissions.py covers a real team manager).
    "hiring/requisitions/new/": (
        "/hiring/requisitions/new/",
        _row(FORBIDDEN, anonymous=LOGIN, recruiter=OK, admin=OK),
    ),
    # tests/hiring/test_requisition_edit.py checks every persona against a real requisition.
    "hiring/requisitions/<int:pk>/edit/": (
        "/hiring/requisitions/999999/edit/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "hiring/requisitions/<int:pk>/plan/": (
        "/hiring/requisitions/999999/plan/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    # POST only (close / reopen); tests/hiring/test_requisition_authoring_permissions.py posts to it.
    "hiring/requisitions/<int:pk>/status/": (
        "/hiring/requisitions/999999/status/",
        _row(405, anonymous=LOGIN),
    ),
    "hiring/requisitions/<int:pk>/calibration/": (
        "/hiring/requisitions/999999/calibration/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "hiring/requisitions/<int:pk>/import/": (
        "/hiring/requisitions/999999/import/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "hiring/candidates/<int:pk>/": (
        "/hiring/candidates/999999/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "hiring/requisitions/<int:pk>/candidates/new/": (
        "/hiring/requisitions/999999/candidates/new/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "hiring/candidates/<int:pk>/cv/": (
        "/hiring/candidates/999999/cv/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "hiring/candidates/<int:pk>/interviews/": (
        "/hiring/candidates/999999/interviews/",
        _row(405, anonymous=LOGIN),
    ),
    "hiring/candidates/<int:pk>/scorecards.json": (
        "/hiring/candidates/999999/scorecards.json",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "hiring/candidates/<int:pk>/scorecard/": (
        "/hiring/candidates/999999/scorecard/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    # POST only: a GET is refused for everyone signed in.
    "hiring/candidates/<int:pk>/stage/": ("/hiring/candidates/999999/stage/", _row(405, anonymous=LOGIN)),
    "hiring/candidates/<int:pk>/decision/": (
        "/hiring/candidates/999999/decision/",
        _row(405, anonymous=LOGIN),
    ),
    # tests/hiring/test_interview_scheduling_pages.py checks every persona against a real candidate and step.
    "hiring/candidates/<int:pk>/steps/<int:step_id>/schedule/": (
        "/hiring/candidates/999999/steps/999999/schedule/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    # POST only; tests/hiring/test_interview_scheduling_pages.py posts to it.
    "hiring/interviews/<int:pk>/cancel/": ("/hiring/interviews/999999/cancel/", _row(405, anonymous=LOGIN)),
    "hiring/scorecards/<int:pk>/amend/": (
        "/hiring/scorecards/999999/amend/",
        _row(404, anonymous=LOGIN, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    # Exams. Pages with ids/codes use ones that do not exist (404 for those allowed in, 403 for the rest);
    # tests/exams/test_exam_permissions.py checks every persona against real exams, attempts and certificates.
    "exams/": ("/exams/", _row(OK, anonymous=LOGIN)),
    "exams/team/": ("/exams/team/", _row(FORBIDDEN, anonymous=LOGIN, coach=OK, analyst=OK, admin=OK)),
    "exams/banks/": ("/exams/banks/", _row(FORBIDDEN, anonymous=LOGIN, trainer=OK, admin=OK)),
    "exams/banks/upload/": ("/exams/banks/upload/", _row(FORBIDDEN, anonymous=LOGIN, trainer=OK, admin=OK)),
    "exams/banks/<slug:slug>/export.xml": (
        "/exams/banks/no-such-bank/export.xml",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/grading/": ("/exams/grading/", _row(FORBIDDEN, anonymous=LOGIN, trainer=OK, admin=OK)),
    "exams/grading/<int:response_id>/": (
        "/exams/grading/999999/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/attempts/<int:attempt_id>/": ("/exams/attempts/999999/", _row(404, anonymous=LOGIN)),
    "exams/attempts/<int:attempt_id>/save/": ("/exams/attempts/999999/save/", _row(405, anonymous=LOGIN)),
    "exams/attempts/<int:attempt_id>/check/": ("/exams/attempts/999999/check/", _row(405, anonymous=LOGIN)),
    "exams/attempts/<int:attempt_id>/summary/": (
        "/exams/attempts/999999/summary/",
        _row(404, anonymous=LOGIN),
    ),
    "exams/attempts/<int:attempt_id>/submit/": ("/exams/attempts/999999/submit/", _row(405, anonymous=LOGIN)),
    "exams/attempts/<int:attempt_id>/result/": ("/exams/attempts/999999/result/", _row(404, anonymous=LOGIN)),
    # Trainers may see every question, so a missing file is their 404; tests/exams/test_question_files.py uses
    # real files and learners who were (and were not) delivered the question.
    "exams/questions/<int:pk>/files/<str:name>": (
        "/exams/questions/999999/files/x.png",
        _row(404, anonymous=LOGIN),
    ),
    "exams/certificates/<str:code>.pdf": ("/exams/certificates/NOSUCHCODE.pdf", _row(404, anonymous=LOGIN)),
    "exams/certificates/<str:code>/revoke/": (
        "/exams/certificates/NOSUCHCODE/revoke/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    # The trainer's workbench: trainers and admins; tests/exams/test_workbench_permissions.py uses real objects.
    "exams/workbench/": ("/exams/workbench/", _row(FORBIDDEN, anonymous=LOGIN, trainer=OK, admin=OK)),
    "exams/workbench/review/": (
        "/exams/workbench/review/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=OK, admin=OK),
    ),
    "exams/workbench/banks/<slug:slug>/": (
        "/exams/workbench/banks/no-such-bank/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/workbench/banks/<slug:slug>/new/": (
        "/exams/workbench/banks/no-such-bank/new/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/workbench/questions/<int:pk>/": (
        "/exams/workbench/questions/999999/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/workbench/questions/<int:pk>/preview/": (
        "/exams/workbench/questions/999999/preview/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    # POST only: a GET is refused for those let in, the role check comes first for the rest.
    "exams/workbench/questions/<int:pk>/status/": (
        "/exams/workbench/questions/999999/status/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=405, admin=405),
    ),
    "exams/workbench/questions/<int:pk>/files/add/": (
        "/exams/workbench/questions/999999/files/add/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=405, admin=405),
    ),
    "exams/workbench/questions/<int:pk>/files/remove/": (
        "/exams/workbench/questions/999999/files/remove/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=405, admin=405),
    ),
    "exams/workbench/exams/new/": (
        "/exams/workbench/exams/new/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=OK, admin=OK),
    ),
    "exams/workbench/exams/<slug:slug>/": (
        "/exams/workbench/exams/no-such-exam/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/workbench/exams/<slug:slug>/publish/": (
        "/exams/workbench/exams/no-such-exam/publish/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=405, admin=405),
    ),
    "exams/workbench/exams/<slug:slug>/preview/": (
        "/exams/workbench/exams/no-such-exam/preview/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/workbench/exams/<slug:slug>/overrides/": (
        "/exams/workbench/exams/no-such-exam/overrides/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/workbench/exams/<slug:slug>/grades/": (
        "/exams/workbench/exams/no-such-exam/grades/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/workbench/exams/<slug:slug>/responses/": (
        "/exams/workbench/exams/no-such-exam/responses/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/workbench/exams/<slug:slug>/pool/": (
        "/exams/workbench/exams/no-such-exam/pool/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/<slug:slug>/": ("/exams/no-such-exam/", _row(404, anonymous=LOGIN)),
    "exams/<slug:slug>/start/": ("/exams/no-such-exam/start/", _row(405, anonymous=LOGIN)),
    "exams/<slug:slug>/angoff/": (
        "/exams/no-such-exam/angoff/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/<slug:slug>/regrade/": (
        "/exams/no-such-exam/regrade/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, admin=404),
    ),
    "exams/<slug:slug>/statistics/": (
        "/exams/no-such-exam/statistics/",
        _row(FORBIDDEN, anonymous=LOGIN, trainer=404, analyst=404, admin=404),
    ),
    # The public careers site: no sign-in; 999999 is no open requisition, so everyone gets 404
    # (tests/hiring/test_public_application_attacks.py covers closed and made-up ids).
    "careers/": ("/careers/", _row(OK)),
    "careers/<int:pk>/": ("/careers/999999/", _row(404)),
    "careers/<int:pk>/self-identification/": ("/careers/999999/self-identification/", _row(404)),
    "careers/<int:pk>/thanks/": ("/careers/999999/thanks/", _row(404)),
    "verify/<str:code>/": ("/verify/NOSUCHCODE/", _row(404)),
    "verify/<str:code>/badge": ("/verify/NOSUCHCODE/badge", _row(404)),
    ".well-known/jwks.json": ("/.well-known/jwks.json", _row(OK)),
    "badges/issuer": ("/badges/issuer", _row(OK)),
    "badges/status/<str:list_id>": ("/badges/status/1", _row(OK)),
    # SCIM answers only a bearer token (tests/api/test_scim.py); a browser session gets SCIM's 401.
    "scim/v2/Users": ("/scim/v2/Users", _row(401)),
    "scim/v2/Users/<str:pk>": ("/scim/v2/Users/1", _row(401)),
    "scim/v2/Groups": ("/scim/v2/Groups", _row(401)),
    "scim/v2/Groups/<str:pk>": ("/scim/v2/Groups/1", _row(401)),
    "scim/v2/ServiceProviderConfig": ("/scim/v2/ServiceProviderConfig", _row(401)),
    "scim/v2/Schemas": ("/scim/v2/Schemas", _row(401)),
    "scim/v2/Schemas/<str:pk>": ("/scim/v2/Schemas/x", _row(401)),
    "scim/v2/ResourceTypes": ("/scim/v2/ResourceTypes", _row(401)),
    "scim/v2/ResourceTypes/<str:pk>": ("/scim/v2/ResourceTypes/x", _row(401)),
    # Coaching. Pages with ids use ones that do not exist, so everyone signed in gets 404 (objects are scoped to
    # the coach, the seller and the seller's manager); tests/coaching/test_access_rules.py checks real objects.
    "coaching/": ("/coaching/", _row(FORBIDDEN, anonymous=LOGIN, learner=OK, coach=OK, admin=OK)),
    "coaching/team/": ("/coaching/team/", _row(FORBIDDEN, anonymous=LOGIN, coach=OK, analyst=OK, admin=OK)),
    # Program authoring: coaches' leads (the coach persona leads no region here; tests/coaching/
    # test_program_authoring.py covers a region manager) and admins.
    "coaching/programs/": ("/coaching/programs/", _row(FORBIDDEN, anonymous=LOGIN, admin=OK)),
    "coaching/programs/new/": ("/coaching/programs/new/", _row(FORBIDDEN, anonymous=LOGIN, admin=OK)),
    "coaching/programs/<int:pk>/edit/": (
        "/coaching/programs/999999/edit/",
        _row(FORBIDDEN, anonymous=LOGIN, admin=404),
    ),
    "coaching/engagements/new/": (
        "/coaching/engagements/new/",
        _row(FORBIDDEN, anonymous=LOGIN, coach=OK, admin=OK),
    ),
    "coaching/engagements/<int:pk>/": ("/coaching/engagements/999999/", _row(404, anonymous=LOGIN)),
    "coaching/engagements/<int:pk>/field-day/": (
        "/coaching/engagements/999999/field-day/",
        _row(404, anonymous=LOGIN),
    ),
    "coaching/engagements/<int:pk>/sessions/new/": (
        "/coaching/engagements/999999/sessions/new/",
        _row(404, anonymous=LOGIN),
    ),
    "coaching/field-days/<int:pk>/": ("/coaching/field-days/999999/", _row(404, anonymous=LOGIN)),
    # POST only; tests/coaching/test_fieldday_invitations.py posts to it (only the engagement's coach may).
    "coaching/field-days/<int:pk>/cancel/": (
        "/coaching/field-days/999999/cancel/",
        _row(405, anonymous=LOGIN),
    ),
    "coaching/sessions/<int:pk>/": ("/coaching/sessions/999999/", _row(404, anonymous=LOGIN)),
    "coaching/sessions/<int:pk>/acknowledge/": (
        "/coaching/sessions/999999/acknowledge/",
        _row(405, anonymous=LOGIN),
    ),
    "coaching/passport/<int:user_id>/": ("/coaching/passport/999999/", _row(404, anonymous=LOGIN)),
    "coaching/passport/<int:user_id>/export.json": (
        "/coaching/passport/999999/export.json",
        _row(404, anonymous=LOGIN),
    ),
    "coaching/passport/<int:user_id>/export.pdf": (
        "/coaching/passport/999999/export.pdf",
        _row(404, anonymous=LOGIN),
    ),
    "coaching/qualifications/": ("/coaching/qualifications/", _row(OK, anonymous=LOGIN)),
    "coaching/qualifications/applications/<int:pk>/": (
        "/coaching/qualifications/applications/999999/",
        _row(404, anonymous=LOGIN),
    ),
    # Analytics: analysts and admins only. Pages with ids use ones that do not exist (analysts/admins 404, others
    # 403); tests/analytics/test_analytics_permissions.py checks every persona against a real study and proposal.
    "analytics/": ("/analytics/", _row(FORBIDDEN, anonymous=LOGIN, analyst=OK, admin=OK)),
    "analytics/dashboards/": (
        "/analytics/dashboards/",
        _row(FORBIDDEN, anonymous=LOGIN, analyst=OK, admin=OK),
    ),
    "analytics/performance/import/": (
        "/analytics/performance/import/",
        _row(FORBIDDEN, anonymous=LOGIN, analyst=OK, admin=OK),
    ),
    "analytics/performance/template.<str:fmt>": (
        "/analytics/performance/template.csv",
        _row(FORBIDDEN, anonymous=LOGIN, analyst=OK, admin=OK),
    ),
    "analytics/studies/new/": (
        "/analytics/studies/new/",
        _row(FORBIDDEN, anonymous=LOGIN, analyst=OK, admin=OK),
    ),
    "analytics/studies/<int:pk>/": (
        "/analytics/studies/999999/",
        _row(FORBIDDEN, anonymous=LOGIN, analyst=404, admin=404),
    ),
    "analytics/studies/<int:pk>/status/": (
        "/analytics/studies/999999/status/",
        _row(FORBIDDEN, anonymous=LOGIN, analyst=404, admin=404),
    ),
    "analytics/studies/<int:pk>/fairness/": (
        "/analytics/studies/999999/fairness/",
        _row(FORBIDDEN, anonymous=LOGIN, analyst=404, admin=404),
    ),
    # role_required answers before require_POST: a persona without the role is refused whatever the method.
    "analytics/proposals/<int:pk>/decide/": (
        "/analytics/proposals/999999/decide/",
        _row(FORBIDDEN, anonymous=LOGIN, analyst=405, admin=405),
    ),
    # Integration API with the session (the front end): anonymous calls are 401 JSON, never a login redirect.
    # Hiring endpoints follow hiring access; 999999 ids do not exist. Token auth: tests/api/test_token_auth.py.
    "api/v1/": ("/api/v1/", _row(404)),
    "api/v1/openapi.json": ("/api/v1/openapi.json", _row(OK)),
    "api/v1/docs": ("/api/v1/docs", _row(OK)),
    "api/v1/candidates": (
        "/api/v1/candidates",
        _row(OK, anonymous=401, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "api/v1/candidates/<candidate_id>": (
        "/api/v1/candidates/999999",
        _row(404, anonymous=401, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "api/v1/candidates/<candidate_id>/scorecards": (
        "/api/v1/candidates/999999/scorecards",
        _row(404, anonymous=401, learner=FORBIDDEN, trainer=FORBIDDEN),
    ),
    "api/v1/hires": ("/api/v1/hires", _row(OK, anonymous=401, learner=FORBIDDEN, trainer=FORBIDDEN)),
    # POST only; tests/api/test_performance_write.py posts to it (analysts and admins may, with CSRF).
    "api/v1/performance-records": ("/api/v1/performance-records", _row(405)),
    "api/v1/enrollments": ("/api/v1/enrollments", _row(OK, anonymous=401)),
    "api/v1/certifications": ("/api/v1/certifications", _row(OK, anonymous=401)),
    "api/v1/certifications/verify/<code>": ("/api/v1/certifications/verify/NOSUCHCODE", _row(404)),
    "api/tokens/": ("/api/tokens/", _row(FORBIDDEN, anonymous=LOGIN, admin=OK)),
    "api/tokens/<int:pk>/revoke/": (
        "/api/tokens/999999/revoke/",
        _row(FORBIDDEN, anonymous=LOGIN, admin=405),
    ),
}
