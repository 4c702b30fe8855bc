from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Community schools")

    def ready(self):
        from django.db.models import Q

        from community.models.people import ResidentQuerySet

        from . import notices  # noqa: F401  (receivers: tell people of changes)

        def signed_up_at_schools_one_manages(user):
            """A school manager sees the residents signed up at the schools they manage."""
            return Q(enrolments__course__school__managers=user) | Q(
                enrolments__event__school__managers=user
            )

        ResidentQuerySet.work_brings.append(signed_up_at_schools_one_manages)
