"""Showcase and honours: learning exemplars and their works, honours, newsletter issues."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..documents import PdfName, validate_pdf


class Exemplar(models.Model):
    """A learning exemplar (学习典型): a child, a retired cadre, a household."""

    class Kind(models.TextChoices):
        CHILD = "child", _("Child")
        RETIRED_CADRE = "retired_cadre", _("Retired cadre")
        HOUSEHOLD = "household", _("Household")
        RESIDENT = "resident", _("Resident")

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    story = models.TextField(_("story"))
    published = models.BooleanField(_("shown in public"), default=True)

    class Meta:
        verbose_name = _("learning exemplar")
        verbose_name_plural = _("learning exemplars")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exemplar_detail", args=[self.pk])


class Work(models.Model):
    """A work (作品) of an exemplar: calligraphy, painting and the like, with its image."""

    class Kind(models.TextChoices):
        CALLIGRAPHY = "calligraphy", _("Calligraphy")
        PAINTING = "painting", _("Painting")
        PHOTOGRAPH = "photograph", _("Photograph")
        HANDICRAFT = "handicraft", _("Handicraft")

    exemplar = models.ForeignKey(
        Exemplar, on_delete=models.CASCADE, related_name="works", verbose_name=_("exemplar")
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    exhibited_at = models.CharField(_("where exhibited"), max_length=150, blank=True)
    image = models.ImageField(_("image"), upload_to="showcase/")
    thumbnail = models.ImageField(upload_to="showcase/thumbs/", editable=False)

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        ordering = ["-year", "pk"]

    def __str__(self):
        return self.title


class Honour(models.Model):
    """An honour (荣誉) of the street, of a person or of a household."""

    class Holder(models.TextChoices):
        STREET = "street", _("The street")
        PERSON = "person", _("A person")
        HOUSEHOLD = "household", _("A household")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    title = models.CharField(_("honour"), max_length=100)
    holder_kind = models.CharField(_("held by"), max_length=10, choices=Holder.choices)
    holder_name = models.CharField(_("holder"), max_length=80)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    awarded_by = models.CharField(_("awarded by"), max_length=100)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.holder_name}：{self.title}"


class NewsletterIssue(models.Model):
    """An issue of a newsletter (专刊) such as 老同志之友."""

    newsletter = models.CharField(_("newsletter"), max_length=60)
    number = models.PositiveIntegerField(_("issue"))
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    file = models.FileField(
        _("file"),
        upload_to=PdfName("newsletters"),
        blank=True,
        validators=[validate_pdf],
        help_text=_("A PDF of at most 20 MB."),
    )

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "number"], name="%(app_label)s_%(class)s_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.newsletter} {self.number}"
