"""A lesson's SCORM package is served only to those who may play it, with its own CSP; the runtime's commits are
checked against the SCORM 1.2 data model and kept on the learner's progress; passed completes the lesson."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from courses.models import Enrollment, LessonPage, LessonProgress, ScormPackage
from courses.scorm import package_store
from tests.factories.courses import course, learning_path, lesson
from tests.factories.scorm import scorm_zip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_private_storage(settings):  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def scorm_lesson(*, enrol: list | None = None) -> LessonPage:  # type: ignore[type-arg]
    stored = package_store(
        SimpleUploadedFile("p.zip", scorm_zip(extra={"style.css": "p{}", "img/dot.svg": "<svg/>"}))
    )
    package = ScormPackage.objects.create(
        title="Tiny", launch=stored.manifest.launch, folder=stored.folder, file_count=stored.file_count
    )
    basics = course(title="Basics")
    page = lesson(course=basics, title="Play it", body=[{"type": "scorm", "value": package.pk}])
    path = learning_path(courses=[(basics, 7)])
    for user in enrol or []:
        Enrollment.objects.create(path=path, user=user, start_date=dt.date(2026, 1, 5))
    return page


def _post(client: Client, page: LessonPage, values: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = client.post(
        f"/onboarding/lessons/{page.pk}/scorm-runtime/",
        json.dumps({"values": values}),
        content_type="application/json",
    )
    return response.status_code, response.json() if response["Content-Type"] == "application/json" else {}


def test_an_enrolled_learner_gets_the_files_with_their_types_and_csp(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    page = scorm_lesson(enrol=[persona("learner")])
    client = login_as("learner")
    base = f"/onboarding/lessons/{page.pk}/scorm/"
    for name, content_type in (
        ("index.html", "text/html; charset=utf-8"),
        ("sco.js", "text/javascript; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("img/dot.svg", "image/svg+xml"),
    ):
        response = client.get(base + name)
        assert response.status_code == 200, name
        assert response["Content-Type"] == content_type
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in csp and "frame-ancestors 'self'" in csp
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"LMSInitialize" in b"".join(client.get(base + "sco.js").streaming_content)  # type: ignore[attr-defined]


def test_the_lesson_page_embeds_the_player(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    page = scorm_lesson(enrol=[persona("learner")])
    html = login_as("learner").get(page.url).content.decode()
    assert 'data-testid="scorm-frame"' in html and "scorm_player.js" in html
    assert f"/onboarding/lessons/{page.pk}/scorm/index.html" in html
    # Our own page keeps its strict policy: only the package's files get the looser one.
    assert (
        "'unsafe-inline'"
        not in login_as("learner")
        .get(page.url)["Content-Security-Policy"]
        .split("script-src")[1]
        .split(";")[0]
    )


@pytest.mark.parametrize("name", ["learner", None])
def test_people_without_the_path_get_no_files(persona, login_as, name: str | None) -> None:  # type: ignore[no-untyped-def]
    page = scorm_lesson(enrol=[persona("coach")])
    response = login_as(name).get(f"/onboarding/lessons/{page.pk}/scorm/index.html")
    assert response.status_code == (403 if name else 302)
    assert _post(login_as(name), page, {"cmi.core.lesson_status": "passed"})[0] in (302, 403)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_trainers_preview_without_a_path(login_as) -> None:  # type: ignore[no-untyped-def]
    page = scorm_lesson()
    assert login_as("trainer").get(f"/onboarding/lessons/{page.pk}/scorm/index.html").status_code == 200


@pytest.mark.parametrize(
    "path", ["../../imsmanifest.xml", "..%2F..%2Fsecret", "%2e%2e/%2e%2e/x", "missing.html", "img/../../../x"]
)
def test_attacker_paths_find_nothing(persona, login_as, path: str) -> None:  # type: ignore[no-untyped-def]
    page = scorm_lesson(enrol=[persona("learner")])
    assert login_as("learner").get(f"/onboarding/lessons/{page.pk}/scorm/{path}").status_code == 404


def test_commits_are_kept_and_passed_completes_the_lesson(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    learner = persona("learner")
    page = scorm_lesson(enrol=[learner])
    client = login_as("learner")
    assert _post(
        client,
        page,
        {
            "cmi.core.lesson_location": "p2",
            "cmi.suspend_data": "a=1",
            "cmi.core.exit": "suspend",
            "cmi.core.session_time": "0000:01:30",
        },
    ) == (
        200,
        {"completed": False, "lesson_status": "not attempted"},
    )
    assert _post(
        client,
        page,
        {
            "cmi.core.score.raw": "85",
            "cmi.core.lesson_status": "passed",
            "cmi.core.session_time": "00:00:30.5",
        },
    ) == (
        200,
        {"completed": True, "lesson_status": "passed"},
    )
    progress = LessonProgress.objects.get(user=learner, lesson=page)
    assert progress.completed_at is not None
    assert progress.scorm_cmi["cmi.core.score.raw"] == "85"
    assert progress.scorm_cmi["cmi.suspend_data"] == "a=1"
    assert progress.scorm_cmi["cmi.core.total_time"] == "0000:02:00"
    html = client.get(page.url).content.decode()
    assert '"cmi.core.entry": "resume"' in html and '"cmi.core.lesson_location": "p2"' in html


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"cmi.core.student_id": "someone-else"}, 403),
        ({"cmi.core.credit": "no-credit"}, 403),
        ({"cmi.core.made_up": "1"}, 401),
        ({"cmi.interactions.0.id": "q1"}, 401),
        ({"cmi.core.lesson_status": "aced"}, 405),
        ({"cmi.core.lesson_status": "not attempted"}, 405),
        ({"cmi.core.score.raw": "101"}, 405),
        ({"cmi.core.score.raw": "1e3"}, 405),
        ({"cmi.suspend_data": "x" * 4097}, 405),
        ({"cmi.core.session_time": "forever"}, 405),
        ({"cmi.core.lesson_status": 1}, 405),
        (["cmi.core.lesson_status"], 201),
    ],
)
def test_values_outside_the_data_model_are_refused(persona, login_as, values: object, code: int) -> None:  # type: ignore[no-untyped-def]
    page = scorm_lesson(enrol=[persona("learner")])
    status, body = _post(login_as("learner"), page, values)
    assert (status, body["code"]) == (400, code)
    assert not LessonProgress.objects.exclude(scorm_cmi={}).exists()


def test_a_commit_without_the_csrf_token_is_refused(persona) -> None:  # type: ignore[no-untyped-def]
    learner = persona("learner")
    page = scorm_lesson(enrol=[learner])
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    status, _body = _post(client, page, {"cmi.core.lesson_status": "passed"})
    assert status == 403
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
