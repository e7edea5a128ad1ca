"""Exam URLs under /exams/, and the public certificate check at /verify/<code>/."""

from __future__ import annotations

from django.urls import path

from . import views, workbench, workbench_files

app_name = "exams"

urlpatterns = [
    path("exams/", views.exam_list, name="list"),
    path("exams/team/", views.team_matrix, name="team"),
    path("exams/banks/", views.bank_list, name="banks"),
    path("exams/banks/upload/", views.bank_upload, name="bank_upload"),
    path("exams/banks/<slug:slug>/export.xml", views.bank_export, name="bank_export"),
    path("exams/grading/", views.grading_queue, name="grading"),
    path("exams/grading/<int:response_id>/", views.grading_response, name="grading_response"),
    path("exams/attempts/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("exams/attempts/<int:attempt_id>/save/", views.attempt_save, name="attempt_save"),
    path("exams/attempts/<int:attempt_id>/check/", views.attempt_check, name="attempt_check"),
    path("exams/attempts/<int:attempt_id>/summary/", views.attempt_summary, name="attempt_summary"),
    path("exams/attempts/<int:attempt_id>/submit/", views.attempt_submit_view, name="attempt_submit"),
    path("exams/attempts/<int:attempt_id>/result/", views.attempt_result, name="result"),
    path("exams/questions/<int:pk>/files/<str:name>", views.question_file, name="question_file"),
    path("exams/certificates/<str:code>.pdf", views.certificate_download, name="certificate_pdf"),
    path(
        "exams/certificates/<str:code>/revoke/",
        views.certification_revoke_view,
        name="certificate_revoke",
    ),
    # The trainer's workbench (assessments/exams/workbench.py), before exams/<slug>/ so "workbench" is not a slug.
    path("exams/workbench/", workbench.workbench_home, name="wb_home"),
    path("exams/workbench/review/", workbench.review_list, name="wb_review"),
    path("exams/workbench/banks/<slug:slug>/", workbench.bank_browser, name="wb_bank"),
    path("exams/workbench/banks/<slug:slug>/new/", workbench.question_new, name="wb_question_new"),
    path("exams/workbench/questions/<int:pk>/", workbench.question_edit, name="wb_question"),
    path(
        "exams/workbench/questions/<int:pk>/preview/", workbench.question_preview, name="wb_question_preview"
    ),
    path("exams/workbench/questions/<int:pk>/status/", workbench.question_status, name="wb_question_status"),
    path(
        "exams/workbench/questions/<int:pk>/files/add/",
        workbench_files.question_file_add_view,
        name="wb_question_file_add",
    ),
    path(
        "exams/workbench/questions/<int:pk>/files/remove/",
        workbench_files.question_file_remove_view,
        name="wb_question_file_remove",
    ),
    path("exams/workbench/exams/new/", workbench.exam_new, name="wb_exam_new"),
    path("exams/workbench/exams/<slug:slug>/", workbench.exam_builder, name="wb_exam"),
    path("exams/workbench/exams/<slug:slug>/publish/", workbench.exam_publish_view, name="wb_exam_publish"),
    path("exams/workbench/exams/<slug:slug>/preview/", workbench.exam_preview, name="wb_exam_preview"),
    path("exams/workbench/exams/<slug:slug>/overrides/", workbench.exam_overrides, name="wb_overrides"),
    path("exams/workbench/exams/<slug:slug>/grades/", workbench.exam_grades_report, name="wb_grades"),
    path(
        "exams/workbench/exams/<slug:slug>/responses/", workbench.exam_responses_report, name="wb_responses"
    ),
    path("exams/workbench/exams/<slug:slug>/pool/", workbench.rule_pool, name="wb_rule_pool"),
    path("exams/<slug:slug>/", views.exam_detail, name="detail"),
    path("exams/<slug:slug>/start/", views.exam_start, name="start"),
    path("exams/<slug:slug>/statistics/", views.exam_statistics, name="statistics"),
    path("exams/<slug:slug>/angoff/", views.exam_angoff_view, name="angoff"),
    path("exams/<slug:slug>/regrade/", views.exam_regrade_view, name="regrade"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/badge", views.verify_badge, name="verify_badge"),
    path(".well-known/jwks.json", views.badge_jwks, name="badge_jwks"),
    path("badges/issuer", views.badge_issuer, name="badge_issuer"),
    path("badges/status/<str:list_id>", views.badge_status, name="badge_status"),
]
