"""Staff's edits of a year's annual report (年度工作总结)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReport(models.Model):
    """The text staff wrote for the points of a year's report, each beside the generated draft it
    replaced. A point without an edit shows the draft written from the data; the draft itself is
    never stored as an edit, so new data still reaches it."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    texts = models.JSONField(_("edited text"), default=dict, blank=True)  # point key -> text
    drafts = models.JSONField(_("draft when edited"), default=dict, blank=True, editable=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)
