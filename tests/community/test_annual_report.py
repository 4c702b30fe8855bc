"""The annual report as a document: prose written from the data in the programme's outline, staff's
edits kept per year, the Word file and the print version, and years without a report."""

import datetime
import re
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from community import roles
from community.annual_report import POINT_KEYS, document, drafts
from community.models import AnnualReport, Exemplar, Honour, NewsletterIssue, Work
from merit_register.models import Board, Deed
from schools.models import (
    AssignmentCompletion,
    Attendance,
    Branch,
    Cadre,
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
    ReadingNote,
    School,
    StudyAssignment,
    StudyCheck,
    StudyPlan,
)
from volunteers.models import (
    BookDonation,
    Child,
    GradeRecord,
    HomeVisit,
    Outing,
    OutingChild,
    Pairing,
    Shift,
    Station,
    Subject,
    TutoringSession,
    Volunteer,
)

YEAR, LAST = 2025, 2024
TZ = timezone.get_current_timezone()
PART_TITLES = [
    "一、领导重视，组织有力，建立完善的学习体系",
    "二、结合实际，积极创新，开展多样的学习活动",
    "三、注重实效，稳步推进，取得丰硕的学习成果",
]
NUMBERED_LEADS = [
    "1、组织机关干部和党员学习。",
    "2、开办“爱心班”。",
    "3、开展“学习的家、快乐的家”活动。",
    "1、抓阵地建设。",
    "2、抓典型引路。",
    "3、抓载体构筑。",
]


