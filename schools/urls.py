from django.urls import path

from . import cadre_views, staff_views, views

app_name = "schools"

urlpatterns = [
    path("schools/", views.school_list, name="school_list"),
    path("schools/<slug:slug>/", views.school_detail, name="school_detail"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/enrol/", views.course_enrol, name="course_enrol"),
    path("courses/<int:pk>/calendar.ics", views.course_calendar, name="course_calendar"),
    path("enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment_cancel"),
    path("my/courses/", views.my_courses, name="my_courses"),
    path("my/courses/calendar/renew/", views.my_calendar_renew, name="my_calendar_renew"),
    path("my/courses/<str:token>/calendar.ics", views.my_calendar, name="my_calendar"),
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/enrol/", views.event_enrol, name="event_enrol"),
    path("about/", cadre_views.about, name="about"),
    path("cadre/", cadre_views.cadre_page, name="cadre_page"),
    path("cadre/assignments/done/", cadre_views.assignment_done, name="assignment_done"),
    path("staff/cadres/exams/", cadre_views.exam_progress_page, name="staff_exam_progress"),
    path("staff/cadres/notes/", cadre_views.cadre_notes_page, name="staff_cadre_notes"),
    path(
        "staff/cadres/notes.xlsx",
        cadre_views.cadre_notes_export,
        name="staff_cadre_notes_export",
    ),
    path("staff/cadres/notes/<int:pk>/", cadre_views.cadre_note, name="staff_cadre_note"),
    path("staff/courses/", staff_views.course_list, name="staff_course_list"),
    path("staff/courses/<int:pk>/counter/", staff_views.counter, name="staff_counter"),
    path(
        "staff/courses/<int:pk>/counter/<int:enrolment_pk>/cancel/",
        staff_views.counter_cancel,
        name="staff_counter_cancel",
    ),
    path("staff/courses/<int:pk>/message/", staff_views.course_broadcast, name="staff_broadcast"),
    path(
        "staff/events/<int:pk>/message/",
        staff_views.event_broadcast,
        name="staff_event_broadcast",
    ),
    path(
        "staff/courses/<int:pk>/sessions/",
        staff_views.sessions_generate,
        name="staff_sessions_generate",
    ),
    path(
        "staff/courses/<int:pk>/enrolments.xlsx",
        staff_views.enrolments_export,
        name="staff_enrolments_export",
    ),
    path(
        "staff/courses/<int:pk>/attendance.xlsx",
        staff_views.attendance_export,
        name="staff_attendance_export",
    ),
    path(
        "staff/sessions/<int:pk>/attendance/",
        staff_views.session_attendance,
        name="staff_attendance",
    ),
    path(
        "staff/sessions/<int:pk>/sign-in-sheet/",
        staff_views.sign_in_sheet,
        name="staff_sign_in_sheet",
    ),
]
