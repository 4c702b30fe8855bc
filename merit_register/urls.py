from django.urls import path

from . import staff_views, views

app_name = "merit_register"

urlpatterns = [
    path("merit/", views.deed_list, name="deed_list"),
    path("merit/deeds/<int:pk>/", views.deed_detail, name="deed_detail"),
    path("merit/report/", views.deed_report, name="deed_report"),
    path("merit/boards/", views.board_list, name="board_list"),
    path("merit/boards/<int:pk>/", views.board_detail, name="board_detail"),
    path("merit/boards/<int:pk>/poster/", views.board_poster, name="board_poster"),
    path("merit/boards/<int:pk>/qr.svg", views.board_qr, name="board_qr"),
    path("staff/merit/ledger/", staff_views.ledger, name="staff_ledger"),
    path(
        "staff/merit/recommendations/",
        staff_views.recommendations,
        name="staff_recommendations",
    ),
    path("staff/merit/boards/", staff_views.boards_posted, name="staff_boards_posted"),
    path("staff/merit/boards/<int:pk>/post/", staff_views.board_post, name="staff_board_post"),
    path(
        "staff/merit/boards/<int:pk>/compose/",
        staff_views.board_compose,
        name="staff_board_compose",
    ),
]
