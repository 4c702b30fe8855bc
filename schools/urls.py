from django.urls import path
from django.utils.translation import gettext_lazy as _

from community.views import coming_soon

app_name = "schools"

urlpatterns = [
    path("courses/", coming_soon, {"title": _("Courses and events")}, name="course_list"),
]
