from django.urls import path
from django.utils.translation import gettext_lazy as _

from community.views import coming_soon

app_name = "merit_register"

urlpatterns = [
    path("merit/", coming_soon, {"title": _("Merit register")}, name="deed_list"),
]
