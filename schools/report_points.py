"""The schools' points of the annual report (see community.annual_report): the leadership group,
the central group's and the cadres' study, the cadres' exams, the courses of cadres and party
members, the five types of "学习的家、快乐的家" and the places of learning."""

import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.annual_report import (
    Unit,
    amount,
    compared,
    day,
    listing,
    sentence,
    sentences,
    titles,
)

from .cadres import exam_progress
from .models import (
    AssignmentCompletion,
    Attendance,
    Branch,
    CentralGroupStudy,
    ContestWinner,
    Course,
    CourseSession,
    Enrolment,
    Event,
    Exam,
    ExamResult,
    ExamTarget,
    LeadershipMember,
    School,
    StudyAssignment,
    StudyCheck,
    StudyPlan,
)

# The five types of the "学习的家、快乐的家" activity, in the programme's order.
FIVE_TYPES = [
    Course.Category.SKILLS,
    Course.Category.SERVICE,
    Course.Category.ARTS,
    Course.Category.KNOWLEDGE,
    Course.Category.TASTE,
]
CADRES_AND_PARTY = [Course.Category.PARTY, Course.Category.CADRE]
EXAMPLES = 3  # course titles named for a type


def distinct_titles(titles) -> list[str]:
    """Each title once, in order: a course that ran in several terms is named once."""
    return list(dict.fromkeys(titles))


SCHOOLS_NAMED = 7


def first_year() -> int | None:
    """The year of the schools' earliest record: a session, event, sign-up or cadre study."""
    today = timezone.localdate()
    moments = [
        CourseSession.objects.aggregate(first=Min("starts_at"))["first"],
        Event.objects.aggregate(first=Min("starts_at"))["first"],
        Enrolment.objects.aggregate(first=Min("created_at"))["first"],
    ]
    days = [
        CentralGroupStudy.objects.aggregate(first=Min("date"))["first"],
        Exam.objects.aggregate(first=Min("date"))["first"],
        StudyAssignment.objects.aggregate(first=Min("month"))["first"],
    ]
    years = [timezone.localtime(moment).year for moment in moments if moment is not None]
    years += [d.year for d in days if d is not None and d <= today]
    plans = StudyPlan.objects.aggregate(first=Min("year"))["first"]
    if plans is not None:
        years.append(plans)
    return min(years, default=None)


def report_points(year: int) -> dict[str, list[str]]:
    return {
        "leadership": leadership(year),
        "central_study": central_study(year),
        "cadre_exams": cadre_exams(year),
        "cadre_learning": cadre_learning(year),
        "learning_home": learning_home(year),
        "positions": positions(year),
    }


