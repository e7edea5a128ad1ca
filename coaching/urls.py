"""URLs under /coaching/."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("", views.home, name="home"),
    path("team/", views.team, name="team"),
    path("engagements/new/", views.engagement_new, name="engagement_new"),
    path("engagements/<int:pk>/", views.engagement, name="engagement"),
    path("engagements/<int:pk>/field-day/", views.fieldday, name="fieldday"),
    path("field-days/<int:pk>/", views.fieldday_detail, name="fieldday_detail"),
    path("field-days/<int:pk>/cancel/", views.fieldday_cancel_view, name="fieldday_cancel"),
    path("engagements/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/acknowledge/", views.session_ack, name="session_ack"),
    path("passport/<int:user_id>/", views.passport, name="passport"),
    path("passport/<int:user_id>/export.json", views.passport_json, name="passport_json"),
    path("passport/<int:user_id>/export.pdf", views.passport_pdf, name="passport_pdf"),
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_edit, name="program_new"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("qualifications/", views.qualifications, name="qualifications"),
    path("qualifications/applications/<int:pk>/", views.application, name="application"),
]
