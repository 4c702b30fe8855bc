"""Every row reads as staff would say it (admin lists, delete confirmations, the admin's history):
names of the people and things it links, never their ids."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Community, Resident, Street, User
from merit_register.models import Board, BoardDeed, Deed
from schools.models import (
    AssignmentCompletion,
    Attendance,
    Cadre,
    CentralGroupStudy,
    Course,
    CourseSession,
    Enrolment,
    Event,
    Exam,
    ExamResult,
    ReadingNote,
    School,
    StudyAssignment,
)
from volunteers.models import (
    BookDonation,
    BookGift,
    Child,
    ChildAccessLog,
    GradeRecord,
    HomeVisit,
    Outing,
    OutingChild,
    Pairing,
    Shift,
    Station,
    Subject,
    TutoringNote,
    TutoringSession,
    Volunteer,
)


@pytest.fixture
def rows(db):
    """One row of each kind, every primary key a seven-digit number no date or score contains."""
    ids = itertools.count(7_000_001)

    def make(model, **fields):
        return model.objects.create(pk=next(ids), **fields)

    street = make(Street, name="景和街道", city="江城", district="东区", introduction="")
    community = make(Community, street=street, name="一村社区居委会")
    resident = make(Resident, name="王秀英", mobile="13812345678", community=community)
    school = make(School, name="健康教育学校", slug="health")
    course = make(
        Course, school=school, title="太极拳", category="taste", capacity=10, status="published"
    )
    starts = datetime.datetime(2026, 3, 10, 9, tzinfo=timezone.get_current_timezone())
    session = make(
        CourseSession, course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    )
    event = make(Event, title="防跌倒讲座", kind="lecture", starts_at=starts, status="published")
    enrolment = make(Enrolment, course=course, resident=resident, status="confirmed")
    event_place = make(Enrolment, event=event, resident=resident, status="waitlisted")
    attendance = make(Attendance, session=session, enrolment=enrolment, present=True)

    cadre = make(Cadre, name="李建国", department="党政办")
    study = make(
        CentralGroupStudy, date=datetime.date(2026, 3, 1), topic="依法行政", mode="concentrated"
    )
    assignment = make(StudyAssignment, month=datetime.date(2026, 4, 1), title="学习民法典")
    exam = make(Exam, subject="putonghua", date=datetime.date(2026, 5, 20))

    station = make(Station, name="景和爱心驿站", community=community)
    child = make(
        Child,
        station=station,
        name="刘小军",
        gender="boy",
        grade="四年级",
        guardian_name="刘华军",
        guardian_relation="父亲",
        consent_given_on=datetime.date(2026, 3, 1),
        consent_guardian_name="刘华军",
        consent_text_version="2026-01",
    )
    coordinator = make(User, mobile="13700000005", name="驿站负责人张敏")
    volunteer = make(
        Volunteer,
        user=make(User, mobile="13500000001", name="陈思远"),
        name="陈思远",
        university="江城大学",
        major="数学",
        student_number="20240001",
        mobile="13500000001",
        status="applied",
        pledge_signed_on=datetime.date(2026, 9, 1),
    )
    saturday = make(TutoringSession, station=station, date=datetime.date(2026, 10, 10), capacity=5)
    pairing = make(Pairing, session=saturday, volunteer=volunteer, child=child)
    outing = make(
        Outing, station=station, title="参观科学宫", date=datetime.date(2026, 7, 1), place="科学宫"
    )
    donation = make(
        BookDonation,
        donor="新华书店",
        title="十万个为什么",
        quantity=20,
        date=datetime.date(2026, 6, 1),
    )
    deed = make(
        Deed,
        title="为独居老人修好水管",
        story="故事",
        date=datetime.date(2026, 5, 1),
        category="helping",
        community=community,
        status="published",
    )
    board = make(
        Board,
        title="一村功德榜",
        issue_number=3,
        community=community,
        status="posted",
        location="宣传栏",
        posted_on=datetime.date(2026, 6, 1),
    )

    objects = {
        "course enrolment": (
            enrolment,
            ["王秀英", "太极拳", str(Enrolment.Status.CONFIRMED.label)],
        ),
        "event enrolment": (event_place, ["王秀英", "防跌倒讲座"]),
        "attendance": (attendance, ["王秀英", "太极拳", "2026-03-10"]),
        "reading note": (
            make(ReadingNote, study=study, cadre=cadre, text="体会"),
            ["李建国", "依法行政"],
        ),
        "completed assignment": (
            make(AssignmentCompletion, assignment=assignment, cadre=cadre, completed_on=study.date),
            ["李建国", "学习民法典"],
        ),
        "exam result": (
            make(ExamResult, exam=exam, cadre=cadre, score=Decimal("86.5"), passed=True),
            ["李建国", "普通话", "86.5"],
        ),
        "home visit": (
            make(HomeVisit, child=child, date=datetime.date(2026, 6, 6)),
            ["刘小军", "2026-06-06"],
        ),
        "grade record": (
            make(
                GradeRecord,
                child=child,
                term="2026-spring",
                subject=Subject.objects.get(code="maths"),
                score=88,
            ),
            ["刘小军", "2026年春季学期", "数学", "88"],
        ),
        "child on an outing": (
            make(OutingChild, outing=outing, child=child, permission_given_on=outing.date),
            ["刘小军", "参观科学宫"],
        ),
        "book gift": (
            make(BookGift, donation=donation, child=child, date=datetime.date(2026, 6, 1)),
            ["十万个为什么", "刘小军"],
        ),
        "access log": (
            make(ChildAccessLog, child=child, user=coordinator, action="view"),
            ["驿站负责人张敏", "刘小军", str(ChildAccessLog.Action.VIEW.label)],
        ),
        "volunteer sign-up": (
            make(Shift, session=saturday, volunteer=volunteer, status="confirmed"),
            ["陈思远", "景和爱心驿站", "2026-10-10"],
        ),
        "pairing": (pairing, ["陈思远", "刘小军", "景和爱心驿站"]),
        "tutoring note": (
            make(TutoringNote, pairing=pairing, author=volunteer, done="复习分数加减法"),
            ["陈思远", "刘小军", "复习分数加减法"],
        ),
        "deed on a board": (
            make(BoardDeed, board=board, deed=deed, position=2),
            ["为独居老人修好水管"],
        ),
    }
    return objects, set(range(7_000_001, next(ids)))


def test_each_row_reads_with_the_names_it_links_and_no_ids(rows):
    objects, primary_keys = rows

    for kind, (obj, names) in objects.items():
        text = str(type(obj).objects.get(pk=obj.pk))
        for name in names:
            assert name in text, (kind, text)
        assert not [pk for pk in primary_keys if str(pk) in text], (kind, text)


def test_the_scheduled_purge_is_named_in_the_access_log(rows):
    objects, _keys = rows
    child = objects["home visit"][0].child

    text = str(ChildAccessLog.objects.create(child=child, user=None, action="erase"))

    assert "刘小军" in text and str(ChildAccessLog.Action.ERASE.label) in text
    assert "None" not in text


# What each admin list showing these rows must select_related, so a page of them costs one query.
SELECT_RELATED = {
    Enrolment: ["resident", "course", "event"],
    Attendance: ["enrolment__resident", "session__course"],
    ReadingNote: ["cadre", "study"],
    AssignmentCompletion: ["cadre", "assignment"],
    ExamResult: ["cadre", "exam"],
    HomeVisit: ["child"],
    GradeRecord: ["child", "subject"],
    OutingChild: ["child", "outing"],
    BookGift: ["donation", "child"],
    ChildAccessLog: ["user", "child"],
    Shift: ["volunteer", "session__station"],
    Pairing: ["volunteer", "child", "session__station"],
    TutoringNote: ["author", "pairing__child"],
    BoardDeed: ["deed"],
}


@pytest.mark.parametrize("model", SELECT_RELATED, ids=lambda model: model.__name__)
def test_a_row_reads_without_queries_once_its_links_are_selected(rows, model):
    selected = list(model.objects.select_related(*SELECT_RELATED[model]))

    with CaptureQueriesContext(connection) as queries:
        texts = [str(obj) for obj in selected]

    assert texts and len(queries) == 0, [q["sql"] for q in queries]