def year_end(year: int) -> datetime.date:
    """The last day of a year, or today for this year."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


def leadership(year: int) -> list[str]:
    members = list(LeadershipMember.objects.all())
    plans = list(
        StudyPlan.objects.filter(year=year).order_by("title").values_list("title", flat=True)
    )
    paragraph = []
    if members:
        paragraph.append(
            sentence(
                _(
                    "the street set up a leadership group of %(count)s people for building a "
                    "learning community"
                )
                % {"count": len(members)}
            )
        )
        leads = listing(
            f"{m.position}{m.name}" for m in members if m.role == LeadershipMember.Role.LEADS
        )
        carries = listing(
            f"{m.position}{m.name}" for m in members if m.role == LeadershipMember.Role.CARRIES_OUT
        )
        paragraph.append(
            sentence(
                leads and _("%(people)s takes overall responsibility") % {"people": leads},
                carries and _("%(people)s carries it out") % {"people": carries},
            )
        )
    if plans:
        paragraph.append(
            sentence(
                _("study plans drawn up this year: %(count)s (%(titles)s)")
                % {"count": len(plans), "titles": titles(plans)}
            )
        )
    return [sentences(*paragraph)] if paragraph else []


def _central_study_figures(year: int) -> dict:
    today = timezone.localdate()
    studies = CentralGroupStudy.objects.filter(date__year=year, date__lte=today)
    figures = studies.aggregate(
        held=Count("pk", distinct=True),
        concentrated=Count("pk", distinct=True, filter=Q(mode=CentralGroupStudy.Mode.CONCENTRATED)),
        self_study=Count("pk", distinct=True, filter=Q(mode=CentralGroupStudy.Mode.SELF)),
    )
    figures["attendances"] = CentralGroupStudy.attendees.through.objects.filter(
        centralgroupstudy__in=studies
    ).count()
    figures["notes"] = studies.aggregate(notes=Count("notes"))["notes"]
    assignments = StudyAssignment.objects.filter(month__year=year, month__lte=today)
    figures["assignments"] = assignments.count()
    figures["completions"] = AssignmentCompletion.objects.filter(assignment__in=assignments).count()
    figures["checks"] = StudyCheck.objects.filter(date__year=year, date__lte=today).count()
    return figures


def central_study(year: int) -> list[str]:
    now, before = _central_study_figures(year), _central_study_figures(year - 1)
    paragraph = []
    if now["held"]:
        kinds = [
            now["concentrated"]
            and _("concentrated study %(count)s times") % {"count": now["concentrated"]},
            now["self_study"] and _("self-study %(count)s times") % {"count": now["self_study"]},
        ]
        paragraph.append(
            sentence(
                _("the street's central group studied %(count)s times this year")
                % {"count": now["held"]},
                compared(now["held"], before["held"], Unit.times),
                _("of which %(kinds)s") % {"kinds": listing(k for k in kinds if k)},
                now["attendances"]
                and _("with %(count)s attendances") % {"count": now["attendances"]},
            )
        )
        paragraph.append(
            sentence(
                now["notes"]
                and _("members handed in %(count)s reading notes") % {"count": now["notes"]},
                now["notes"] and compared(now["notes"], before["notes"], Unit.notes),
            )
        )
    if now["assignments"]:
        paragraph.append(
            sentence(
                _("study assigned to the office cadres month by month: %(count)s items")
                % {"count": now["assignments"]},
                now["completions"]
                and _("completed %(count)s times") % {"count": now["completions"]},
            )
        )
    if now["checks"]:
        paragraph.append(
            sentence(_("the cadres' study was checked %(count)s times") % {"count": now["checks"]})
        )
    return [sentences(*paragraph)] if paragraph else []


def cadre_exams(year: int) -> list[str]:
    on = year_end(year)
    progress = exam_progress(on)
    exams = Exam.objects.filter(date__year=year, date__lte=on)
    results = ExamResult.objects.filter(exam__in=exams).aggregate(
        sat=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    sittings = exams.count()
    if not progress.cadres and not sittings:
        return []
    paragraph = []
    if progress.cadres:
        paragraph.append(
            sentence(
                _("on %(date)s the street had %(count)s serving office cadres")
                % {"date": day(on), "count": progress.cadres}
            )
        )
    if sittings:
        paragraph.append(
            sentence(
                _("this year %(count)s exam sittings were held") % {"count": sittings},
                results["sat"] and _("with %(count)s candidates") % {"count": results["sat"]},
                results["passed"] and _("%(count)s passes") % {"count": results["passed"]},
            )
        )
    passed = [
        _("%(subject)s %(count)s people") % {"subject": label, "count": progress.passed[code]}
        for code, label in Exam.Subject.choices
        if progress.passed[code]
    ]
    if passed:
        paragraph.append(
            sentence(_("cadres who have passed: %(subjects)s") % {"subjects": listing(passed)})
        )
    if progress.all_three:
        before = exam_progress(datetime.date(year - 1, 12, 31)).all_three if year > 1 else 0
        paragraph.append(
            sentence(
                _("%(count)s have passed all three exams, %(share)s%% of the cadres")
                % {"count": progress.all_three, "share": amount(progress.all_three_share)},
                compared(progress.all_three, before, Unit.people),
            )
        )
    target = (
        ExamTarget.objects.filter(deadline__gte=datetime.date(year, 1, 1))
        .order_by("deadline")
        .first()
    )
    if target is not None and progress.cadres:
        values = {
            "target": target.title,
            "deadline": day(target.deadline),
            "count": len(progress.missing),
        }
        if not progress.missing:
            text = _("the target “%(target)s” is met: every serving cadre has passed all three")
        elif target.deadline >= on:
            text = _(
                "to meet the target “%(target)s” by %(deadline)s, %(count)s cadres still have "
                "to pass all three"
            )
        else:
            text = _(
                "the deadline of the target “%(target)s” (%(deadline)s) has passed with "
                "%(count)s cadres yet to pass all three"
            )
        paragraph.append(sentence(text % values))
    return [sentences(*paragraph)]


def _course_figures(year: int, categories) -> dict[str, dict]:
    """Per category: the courses held, their sessions and examples, the year's sign-ups and the
    attendances at the year's sessions."""
    held = Course.objects.held_in(year).filter(category__in=categories)
    figures = {
        code: {"courses": 0, "sessions": 0, "sign_ups": 0, "present": 0} for code in categories
    }
    for code, count in held.order_by().values_list("category").annotate(n=Count("pk")):
        figures[code]["courses"] = count
    for code, count in (
        CourseSession.objects.filter(
            course__in=held, starts_at__year=year, starts_at__lte=timezone.now()
        )
        .order_by()
        .values_list("course__category")
        .annotate(n=Count("pk"))
    ):
        figures[code]["sessions"] = count
    for code, count in (
        Enrolment.objects.live()
        .filter(course__category__in=categories, created_at__year=year)
        .order_by()
        .values_list("course__category")
        .annotate(n=Count("pk"))
    ):
        figures[code]["sign_ups"] = count
    for code, count in (
        Attendance.objects.filter(
            present=True,
            session__course__category__in=categories,
            session__starts_at__year=year,
            session__starts_at__lte=timezone.now(),
        )
        .order_by()
        .values_list("session__course__category")
        .annotate(n=Count("pk"))
    ):
        figures[code]["present"] = count
    for code in categories:
        figures[code]["examples"] = distinct_titles(
            held.filter(category=code)
            .annotate(
                taken=Count("enrolments", filter=~Q(enrolments__status=Enrolment.Status.CANCELLED))
            )
            .order_by("-taken", "title", "pk")
            .values_list("title", flat=True)[: EXAMPLES * 8]
        )[:EXAMPLES]
    return figures


