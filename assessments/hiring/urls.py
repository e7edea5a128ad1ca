"""URLs under /hiring/."""

from __future__ import annotations

from django.urls import path

from . import scheduling_views, views

app_name = "hiring"

urlpatterns = [
    path("", views.home, name="home"),
    path("requisitions/new/", views.requisition_new, name="requisition_new"),
    path("requisitions/<int:pk>/", views.board, name="board"),
    path("requisitions/<int:pk>/edit/", views.requisition_edit, name="requisition_edit"),
    path("requisitions/<int:pk>/plan/", views.requisition_plan, name="plan"),
    path("requisitions/<int:pk>/status/", views.requisition_status, name="requisition_status"),
    path("requisitions/<int:pk>/calibration/", views.calibration, name="calibration"),
    path("requisitions/<int:pk>/import/", views.candidate_import, name="candidate_import"),
    path("requisitions/<int:pk>/candidates/new/", views.candidate_add, name="candidate_add"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/cv/", views.candidate_cv, name="candidate_cv"),
    path("candidates/<int:pk>/interviews/", views.candidate_interviews, name="candidate_interviews"),
    path(
        "candidates/<int:pk>/scorecards.json", views.candidate_scorecards_api, name="candidate_scorecards_api"
    ),
    path("candidates/<int:pk>/scorecard/", views.scorecard_edit, name="scorecard"),
    path("candidates/<int:pk>/stage/", views.candidate_stage, name="candidate_stage"),
    path("candidates/<int:pk>/decision/", views.candidate_decision, name="candidate_decision"),
    path(
        "candidates/<int:pk>/steps/<int:step_id>/schedule/",
        scheduling_views.interview_schedule_edit,
        name="interview_schedule",
    ),
    path(
        "interviews/<int:pk>/cancel/",
        scheduling_views.interview_schedule_cancel_view,
        name="interview_schedule_cancel",
    ),
    path("scorecards/<int:pk>/amend/", views.scorecard_amendment, name="scorecard_amend"),
]
