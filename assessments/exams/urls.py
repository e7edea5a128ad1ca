"""Exam URLs under /exams/, and the public certificate check at /verify/<code>/."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("exams/", views.exam_list, name="exams_list"),
    path("exams/team/", views.team_matrix, name="exams_team"),
    path("exams/banks/", views.bank_list, name="exams_banks"),
    path("exams/banks/upload/", views.bank_upload, name="exams_bank_upload"),
    path("exams/banks/<slug:slug>/export.xml", views.bank_export, name="exams_bank_export"),
    path("exams/grading/", views.grading_queue, name="exams_grading"),
    path("exams/grading/<int:response_id>/", views.grading_response, name="exams_grading_response"),
    path("exams/attempts/<int:attempt_id>/", views.attempt_page, name="exams_attempt"),
    path("exams/attempts/<int:attempt_id>/save/", views.attempt_save, name="exams_attempt_save"),
    path("exams/attempts/<int:attempt_id>/check/", views.attempt_check, name="exams_attempt_check"),
    path("exams/attempts/<int:attempt_id>/summary/", views.attempt_summary, name="exams_attempt_summary"),
    path("exams/attempts/<int:attempt_id>/submit/", views.attempt_submit_view, name="exams_attempt_submit"),
    path("exams/attempts/<int:attempt_id>/result/", views.attempt_result, name="exams_result"),
    path("exams/certificates/<str:code>.pdf", views.certificate_download, name="exams_certificate_pdf"),
    path(
        "exams/certificates/<str:code>/revoke/",
        views.certification_revoke_view,
        name="exams_certificate_revoke",
    ),
    path("exams/<slug:slug>/", views.exam_detail, name="exams_detail"),
    path("exams/<slug:slug>/start/", views.exam_start, name="exams_start"),
    path("exams/<slug:slug>/statistics/", views.exam_statistics, name="exams_statistics"),
    path("exams/<slug:slug>/angoff/", views.exam_angoff_view, name="exams_angoff"),
    path("exams/<slug:slug>/regrade/", views.exam_regrade_view, name="exams_regrade"),
    path("verify/<str:code>/", views.verify, name="exams_verify"),
]
