from django.urls import path

from . import staff_views, views

app_name = "volunteers"

urlpatterns = [
    path("aixinban/", views.index, name="index"),
    path("aixinban/apply/", views.apply, name="apply"),
    path("aixinban/register/", views.register, name="register"),
    path("aixinban/saturdays/", views.saturdays, name="saturdays"),
    path("aixinban/saturdays/<int:pk>/signup/", views.shift_signup, name="shift_signup"),
    path("aixinban/saturdays/term/", views.term_signup, name="term_signup"),
    path("aixinban/checkin/<str:token>/", views.checkin_scan, name="checkin_scan"),
    path("aixinban/shifts/<int:pk>/cancel/", views.shift_cancel, name="shift_cancel"),
    path("aixinban/my/", views.my_saturdays, name="my_saturdays"),
    path("aixinban/pairings/<int:pk>/note/", views.note_write, name="note_write"),
    path("aixinban/children/<int:pk>/", views.child_for_volunteer, name="child"),
    path("aixinban/hours/", views.hours, name="hours"),
    path("aixinban/certificate/", views.certificate_issue, name="certificate_issue"),
    path("aixinban/certificate/<str:code>/", views.certificate, name="certificate"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("staff/aixinban/", staff_views.sessions, name="staff_sessions"),
    path("staff/aixinban/sessions/<int:pk>/", staff_views.session_detail, name="staff_session"),
    path("staff/aixinban/sessions/<int:pk>/pairing/", staff_views.pairing, name="staff_pairing"),
    path(
        "staff/aixinban/sessions/<int:pk>/checkin/",
        staff_views.session_checkin,
        name="staff_checkin",
    ),
    path(
        "staff/aixinban/sessions/<int:pk>/checkin/code/",
        staff_views.session_checkin_code,
        name="staff_checkin_code",
    ),
    path(
        "staff/aixinban/sessions/<int:pk>/message/",
        staff_views.session_broadcast,
        name="staff_broadcast",
    ),
    path(
        "staff/aixinban/children/<int:pk>/progress/",
        staff_views.child_progress,
        name="staff_child_progress",
    ),
]
