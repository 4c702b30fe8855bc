from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.terms import term_label

from .child import Child, Subject
from .station import Station
from .volunteer import Volunteer


class HomeVisit(models.Model):
    """Tutoring at the child's home (上门辅导): always at least two volunteers."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="home_visits", verbose_name=_("child")
    )
    date = models.DateField(_("date"))
    volunteers = models.ManyToManyField(
        Volunteer, related_name="home_visits", verbose_name=_("volunteers")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-date"]

    def __str__(self):
        return gettext("Home visit to %(child)s on %(date)s") % {
            "child": self.child.name,
            "date": f"{self.date:%Y-%m-%d}",
        }


class GradeRecord(models.Model):
    """A child's school score in one subject and term (成绩记录)."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="grades", verbose_name=_("child")
    )
    term = models.CharField(_("term"), max_length=12, help_text=_("For example 2026-spring."))
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    full_marks = models.DecimalField(_("full marks"), max_digits=5, decimal_places=1, default=100)

    class Meta:
        verbose_name = _("grade record")
        verbose_name_plural = _("grade records")
        ordering = ["child", "term", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "term", "subject"], name="%(app_label)s_%(class)s_once_per_term"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=F("full_marks")) & Q(full_marks__gt=0),
                name="%(app_label)s_%(class)s_score_within_full_marks",
                violation_error_message=_("The score must be between 0 and the full marks."),
            ),
        ]

    def __str__(self):
        return gettext("%(child)s · %(term)s %(subject)s: %(score)s of %(full_marks)s") % {
            "child": self.child.name,
            "term": term_label(self.term),
            "subject": self.subject,
            "score": self.score,
            "full_marks": self.full_marks,
        }

    @property
    def percent(self) -> float:
        return float(self.score) * 100 / float(self.full_marks)


class Outing(models.Model):
    """An outing (外出活动), such as the visit to the 科学宫."""

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="outings", verbose_name=_("station")
    )
    title = models.CharField(_("title"), max_length=100)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)
    children = models.ManyToManyField(
        Child, through="OutingChild", related_name="outings", verbose_name=_("children")
    )

    class Meta:
        verbose_name = _("outing")
        verbose_name_plural = _("outings")
        ordering = ["-date"]

    def __str__(self):
        return self.title


class OutingChild(models.Model):
    """A child on an outing, with the guardian's permission slip. Like a pairing, the database
    refuses a child without a live consent."""

    outing = models.ForeignKey(
        Outing, on_delete=models.CASCADE, related_name="participants", verbose_name=_("outing")
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="+", verbose_name=_("child")
    )
    permission_given_on = models.DateField(_("guardian's permission given on"))

    class Meta:
        verbose_name = _("child on the outing")
        verbose_name_plural = _("children on the outing")
        constraints = [
            models.UniqueConstraint(
                fields=["outing", "child"], name="%(app_label)s_%(class)s_once_per_outing"
            )
        ]

    def __str__(self):
        return gettext("%(child)s on %(outing)s") % {
            "child": self.child.name,
            "outing": self.outing,
        }


class BookDonation(models.Model):
    donor = models.CharField(_("donor"), max_length=80)
    title = models.CharField(_("book title"), max_length=100)
    quantity = models.PositiveIntegerField(_("quantity"))
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("book donation")
        verbose_name_plural = _("book donations")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.title} ×{self.quantity}"


class BookGift(models.Model):
    donation = models.ForeignKey(
        BookDonation, on_delete=models.PROTECT, related_name="gifts", verbose_name=_("donation")
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="book_gifts", verbose_name=_("child")
    )
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("book gift")
        verbose_name_plural = _("book gifts")
        ordering = ["-date"]

    def __str__(self):
        return gettext("%(book)s for %(child)s") % {
            "book": self.donation.title,
            "child": self.child.name,
        }
