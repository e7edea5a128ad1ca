"""Analytics routes, under /analytics/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboards/", views.dashboards, name="dashboards"),
    path("performance/import/", views.performance_import_view, name="performance_import"),
    path("performance/template.<str:fmt>", views.performance_template, name="performance_template"),
    path("studies/new/", views.study_new, name="study_new"),
    path("studies/<int:pk>/", views.study_detail, name="study"),
    path("studies/<int:pk>/status/", views.study_status, name="study_status"),
    path("studies/<int:pk>/fairness/", views.study_fairness, name="fairness"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
]
