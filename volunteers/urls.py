from django.urls import path
from django.utils.translation import gettext_lazy as _

from community.views import coming_soon

app_name = "volunteers"

urlpatterns = [
    path("aixinban/", coming_soon, {"title": _("爱心班")}, name="index"),
]