def at(year, month, day=10, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def change(now, before):
    """The number a 比上年 clause states, or nothing when last year has no such figure."""
    return [] if not before or now == before else [str(abs(now - before))]


def amount(value) -> str:
    return f"{float(value):.1f}".removesuffix(".0")


@pytest.fixture
def staff_client(client, make_user, street):
    user = make_user(mobile="13700000010", name="街道管理员", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def manager_client(client, make_user, street):
    """A school manager: staff who read the summary but may not change its text."""
    user = make_user(mobile="13700000011", name="学校管理员", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.SCHOOL_MANAGER))
    client.force_login(user)
    return client


def course(school, title, category, starts, status=Course.Status.PUBLISHED):
    made = Course.objects.create(
        school=school, title=title, category=category, capacity=30, status=status
    )
    for moment in starts:
        CourseSession.objects.create(
            course=made, starts_at=moment, ends_at=moment + datetime.timedelta(hours=1)
        )
    return made


def sign_up(course, residents, created, status=Enrolment.Status.CONFIRMED):
    made = [Enrolment.objects.create(course=course, resident=r, status=status) for r in residents]
    Enrolment.objects.filter(pk__in=[e.pk for e in made]).update(created_at=created)
    return made


@pytest.fixture
def schools_data(community, make_resident):
    """Cadres' study and exams, courses of every kind, events: in YEAR, in LAST and around."""
    LeadershipMember.objects.create(name="张明", position="工委书记", role="leads", order=1)
    LeadershipMember.objects.create(name="李华", position="分管书记", role="carries_out", order=2)
    LeadershipMember.objects.create(name="王芳", position="党政办主任", role="member", order=3)
    for year, title in [(YEAR, "机关干部学习方案"), (YEAR, "居民学习方案"), (LAST, "旧方案")]:
        StudyPlan.objects.create(year=year, title=title, audience="机关干部", content="学习")

    a, b, c = (Cadre.objects.create(name=n, department="党政办") for n in ("甲", "乙", "丙"))
    gone = Cadre.objects.create(name="丁", department="党政办", left_on=datetime.date(YEAR, 6, 30))
    for year, month, mode, attendees, noted in [
        (YEAR, 2, "concentrated", [a, b], [a, b]),
        (YEAR, 5, "concentrated", [a, c], [a]),
        (YEAR, 9, "self", [b], [b]),
        (LAST, 3, "concentrated", [a], [a]),
        (LAST, 6, "self", [b], []),
    ]:
        study = CentralGroupStudy.objects.create(
            date=datetime.date(year, month, 1), topic="依法行政", mode=mode
        )
        study.attendees.set(attendees)
        for cadre in noted:
            ReadingNote.objects.create(study=study, cadre=cadre, text="体会")
    first = StudyAssignment.objects.create(month=datetime.date(YEAR, 3, 1), title="学习任务")
    second = StudyAssignment.objects.create(month=datetime.date(YEAR, 4, 1), title="学习任务")
    for assignment, cadre in [(first, a), (first, b), (second, a)]:
        AssignmentCompletion.objects.create(
            assignment=assignment, cadre=cadre, completed_on=datetime.date(YEAR, 4, 30)
        )
    StudyCheck.objects.create(date=datetime.date(YEAR, 7, 1), checker="张明", findings="良好")
    for subject, day, results in [
        ("english", datetime.date(YEAR, 4, 1), [(a, True), (b, True), (c, False), (gone, True)]),
        ("computer", datetime.date(YEAR, 5, 1), [(a, True), (b, False)]),
        ("putonghua", datetime.date(YEAR, 6, 1), [(a, True), (b, True)]),
        ("putonghua", datetime.date(LAST, 10, 1), [(c, True)]),
    ]:
        exam = Exam.objects.create(subject=subject, date=day)
        for cadre, passed in results:
            ExamResult.objects.create(exam=exam, cadre=cadre, score=80, passed=passed)
    ExamTarget.objects.create(
        title="全体机关干部通过英语、计算机和普通话考试", deadline=datetime.date(YEAR + 1, 12, 31)
    )

    health = School.objects.create(name="健康教育学校", slug="health", position=1)
    School.objects.create(name="老年艺术学校", slug="arts", position=2)
    Branch.objects.create(school=health, community=community, name="一村分校")
    people = [make_resident() for _ in range(6)]
    party = course(health, "党的建设讲习", "party", [at(YEAR, 3), at(YEAR, 4)])
    cadre = course(health, "依法行政培训", "cadre", [at(YEAR, 5)])
    repair = course(health, "家电修理", "skills", [at(YEAR, 3)])
    cooking = course(health, "烹调", "skills", [at(YEAR, 9)])
    choir = course(health, "老年合唱团", "arts", [at(YEAR, 3), at(YEAR, 10)])
    pottery = course(health, "陶艺设计", "taste", [at(YEAR, 11)])
    course(health, "未发布的课程", "skills", [at(YEAR, 6)], status=Course.Status.DRAFT)
    course(health, "取消的课程", "arts", [at(YEAR, 6)], status=Course.Status.CANCELLED)
    tailoring = course(health, "裁剪", "skills", [at(LAST, 5)])

    party_sign_ups = sign_up(party, people[:3], at(YEAR, 2))
    sign_up(cadre, people[:1], at(YEAR, 4))
    sign_up(repair, people[:2], at(YEAR, 2))
    sign_up(repair, people[2:3], at(YEAR, 2), status=Enrolment.Status.CANCELLED)
    sign_up(cooking, people[3:4], at(YEAR, 8))
    sign_up(choir, people[:3], at(YEAR, 2))
    sign_up(pottery, people[4:5], at(YEAR, 10))
    sign_up(tailoring, people[:2], at(LAST, 4))
    first_session = party.sessions.order_by("starts_at").first()
    for enrolment, present in zip(party_sign_ups, [True, True, False], strict=True):
        Attendance.objects.create(session=first_session, enrolment=enrolment, present=present)
    cadre_sign_up = Enrolment.objects.get(course=cadre)
    Attendance.objects.create(session=cadre.sessions.get(), enrolment=cadre_sign_up, present=True)

    published = Event.Status.PUBLISHED
    for kind, title, moment, status in [
        ("lecture", "防跌倒讲座", at(YEAR, 3), published),
        ("lecture", "养生讲座", at(YEAR, 5), published),
        ("lecture", "取消的讲座", at(YEAR, 6), Event.Status.CANCELLED),
        ("party_lecture", "党课", at(YEAR, 7), published),
        ("contest", "法律知识竞赛", at(YEAR, 8), published),
        ("lecture", "去年的讲座", at(LAST, 5), published),
    ]:
        event = Event.objects.create(kind=kind, title=title, starts_at=moment, status=status)
    contest = Event.objects.get(kind="contest")
    ContestWinner.objects.create(event=contest, rank=1, name="一村代表队", prize="一等奖")
    ContestWinner.objects.create(event=contest, rank=2, name="二村代表队", prize="二等奖")
    return event


@pytest.fixture
def love_class_data(community, make_user):
    station = Station.objects.create(name="景和爱心驿站", community=community)
    maths = Subject.objects.get(code="maths")

    def volunteer(n):
        user = make_user(mobile=f"1350000{n:04d}", name=f"志愿者{n}")
        return Volunteer.objects.create(
            user=user,
            name=user.name,
            university="江城大学",
            major="数学",
            student_number=f"S{n}",
            mobile=user.mobile,
            status="verified",
            verified_at=at(LAST, 1),
            record_checked_on=datetime.date(LAST, 1, 1),
            record_check_result="clear",
            record_checked_by="派出所",
            pledge_signed_on=datetime.date(LAST, 1, 1),
        )

    def child(name):
        return Child.objects.create(
            station=station,
            name=name,
            gender="boy",
            grade="四年级",
            guardian_name="刘华军",
            guardian_relation="父亲",
            consent_given_on=datetime.date(LAST, 1, 1),
            consent_guardian_name="刘华军",
            consent_text_version="v",
        )

    v1, v2, v3 = volunteer(1), volunteer(2), volunteer(3)
    c1, c2, c3 = child("刘小军"), child("刘小红"), child("陈小明")
    earlier = TutoringSession.objects.create(station=station, date=datetime.date(LAST, 5, 11))
    spring = TutoringSession.objects.create(station=station, date=datetime.date(YEAR, 3, 8))
    autumn = TutoringSession.objects.create(station=station, date=datetime.date(YEAR, 10, 11))
    for session, who, status, hours in [
        (earlier, v1, "attended", "2"),
        (spring, v1, "attended", "2.5"),
        (spring, v2, "attended", "2.5"),
        (spring, v3, "no_show", "0"),
        (autumn, v1, "attended", "3"),
        (autumn, v3, "attended", "2"),
        (autumn, v2, "cancelled", "0"),
    ]:
        Shift.objects.create(session=session, volunteer=who, status=status, hours=Decimal(hours))
    for session, who, tutored in [
        (earlier, v1, c1),
        (spring, v1, c1),
        (spring, v2, c2),
        (autumn, v1, c1),
        (autumn, v3, c3),
    ]:
        Pairing.objects.create(session=session, volunteer=who, child=tutored, subject=maths)
    visit = HomeVisit.objects.create(child=c1, date=datetime.date(YEAR, 4, 5))
    visit.volunteers.set([v1, v2])
    for tutored, term, score in [
        (c1, f"{YEAR}-spring", 60),
        (c1, f"{YEAR}-autumn", 80),
        (c2, f"{YEAR}-spring", 90),
        (c2, f"{YEAR}-autumn", 85),
        (c3, f"{YEAR}-spring", 70),
    ]:
        GradeRecord.objects.create(child=tutored, term=term, subject=maths, score=score)
    outing = Outing.objects.create(
        station=station, title="科学宫参观", date=datetime.date(YEAR, 7, 1), place="科学宫"
    )
    for tutored in (c1, c2):
        OutingChild.objects.create(
            outing=outing, child=tutored, permission_given_on=datetime.date(YEAR, 6, 20)
        )
    BookDonation.objects.create(
        donor="新华书店", title="课外读物", quantity=30, date=datetime.date(YEAR, 6, 1)
    )
    BookDonation.objects.create(
        donor="新华书店", title="课外读物", quantity=10, date=datetime.date(LAST, 6, 1)
    )


@pytest.fixture
def showcase_data(db):
    hu = Exemplar.objects.create(name="胡大顺", kind="retired_cadre", story="坚持学习。")
    he = Exemplar.objects.create(name="何媛媛", kind="child", story="练习书法。")
    hidden = Exemplar.objects.create(name="不公开", kind="resident", story="", published=False)
    for exemplar, title, year in [
        (hu, "山水", YEAR),
        (hu, "春色", YEAR),
        (he, "书法习作", YEAR),
        (hu, "旧作", LAST),
        (hidden, "不公开的作品", YEAR),
    ]:
        Work.objects.create(
            exemplar=exemplar,
            title=title,
            kind="painting",
            year=year,
            image="showcase/w.png",
            thumbnail="showcase/thumbs/w.png",
        )
    Honour.objects.create(
        title="红旗党校", holder_kind="street", holder_name="街道党校", level="city",
        year=YEAR, awarded_by="市委组织部",
    )  # fmt: skip
    Honour.objects.create(
        title="读书状元户", holder_kind="household", holder_name="陈蓉珍家庭", level="city",
        year=YEAR, awarded_by="市文明办",
    )  # fmt: skip
    for number in (1, 2):
        NewsletterIssue.objects.create(
            newsletter="老同志之友", number=number, date=datetime.date(YEAR, 3 * number, 1),
            summary="养生保健",
        )  # fmt: skip


@pytest.fixture
def merit_data(community):
    def deed(day, category="helping", status="published", **fields):
        return Deed.objects.create(
            title=fields.pop("title", "帮邻居买菜"),
            story="故事",
            date=day,
            category=category,
            community=community,
            status=status,
            **fields,
        )

    deed(datetime.date(YEAR, 1, 5), "for_residents")
    deed(
        datetime.date(YEAR, 2, 5),
        "for_residents",
        title="为张桂英修好水管",
        beneficiary="张桂英",
        recommended_upward=True,
        recommended_on=datetime.date(YEAR, 6, 1),
        recommended_level="city",
        recommendation_outcome="accepted",
        recommendation_honour="市级好人好事",
    )
    deed(datetime.date(YEAR, 3, 5), "for_community")
    deed(datetime.date(YEAR, 4, 5), "helping")
    deed(datetime.date(YEAR, 5, 5), "helping", status="submitted")
    deed(datetime.date(LAST, 5, 5))
    deed(datetime.date(LAST, 6, 5))
    deed(datetime.date(YEAR + 1, 1, 5))
    for number, posted, status in [
        (1, datetime.date(LAST, 9, 1), "posted"),
        (2, datetime.date(YEAR, 9, 1), "posted"),
        (3, None, "draft"),
    ]:
        Board.objects.create(
            title="功德榜", issue_number=number, community=community, status=status,
            location="宣传栏" if posted else "", posted_on=posted,
        )  # fmt: skip


@pytest.fixture
def programme(street, schools_data, love_class_data, showcase_data, merit_data):
    """A programme with data in every point for YEAR, and some for LAST."""


def points_of(year):
    return {point.key: point for point in document(year).points}


def test_every_number_of_the_generated_text_equals_a_count_taken_independently(programme):
    text = {key: point.text for key, point in points_of(YEAR).items()}

    # 领导小组: its members, and the year's study plans.
    assert numbers(text["leadership"]) == [
        str(LeadershipMember.objects.count()),
        str(StudyPlan.objects.filter(year=YEAR).count()),
    ]
    assert "工委书记张明负总责" in text["leadership"] and "分管书记李华抓落实" in text["leadership"]
    assert "《机关干部学习方案》" in text["leadership"] and "旧方案" not in text["leadership"]

    # 中心组学习, reading notes, monthly assignments and checks.
    def studies(year):
        return CentralGroupStudy.objects.filter(date__year=year)

    held, held_before = studies(YEAR).count(), studies(LAST).count()
    notes = ReadingNote.objects.filter(study__date__year=YEAR).count()
    notes_before = ReadingNote.objects.filter(study__date__year=LAST).count()
    assert (
        numbers(text["central_study"])
        == [
            str(held),
            *change(held, held_before),
            str(studies(YEAR).filter(mode="concentrated").count()),
            str(studies(YEAR).filter(mode="self").count()),
            str(sum(study.attendees.count() for study in studies(YEAR))),
            str(notes),
            *change(notes, notes_before),
            str(StudyAssignment.objects.filter(month__year=YEAR).count()),
            str(AssignmentCompletion.objects.filter(assignment__month__year=YEAR).count()),
            str(StudyCheck.objects.filter(date__year=YEAR).count()),
        ]
        == ["3", "1", "2", "1", "5", "4", "3", "2", "3", "1"]
    )

    # The cadres' exams: who serves at the end of the year, who passed what, the target.
    serving = Cadre.objects.exclude(left_on__lte=datetime.date(YEAR, 12, 31))
    passed = {
        subject: serving.filter(
            exam_results__passed=True,
            exam_results__exam__subject=subject,
            exam_results__exam__date__lte=datetime.date(YEAR, 12, 31),
        )
        .distinct()
        .count()
        for subject in ("english", "computer", "putonghua")
    }
    all_three = sum(
        1
        for cadre in serving
        if ExamResult.objects.filter(cadre=cadre, passed=True)
        .values("exam__subject")
        .distinct()
        .count()
        == 3
    )
    results = ExamResult.objects.filter(exam__date__year=YEAR)
    assert numbers(text["cadre_exams"]) == [
        str(YEAR), "12", "31",
        str(serving.count()),
        str(Exam.objects.filter(date__year=YEAR).count()),
        str(results.count()),
        str(results.filter(passed=True).count()),
        str(passed["english"]), str(passed["computer"]), str(passed["putonghua"]),
        str(all_three),
        amount(all_three * 100 / serving.count()),
        str(YEAR + 1), "12", "31",
        str(serving.count() - all_three),
    ]  # fmt: skip
    assert "全体机关干部通过英语、计算机和普通话考试" in text["cadre_exams"]

    # 二、1: the courses of party member education and cadre training held in the year.
    def held_courses(year, categories):
        return Course.objects.filter(
            category__in=categories,
            status__in=["published", "closed"],
            sessions__starts_at__year=year,
        ).distinct()

    cadres_and_party = ["party", "cadre"]
    held_now = held_courses(YEAR, cadres_and_party)
    assert (
        numbers(text["cadre_learning"])
        == [
            str(held_now.filter(category="party").count()),
            str(held_now.filter(category="cadre").count()),
            str(CourseSession.objects.filter(course__in=held_now, starts_at__year=YEAR).count()),
            str(
                Enrolment.objects.filter(
                    course__category__in=cadres_and_party, created_at__year=YEAR
                )
                .exclude(status="cancelled")
                .count()
            ),
            str(
                Attendance.objects.filter(
                    present=True, session__course__category__in=cadres_and_party
                ).count()
            ),
        ]
        == ["1", "1", "3", "4", "3"]
    )

    # 二、2: the 爱心班.
    def attended(year):
        return Shift.objects.filter(status="attended", session__date__year=year)

    def children(year):
        return Pairing.objects.filter(session__date__year=year).values("child").distinct().count()

    sessions = attended(YEAR).values("session").distinct().count()
    sessions_before = attended(LAST).values("session").distinct().count()
    volunteers = attended(YEAR).values("volunteer").distinct().count()
    volunteers_before = attended(LAST).values("volunteer").distinct().count()
    hours = attended(YEAR).aggregate(h=Sum("hours"))["h"]
    hours_before = attended(LAST).aggregate(h=Sum("hours"))["h"]
    spring = dict(GradeRecord.objects.filter(term=f"{YEAR}-spring").values_list("child", "score"))
    autumn = dict(GradeRecord.objects.filter(term=f"{YEAR}-autumn").values_list("child", "score"))
    both = spring.keys() & autumn.keys()
    assert numbers(text["love_class"]) == [
        str(sessions), *change(sessions, sessions_before),
        str(volunteers), *change(volunteers, volunteers_before),
        amount(hours), *[amount(h) for h in change(hours, hours_before)],
        str(children(YEAR)), *change(children(YEAR), children(LAST)),
        str(HomeVisit.objects.filter(date__year=YEAR).count()),
        str(len(both)),
        str(sum(autumn[child] > spring[child] for child in both)),
        str(Outing.objects.filter(date__year=YEAR).count()),
        str(OutingChild.objects.filter(outing__date__year=YEAR).count()),
        str(BookDonation.objects.filter(date__year=YEAR).aggregate(n=Sum("quantity"))["n"]),
    ] == ["2", "1", "3", "2", "10", "8", "3", "2", "1", "2", "1", "1", "2", "30"]  # fmt: skip

    # 二、3: the five types, each with its courses, sign-ups and examples.
    five = ["skills", "service", "arts", "knowledge", "taste"]

    def sign_ups(categories, year):
        return (
            Enrolment.objects.filter(course__category__in=categories, created_at__year=year)
            .exclude(status="cancelled")
            .count()
        )

    lines = text["learning_home"].splitlines()
    courses_now = held_courses(YEAR, five).count()
    assert (
        numbers(lines[0])
        == [
            str(courses_now),
            *change(courses_now, held_courses(LAST, five).count()),
            str(sign_ups(five, YEAR)),
        ]
        == ["4", "3", "7"]
    )
    for number, (line, category) in enumerate(zip(lines[1:], five, strict=True), start=1):
        count = held_courses(YEAR, [category]).count()
        expected = [str(number)]
        if count:
            expected += [str(count), *change(count, held_courses(LAST, [category]).count())]
            expected += [str(sign_ups([category], YEAR))]
        else:
            assert "本年度没有开设此类课程" in line
        assert numbers(line) == expected, line
    assert lines[1].startswith("（1）技能型。") and "《家电修理》、《烹调》" in lines[1]
    assert "未发布的课程" not in text["learning_home"]

    # 三、1: schools, branches, lectures, 党课, contests; the street's honours.
    def events(year, kind):
        return Event.objects.filter(
            starts_at__year=year, kind=kind, status__in=["published", "closed"]
        ).count()

    lectures = events(YEAR, "lecture")
    assert numbers(text["positions"]) == [
        str(School.objects.count()),
        str(Branch.objects.count()),
        str(lectures), *change(lectures, events(LAST, "lecture")),
        str(events(YEAR, "party_lecture")),
        str(events(YEAR, "contest")),
        str(ContestWinner.objects.filter(event__starts_at__year=YEAR).count()),
    ] == ["2", "1", "2", "1", "1", "1", "2"]  # fmt: skip
    assert "街道党校荣获市委组织部授予的“红旗党校”称号" in text["positions"]

    # 三、2: the year's exemplars with their works, honours and newsletters, by name.
    works = Work.objects.filter(year=YEAR, exemplar__published=True)
    works_before = Work.objects.filter(year=LAST, exemplar__published=True).count()
    assert (
        numbers(text["exemplars"])
        == [
            str(works.values("exemplar").distinct().count()),
            str(works.count()),
            *change(works.count(), works_before),
            str(NewsletterIssue.objects.filter(date__year=YEAR).count()),
        ]
        == ["2", "3", "2", "2"]
    )
    assert "胡大顺展示了《山水》、《春色》" in text["exemplars"]
    assert "陈蓉珍家庭获得市文明办授予的“读书状元户”" in text["exemplars"]
    assert "不公开" not in text["exemplars"]

    # 三、3: the 功德录 of the year and so far, boards, recommended upward.
    published = Deed.objects.filter(status="published")
    deeds = published.filter(date__year=YEAR).count()
    boards = Board.objects.exclude(status="draft")
    assert (
        numbers(text["merit"])
        == [
            str(deeds),
            *change(deeds, published.filter(date__year=LAST).count()),
            str(published.filter(date__year=YEAR, category="for_residents").count()),
            str(published.filter(date__year=YEAR, category="for_community").count()),
            str(published.filter(date__year__lte=YEAR).count()),
            str(boards.filter(posted_on__year=YEAR).count()),
            str(boards.filter(posted_on__year__lte=YEAR).count()),
            str(published.filter(recommended_on__year=YEAR).count()),
            str(
                published.filter(
                    recommended_on__year=YEAR, recommendation_outcome="accepted"
                ).count()
            ),
        ]
        == ["4", "2", "2", "1", "6", "1", "2", "1", "1"]
    )
    assert "张贴功德榜1张，与上年持平" in text["merit"]
    assert "“为张**修好水管”获评“市级好人好事”" in text["merit"]  # masked, as in public


def test_the_first_year_with_data_compares_with_nothing(programme):
    """LAST is the first year with data: no 比上年 clause, as there is no year before it."""
    text = " ".join(point.text for point in points_of(LAST).values())

    assert "上年" not in text
    assert "本年度社区功德录收录功德2件" in text


def test_a_point_without_data_says_so_in_words_not_with_zeros(staff_client, merit_data):
    response = staff_client.get(reverse("summary", args=[YEAR]))

    report = response.context["report"]
    said = {point.key: point.text for point in report.points}
    assert said["leadership"] == "本年度没有领导小组和学习计划的记录。"
    assert said["love_class"] == "本年度爱心班没有开展辅导活动。"
    assert said["learning_home"] == "本年度没有开展“学习的家、快乐的家”活动。"
    assert said["exemplars"] == "本年度没有学习典型展示作品，也没有获得荣誉的记录。"
    for key in POINT_KEYS:
        if key != "merit":
            assert numbers(said[key]) == [], said[key]
            assert said[key] in response.content.decode()
    assert said["merit"].startswith("本年度社区功德录收录功德4件")


def test_the_summary_page_shows_the_three_parts_and_numbered_points(staff_client, programme):
    page = staff_client.get(reverse("summary", args=[YEAR])).content.decode()

    assert [page.index(title) for title in PART_TITLES] == sorted(
        page.index(title) for title in PART_TITLES
    )
    for lead in NUMBERED_LEADS:
        assert f"<strong>{lead}</strong>" in page
    assert "主要数据" in page and '<svg class="chart"' in page
    assert reverse("summary_docx", args=[YEAR]) in page
    assert reverse("summary_edit", args=[YEAR]) in page


def test_the_word_file_has_the_parts_the_numbered_points_the_figures_and_the_charts(
    staff_client, programme
):
    response = staff_client.get(reverse("summary_docx", args=[YEAR]))

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    word = WordDocument(BytesIO(response.content))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == PART_TITLES and "主要数据" in headings
    title = word.paragraphs[0]
    assert title.style.name == "Title" and f"创建学习型社区{YEAR}年度工作总结" in title.text
    texts = [p.text for p in word.paragraphs]
    for lead in NUMBERED_LEADS:
        assert sum(text.startswith(lead) for text in texts) == 1, lead
    love_class = next(text for text in texts if text.startswith("2、开办“爱心班”。"))
    assert love_class == "2、开办“爱心班”。" + points_of(YEAR)["love_class"].text

    (table,) = word.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["项目", f"{YEAR}年", f"{LAST}年"]
    figures = {row[0]: row[1:] for row in rows[1:]}
    live = Enrolment.objects.filter(course__isnull=False).exclude(status="cancelled")
    assert figures["课程报名人次"] == [
        str(live.filter(created_at__year=YEAR).count()),
        str(live.filter(created_at__year=LAST).count()),
    ]
    assert figures["公布功德"] == ["4", "2"]
    charts = len(document(YEAR).charts)
    assert charts >= 6 and len(word.inline_shapes) == charts


def test_the_print_version_is_the_document_alone_on_a4(staff_client, programme):
    page = staff_client.get(reverse("summary_print", args=[YEAR])).content.decode()

    assert "css/report.css" in page and "navbar" not in page
    assert all(title in page for title in PART_TITLES)
    assert points_of(YEAR)["merit"].text in page


def test_an_edit_is_kept_for_the_year_and_every_export_uses_it(staff_client, programme):
    edited = "本年度爱心班坚持每周六集中辅导，孩子们的成绩有了明显提高。\n家长们很满意。"
    draft = points_of(YEAR)["love_class"].text

    response = staff_client.post(
        reverse("summary_point", args=[YEAR, "love_class"]), {"love_class-text": edited}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("/edit/#point-love_class")
    saved = AnnualReport.objects.get(year=YEAR)
    assert saved.texts == {"love_class": edited} and saved.drafts == {"love_class": draft}
    assert saved.edited_by == staff_client.user
    page = staff_client.get(reverse("summary", args=[YEAR])).content.decode()
    assert "家长们很满意。" in page and draft not in page
    assert (
        "家长们很满意。" in staff_client.get(reverse("summary_print", args=[YEAR])).content.decode()
    )
    word = WordDocument(BytesIO(staff_client.get(reverse("summary_docx", args=[YEAR])).content))
    texts = [p.text for p in word.paragraphs]
    assert "2、开办“爱心班”。本年度爱心班坚持每周六集中辅导，孩子们的成绩有了明显提高。" in texts
    assert "家长们很满意。" in texts
    # The other points, and the other years, keep their generated text.
    assert points_of(YEAR)["merit"].text in page
    assert points_of(LAST)["love_class"].text != edited

    staff_client.post(reverse("summary_point_draft", args=[YEAR, "love_class"]))

    assert AnnualReport.objects.get(year=YEAR).texts == {}
    assert draft in staff_client.get(reverse("summary", args=[YEAR])).content.decode()


def test_saving_the_draft_unchanged_keeps_the_point_following_the_data(staff_client, programme):
    draft = points_of(YEAR)["merit"].text

    staff_client.post(reverse("summary_point", args=[YEAR, "merit"]), {"merit-text": draft})

    assert AnnualReport.objects.get(year=YEAR).texts == {}


def test_the_editing_page_says_when_the_data_changed_after_an_edit(staff_client, programme):
    staff_client.post(reverse("summary_point", args=[YEAR, "merit"]), {"merit-text": "改过的文字"})
    edit = reverse("summary_edit", args=[YEAR])
    assert "数据有了变化" not in staff_client.get(edit).content.decode()

    Deed.objects.create(
        title="新的功德", story="故事", date=datetime.date(YEAR, 12, 1), category="helping",
        community=Deed.objects.first().community, status="published",
    )  # fmt: skip
    cache.clear()
    page = staff_client.get(edit).content.decode()

    assert "数据有了变化" in page and "改过的文字" in page and "收录功德5件" in page


def test_text_pasted_with_control_characters_still_makes_a_word_file(staff_client, programme):
    staff_client.post(
        reverse("summary_point", args=[YEAR, "merit"]), {"merit-text": "功德录\x0b收录\x1b功德"}
    )

    word = WordDocument(BytesIO(staff_client.get(reverse("summary_docx", args=[YEAR])).content))

    assert "3、抓载体构筑。功德录收录功德" in [p.text for p in word.paragraphs]


def test_an_empty_point_is_refused_with_a_message_and_nothing_is_saved(staff_client, programme):
    response = staff_client.post(
        reverse("summary_point", args=[YEAR, "merit"]), {"merit-text": " "}
    )

    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_only_staff_who_may_edit_the_report_change_its_text(manager_client, programme):
    assert manager_client.get(reverse("summary", args=[YEAR])).status_code == 200
    assert (
        reverse("summary_edit", args=[YEAR])
        not in manager_client.get(reverse("summary", args=[YEAR])).content.decode()
    )
    assert manager_client.get(reverse("summary_edit", args=[YEAR])).status_code == 403

    response = manager_client.post(
        reverse("summary_point", args=[YEAR, "merit"]), {"merit-text": "改过的文字"}
    )

    assert response.status_code == 403 and not AnnualReport.objects.exists()


def test_a_point_the_report_does_not_have_is_not_found(staff_client, programme):
    response = staff_client.post(reverse("summary_point", args=[YEAR, "nothing"]), {"x": "y"})

    assert response.status_code == 404 and not AnnualReport.objects.exists()


@pytest.mark.parametrize(
    "name", ["summary", "summary_print", "summary_docx", "summary_edit", "summary_workbook"]
)
def test_a_year_before_any_data_and_a_future_year_say_so_in_words(staff_client, programme, name):
    future = timezone.localdate().year + 4

    before = staff_client.get(reverse(name, args=[2019]))
    after = staff_client.get(reverse(name, args=[future]))

    assert before.status_code == after.status_code == 200
    assert "2019年没有数据。" in before.content.decode()
    assert f"最早有数据的是{LAST}年" in before.content.decode()
    assert f"{future}年尚未开始。" in after.content.decode()


def test_a_future_year_cannot_be_edited(staff_client, programme):
    future = timezone.localdate().year + 1

    response = staff_client.post(
        reverse("summary_point", args=[future, "merit"]), {"merit-text": "明年的总结"}
    )

    assert f"{future}年尚未开始。" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_with_no_data_at_all_every_year_says_so(staff_client):
    page = staff_client.get(reverse("summary", args=[timezone.localdate().year]))

    assert f"{timezone.localdate().year}年没有数据。" in page.content.decode()


def test_this_years_report_counts_what_has_begun_on_both_sides_of_a_start(staff_client):
    """This year's report counts to the moment: a lecture is in it once it has begun."""
    starts = datetime.datetime(2026, 6, 15, 14, tzinfo=TZ)
    Event.objects.create(kind="lecture", title="讲座", starts_at=at(2026, 6, 1), status="published")
    Event.objects.create(kind="lecture", title="讲座", starts_at=starts, status="published")
    url = reverse("summary", args=[2026])

    with time_machine.travel(starts - datetime.timedelta(seconds=1), tick=False):
        before = staff_client.get(url).content.decode()
    cache.clear()  # the figures are kept five minutes
    with time_machine.travel(starts, tick=False):
        after = staff_client.get(url).content.decode()

    assert "数据统计截至2026年6月15日。" in before
    assert "举办专题讲座1场" in before and "举办专题讲座2场" in after


def test_the_summary_costs_the_same_queries_for_few_or_many_rows(
    staff_client, programme, community, make_resident
):
    url = reverse("summary", args=[YEAR])
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    school = School.objects.first()
    for n in range(10):
        made = course(school, f"课程{chr(0x4E00 + n)}", "arts", [at(YEAR, 1 + n)])
        sign_up(made, [make_resident()], at(YEAR, 1))
        Deed.objects.create(
            title="好事", story="故事", date=datetime.date(YEAR, 1 + n, 2), category="helping",
            community=community, status="published",
        )  # fmt: skip
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)

    assert len(few) == len(many)


def test_the_dashboard_counts_only_courses_and_events_that_took_place(programme):
    """The key figures agree with the text: drafts and called-off ones are not counted."""
    from community.reporting import summary

    figures = {str(f.label): f.value for _t, part in summary(YEAR) for f in part}

    assert (
        figures["开设课程"]
        == Course.objects.filter(status__in=["published", "closed"], sessions__starts_at__year=YEAR)
        .distinct()
        .count()
        == 6
    )
    assert (
        figures["讲座与活动"]
        == Event.objects.filter(starts_at__year=YEAR, status="published").count()
        == 4
    )


def test_the_drafts_are_the_points_of_the_outline(programme):
    assert list(drafts(YEAR)) == POINT_KEYS
