"""Cadre learning: the leadership group, study plans, the central group's monthly study with
reading notes, monthly assignments for office cadres with checks, and the three exams."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from community.documents import PdfName, validate_pdf


class LeadershipMember(models.Model):
    """A member of the programme's leadership group (领导小组)."""

    class Role(models.TextChoices):
        LEADS = "leads", _("Leads (overall responsibility)")
        CARRIES_OUT = "carries_out", _("Carries it out")
        MEMBER = "member", _("Member")

    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(pgettext_lazy("job title", "position"), max_length=80)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("leadership group member")
        verbose_name_plural = _("leadership group")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name}（{self.position}）"


class StudyPlan(models.Model):
    """A plan of study (学习计划) for a group and year."""

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=100)
    audience = models.CharField(_("for"), max_length=80)
    content = models.TextField(_("content"))
    attachment = models.FileField(
        _("attachment"),
        upload_to=PdfName("plans"),
        blank=True,
        validators=[validate_pdf],
        help_text=_("A PDF of at most 20 MB."),
    )

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.year} {self.title}"


class CadreQuerySet(models.QuerySet):
    def serving(self):
        return self.filter(left_on__isnull=True)


class Cadre(models.Model):
    """An office cadre (机关干部) of the street."""

    name = models.CharField(_("name"), max_length=50)
    department = models.CharField(_("department"), max_length=80)
    position = models.CharField(pgettext_lazy("job title", "position"), max_length=80, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre",
        verbose_name=_("login"),
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["department", "name", "pk"]

    def __str__(self):
        return self.name


class CentralGroupStudy(models.Model):
    """A monthly study of the central group (中心组学习)."""

    class Mode(models.TextChoices):
        CONCENTRATED = "concentrated", _("Concentrated study")
        SELF = "self", _("Self-study")

    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=150)
    mode = models.CharField(_("form"), max_length=12, choices=Mode.choices)
    attendees = models.ManyToManyField(
        Cadre, related_name="central_studies", verbose_name=_("attendees"), blank=True
    )

    class Meta:
        verbose_name = _("central group study")
        verbose_name_plural = _("central group studies")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m} {self.topic}"


class ReadingNote(models.Model):
    """A cadre's reading note (读书笔记) on a central-group study."""

    study = models.ForeignKey(
        CentralGroupStudy, on_delete=models.CASCADE, related_name="notes", verbose_name=_("study")
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="reading_notes", verbose_name=_("cadre")
    )
    text = models.TextField(_("note"))
    submitted_at = models.DateTimeField(_("handed in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reading note")
        verbose_name_plural = _("reading notes")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "cadre"], name="%(app_label)s_%(class)s_one_per_study"
            )
        ]

    def __str__(self):
        return gettext("%(cadre)s's reading note on %(study)s") % {
            "cadre": self.cadre.name,
            "study": self.study,
        }


class StudyAssignment(models.Model):
    """Monthly study content (学习任务) assigned to all cadres."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    title = models.CharField(_("title"), max_length=150)
    content = models.TextField(_("content"), blank=True)

    class Meta:
        verbose_name = _("study assignment")
        verbose_name_plural = _("study assignments")
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.title}"


class AssignmentCompletion(models.Model):
    assignment = models.ForeignKey(
        StudyAssignment,
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("assignment"),
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="completions", verbose_name=_("cadre")
    )
    completed_on = models.DateField(_("completed on"))

    class Meta:
        verbose_name = _("completed assignment")
        verbose_name_plural = _("completed assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "cadre"], name="%(app_label)s_%(class)s_once"
            )
        ]

    def __str__(self):
        return gettext("%(cadre)s completed %(assignment)s") % {
            "cadre": self.cadre.name,
            "assignment": self.assignment,
        }


class StudyCheck(models.Model):
    """A periodic check (检查) of the cadres' study."""

    date = models.DateField(_("date"))
    checker = models.CharField(_("checked by"), max_length=50)
    findings = models.TextField(_("findings"))

    class Meta:
        verbose_name = _("study check")
        verbose_name_plural = _("study checks")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.checker}"


class Exam(models.Model):
    """A sitting of one of the three exams: English, computer skills, Putonghua."""

    class Subject(models.TextChoices):
        ENGLISH = "english", _("English")
        COMPUTER = "computer", _("Computer skills")
        PUTONGHUA = "putonghua", _("Putonghua")

    subject = models.CharField(_("subject"), max_length=10, choices=Subject.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["-date", "subject"]

    def __str__(self):
        return f"{self.get_subject_display()} {self.date:%Y-%m-%d}"


class ExamResult(models.Model):
    exam = models.ForeignKey(
        Exam, on_delete=models.CASCADE, related_name="results", verbose_name=_("exam")
    )
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="exam_results", verbose_name=_("cadre")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        ordering = ["exam", "cadre"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "cadre"], name="%(app_label)s_%(class)s_once"),
            models.CheckConstraint(
                condition=Q(score__gte=0), name="%(app_label)s_%(class)s_score_not_negative"
            ),
        ]

    def __str__(self):
        return gettext("%(cadre)s · %(exam)s: %(score)s points") % {
            "cadre": self.cadre.name,
            "exam": self.exam,
            "score": self.score,
        }


class ExamTarget(models.Model):
    """The target: every serving cadre passes all three exams by the deadline."""

    title = models.CharField(_("title"), max_length=100)
    deadline = models.DateField(_("deadline"))

    class Meta:
        verbose_name = _("exam target")
        verbose_name_plural = _("exam targets")
        ordering = ["-deadline"]

    def __str__(self):
        return self.title
