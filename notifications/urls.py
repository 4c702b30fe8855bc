from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("my/messages/", views.inbox, name="inbox"),
    path("my/messages/<int:pk>/read/", views.read, name="read"),
    path("my/messages/read-all/", views.read_all, name="read_all"),
    path("my/messages/settings/", views.preferences, name="preferences"),
]