def _total(figures: dict, name: str) -> int:
    return sum(row[name] for row in figures.values())


def cadre_learning(year: int) -> list[str]:
    now = _course_figures(year, CADRES_AND_PARTY)
    before = _course_figures(year - 1, CADRES_AND_PARTY)
    courses = _total(now, "courses")
    if not courses:
        return []
    party, cadre = now[Course.Category.PARTY], now[Course.Category.CADRE]
    kinds = [
        party["courses"]
        and ngettext(
            "%(count)s course of party member education",
            "%(count)s courses of party member education",
            party["courses"],
        )
        % {"count": party["courses"]},
        cadre["courses"]
        and ngettext(
            "%(count)s course of cadre training",
            "%(count)s courses of cadre training",
            cadre["courses"],
        )
        % {"count": cadre["courses"]},
    ]
    examples = party["examples"] + cadre["examples"]
    sign_ups = _total(now, "sign_ups")
    present = _total(now, "present")
    return [
        sentences(
            sentence(
                _("this year cadres and party members studied in %(courses)s")
                % {"courses": listing(k for k in kinds if k)},
                compared(courses, _total(before, "courses"), Unit.courses),
                _("which met %(count)s times") % {"count": _total(now, "sessions")},
                sign_ups and _("with %(count)s sign-ups") % {"count": sign_ups},
                sign_ups and compared(sign_ups, _total(before, "sign_ups"), Unit.sign_ups),
                present and _("and %(count)s attendances") % {"count": present},
            ),
            sentence(_("among them %(titles)s") % {"titles": titles(examples)}),
        )
    ]


def learning_home(year: int) -> list[str]:
    now = _course_figures(year, FIVE_TYPES)
    before = _course_figures(year - 1, FIVE_TYPES)
    courses = _total(now, "courses")
    if not courses:
        return []
    sign_ups = _total(now, "sign_ups")
    paragraphs = [
        sentence(
            _(
                "this year the “home of learning, home of happiness” activity held %(count)s "
                "courses of the five types"
            )
            % {"count": courses},
            compared(courses, _total(before, "courses"), Unit.courses),
            sign_ups and _("with %(count)s sign-ups") % {"count": sign_ups},
        )
    ]
    labels = dict(Course.Category.choices)
    for number, code in enumerate(FIVE_TYPES, start=1):
        row, last = now[code], before[code]
        heading = _("(%(number)s) %(type)s.") % {"number": number, "type": labels[code]}
        if not row["courses"]:
            paragraphs.append(sentences(heading, _("No course of this type was held this year.")))
            continue
        paragraphs.append(
            sentences(
                heading,
                sentence(
                    _("courses held: %(count)s") % {"count": row["courses"]},
                    compared(row["courses"], last["courses"], Unit.courses),
                    row["sign_ups"] and _("with %(count)s sign-ups") % {"count": row["sign_ups"]},
                    _("such as %(titles)s") % {"titles": titles(row["examples"])},
                ),
            )
        )
    return paragraphs


def positions(year: int) -> list[str]:
    schools = School.objects.count()
    branches = Branch.objects.count()
    events = Event.objects.held_in(year)
    before = dict(
        Event.objects.held_in(year - 1).order_by().values_list("kind").annotate(n=Count("pk"))
    )
    kinds = dict(events.order_by().values_list("kind").annotate(n=Count("pk")))
    contests = list(
        events.filter(kind=Event.Kind.CONTEST)
        .order_by("starts_at", "pk")
        .values_list("title", flat=True)
    )
    winners = ContestWinner.objects.filter(event__in=events).count()
    if not (schools or kinds):
        return []
    paragraph = []
    if schools:
        names = list(School.objects.values_list("name", flat=True)[:SCHOOLS_NAMED])
        named = listing(names)
        if schools > len(names):
            named = _("%(names)s and others") % {"names": named}
        paragraph.append(
            sentence(
                _("the street runs %(count)s community schools (%(names)s)")
                % {"count": schools, "names": named},
                branches and _("%(count)s branches at residents' committees") % {"count": branches},
            )
        )
    held = []
    for kind, text, unit in [
        (Event.Kind.LECTURE, _("expert lectures: %(count)s"), Unit.events),
        (Event.Kind.PARTY_LECTURE, _("party lectures: %(count)s"), Unit.times),
        (Event.Kind.PLAZA, _("plaza consultations: %(count)s"), Unit.times),
        (Event.Kind.EXHIBITION, _("exhibitions: %(count)s"), Unit.times),
    ]:
        if kinds.get(kind):
            held.append(text % {"count": kinds[kind]})
            held.append(compared(kinds[kind], before.get(kind), unit))
    if any(held):
        paragraph.append(sentence(_("this year"), *held))
    if contests:
        paragraph.append(
            sentence(
                _("it organised %(count)s knowledge contests (%(titles)s)")
                % {"count": len(contests), "titles": titles(contests)},
                compared(len(contests), before.get(Event.Kind.CONTEST), Unit.events),
                winners and _("%(count)s prizes were won") % {"count": winners},
            )
        )
    return [sentences(*paragraph)]
