"""The dashboard, the annual summary and the showcase."""

import datetime
import random
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from community import roles
from community.demo import demo_artwork
from community.images import process_image
from community.models import Exemplar, Honour, Work
from community.reporting import summary
from merit_register.models import Board, BoardDeed, Deed
from schools import services as school_services
from schools.cadres import exam_progress
from schools.models import Cadre, Course, Enrolment, Event, Exam, ExamResult, School
from volunteers.models import Child, Pairing, Shift, Station, TutoringSession, Volunteer

YEAR = 2025


@pytest.fixture
def staff_client(client, make_user):
    user = make_user(mobile="13700000010", name="街道管理员", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
    client.force_login(user)
    return client


def at(month, day=10):
    return datetime.datetime(YEAR, month, day, 10, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def seeded_year(community, make_resident, make_user):
    """A small programme year with rows inside and outside YEAR."""
    school = School.objects.create(name="健康教育学校", slug="health")
    course = Course.objects.create(
        school=school, title="太极拳", category="taste", capacity=5, status="published"
    )
    for month in (3, 4):
        starts = at(month)
        course.sessions.create(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    people = [make_resident() for _ in range(4)]
    with time_machine.travel(at(2), tick=False):  # they signed up before the course began
        enrolments = [school_services.enrol(offering=course, resident=p, by=None) for p in people]
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments[:3]]).update(created_at=at(2))
    Enrolment.objects.filter(pk=enrolments[3].pk).update(
        created_at=at(2) - datetime.timedelta(days=400)
    )
    session = course.sessions.first()
    school_services.attendance_record(
        session=session,
        present=[enrolments[0].pk, enrolments[1].pk],
        by=make_user(mobile="13700000011", is_staff=True, is_superuser=True),
    )
    Event.objects.create(title="讲座", kind="lecture", starts_at=at(5), status="published")
    Event.objects.create(title="竞赛", kind="contest", starts_at=at(6), status="published")
    Event.objects.create(
        title="去年的讲座", kind="lecture", starts_at=at(5) - datetime.timedelta(days=365)
    )

    station = Station.objects.create(name="驿站", community=community)
    sat = TutoringSession.objects.create(station=station, date=datetime.date(YEAR, 3, 8))
    volunteer = Volunteer.objects.create(
        user=make_user(mobile="13500000001"),
        name="志愿者",
        university="大学",
        major="数学",
        student_number="1",
        mobile="13500000001",
        status="verified",
        verified_at=at(1),
        record_checked_on=datetime.date(YEAR, 1, 1),
        record_check_result="clear",
        record_checked_by="派出所",
        pledge_signed_on=datetime.date(YEAR, 1, 1),
    )
    Shift.objects.create(session=sat, volunteer=volunteer, status="attended", hours=Decimal("2.5"))
    child = Child.objects.create(
        station=station,
        name="刘小军",
        gender="boy",
        grade="四年级",
        guardian_name="刘",
        guardian_relation="父亲",
        consent_given_on=datetime.date(YEAR, 1, 1),
        consent_guardian_name="刘",
        consent_text_version="1",
    )
    Pairing.objects.create(session=sat, volunteer=volunteer, child=child)

    for month, status in ((1, "published"), (2, "published"), (3, "submitted")):
        Deed.objects.create(
            title="好事",
            story="故事",
            date=datetime.date(YEAR, month, 1),
            category="helping",
            community=community,
            status=status,
        )
    board = Board.objects.create(
        title="榜",
        issue_number=1,
        community=community,
        status="posted",
        location="宣传栏",
        posted_on=datetime.date(YEAR, 4, 1),
    )
    BoardDeed.objects.create(board=board, deed=Deed.objects.first(), position=1)
    Honour.objects.create(
        title="红旗党校",
        holder_kind="street",
        holder_name="街道党校",
        level="city",
        year=YEAR,
        awarded_by="市委组织部",
    )
    Honour.objects.create(
        title="旧荣誉",
        holder_kind="street",
        holder_name="街道党校",
        level="city",
        year=YEAR - 3,
        awarded_by="市委组织部",
    )
    return course


def figures_of(year):
    return {str(f.label): f.value for _title, figures in summary(year) for f in figures}


def test_the_summary_figures_equal_counts_taken_independently(seeded_year):
    figures = figures_of(YEAR)

    assert figures["课程报名人次"] == Enrolment.objects.filter(created_at__year=YEAR).count() == 3
    assert figures["参学居民"] == 3
    assert figures["开设课程"] == 1
    assert figures["讲座与活动"] == Event.objects.filter(starts_at__year=YEAR).count() == 2
    assert figures["知识竞赛"] == 1
    assert figures["出勤率（%）"] == 50.0  # 2 present of the 4 recorded in the year
    assert figures["志愿服务时长"] == 2.5
    assert figures["参与辅导的志愿者"] == 1 and figures["受助孩子"] == 1
    assert figures["公布功德"] == Deed.objects.published().filter(date__year=YEAR).count() == 2
    assert figures["张贴功德榜"] == 1
    assert figures["获得荣誉"] == 1
    assert figures["社区学校"] == 1


def test_a_year_before_any_data_says_so_instead_of_showing_zeros(staff_client, seeded_year):
    response = staff_client.get(reverse("summary", args=[2003]))

    assert response.status_code == 200
    assert "2003年没有数据。" in response.content.decode()
    assert "report" not in response.context


def test_the_dashboard_costs_the_same_queries_for_few_or_many_rows(
    staff_client, seeded_year, make_resident, street
):
    with CaptureQueriesContext(connection) as few:
        staff_client.get(reverse("dashboard_year", args=[YEAR]))
    cache.clear()  # measure building the figures, not reading them from the cache
    for n in range(30):
        course = Course.objects.create(
            school=seeded_year.school,
            title=f"课{n}",
            category="arts",
            capacity=50,
            status="published",
        )
        starts = at(1 + n % 12)
        course.sessions.create(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
        with time_machine.travel(at(1, day=1), tick=False):
            school_services.enrol(offering=course, resident=make_resident(), by=None)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(reverse("dashboard_year", args=[YEAR]))

    assert response.status_code == 200
    assert len(few) == len(many)


def test_the_dashboard_draws_svg_charts_with_their_numbers(staff_client, seeded_year, street):
    page = staff_client.get(reverse("dashboard_year", args=[YEAR])).content.decode()

    assert page.count('<svg class="chart"') >= 6
    assert "每月课程报名" in page and "每月志愿服务时长" in page and "每月功德与功德榜" in page
    assert "<table" in page


def test_the_dashboard_finds_a_new_apps_reports(staff_client, settings, street):
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "tests.reporting_app"]

    page = staff_client.get(reverse("dashboard_year", args=[2024])).content.decode()

    assert "Discovered app" in page and "Trees planted" in page


def test_the_dashboard_is_for_staff_only(resident_client, street):
    """A resident is told it is for staff, on the portal's page (not the admin's login)."""
    assert Client().get(reverse("dashboard")).status_code == 302
    refused = resident_client.get(reverse("dashboard"))
    assert refused.status_code == 403 and "没有权限" in refused.content.decode()


def test_the_summary_workbook_has_a_sheet_per_part(staff_client, seeded_year):
    response = staff_client.get(reverse("summary_workbook", args=[YEAR]))

    book = load_workbook(BytesIO(response.content))
    assert len(book.sheetnames) == 3
    rows = {
        row[0]: row[1] for sheet in book for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert rows["课程报名人次"] == 3 and rows["公布功德"] == 2


def make_cadre(name, left_on=None):
    return Cadre.objects.create(name=name, department="党政办", left_on=left_on)


def sit(subject, cadre, passed, days_ago=100):
    exam, _ = Exam.objects.get_or_create(
        subject=subject, date=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    return ExamResult.objects.create(
        exam=exam, cadre=cadre, score=80 if passed else 40, passed=passed
    )


def test_exam_progress_counts_retakes_and_leaves_out_cadres_who_left(db):
    all_three, retaker, partial = make_cadre("甲"), make_cadre("乙"), make_cadre("丙")
    gone = make_cadre("丁", left_on=timezone.localdate() - datetime.timedelta(days=5))
    for subject in ("english", "computer", "putonghua"):
        sit(subject, all_three, True)
        sit(subject, gone, False)
    sit("english", retaker, False, days_ago=200)
    sit("english", retaker, True, days_ago=50)  # a retake that passed counts
    sit("computer", retaker, True, days_ago=200)
    sit("computer", retaker, False, days_ago=50)  # a later failure does not undo a pass
    sit("putonghua", retaker, True)
    sit("english", partial, True)

    progress = exam_progress()

    assert progress.cadres == 3
    assert progress.passed == {"english": 3, "computer": 2, "putonghua": 2}
    assert progress.all_three == 2
    assert progress.all_three_share == 66.7
    assert [(c.name, subjects) for c, subjects in progress.missing] == [
        ("丙", ["计算机", "普通话"])
    ]


def test_the_exam_progress_page_lists_who_still_needs_which(staff_client, street):
    cadre = make_cadre("丙")
    sit("english", cadre, True)

    page = staff_client.get(reverse("schools:staff_exam_progress")).content.decode()

    assert "丙" in page and "计算机、普通话" in page


def test_a_cadre_hands_in_a_reading_note_once(client, make_user, street):
    from schools.models import CentralGroupStudy, ReadingNote

    user = make_user(mobile="13700000012", name="干部甲")
    cadre = Cadre.objects.create(name="干部甲", department="党政办", user=user)
    study = CentralGroupStudy.objects.create(
        date=datetime.date(YEAR, 3, 1), topic="依法行政", mode="concentrated"
    )
    client.force_login(user)

    response = client.post(
        reverse("schools:cadre_page"), {"study": study.pk, "text": "体会"}, follow=True
    )

    assert "读书笔记已提交。" in response.content.decode()
    assert ReadingNote.objects.get().cadre == cadre
    again = client.post(reverse("schools:cadre_page"), {"study": study.pk, "text": "再交"})
    assert again.status_code == 200 and ReadingNote.objects.count() == 1


@pytest.fixture
def gallery(street, settings, tmp_path):
    """An exemplar shown in public with 30 works, all of one picture."""
    settings.MEDIA_ROOT = tmp_path
    exemplar = Exemplar.objects.create(name="胡大顺", kind="retired_cadre", story="坚持学习。")
    image = process_image(demo_artwork(random.Random(1), "painting"))
    first = Work.objects.create(
        exemplar=exemplar,
        title="山水0",
        kind="painting",
        year=YEAR,
        image=image,
        thumbnail=image.thumbnail,
    )
    Work.objects.bulk_create(
        Work(
            exemplar=exemplar,
            title=f"山水{n}",
            kind="painting",
            year=YEAR,
            image=first.image.name,
            thumbnail=first.thumbnail.name,
        )
        for n in range(1, 30)
    )
    return exemplar


def test_the_showcase_gallery_shows_24_lazy_thumbnails_a_page(client, gallery):
    first = client.get(reverse("showcase")).content.decode()
    second = client.get(reverse("showcase"), {"page": 2}).content.decode()

    assert first.count('loading="lazy"') == 24
    assert second.count('loading="lazy"') == 6


def test_a_work_is_described_in_chinese_for_screen_readers(client, gallery):
    page = client.get(reverse("showcase")).content.decode()

    assert 'alt="绘画：山水0"' in page


def test_an_exemplar_page_shows_all_their_works(client, gallery):
    page = client.get(gallery.get_absolute_url()).content.decode()

    assert "胡大顺" in page
    assert page.count('loading="lazy"') == 30


def test_an_exemplar_not_shown_in_public_hides_their_works_too(client, gallery):
    gallery.published = False
    gallery.save()

    assert client.get(gallery.get_absolute_url()).status_code == 404
    assert 'loading="lazy"' not in client.get(reverse("showcase")).content.decode()


def test_the_honours_page_lists_every_honour_newest_first(client, street):
    for title, year in (("旧荣誉", YEAR - 3), ("红旗党校", YEAR)):
        Honour.objects.create(
            title=title,
            holder_kind="street",
            holder_name="街道党校",
            level="city",
            year=year,
            awarded_by="市委组织部",
        )

    page = client.get(reverse("honours")).content.decode()

    assert "红旗党校" in page and "旧荣誉" in page
    assert page.index("红旗党校") < page.index("旧荣誉")


def test_works_follow_the_same_upload_rules(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from community.admin import WorkForm
    from community.models import Work

    exemplar = Exemplar.objects.create(name="何媛媛", kind="child", story="练习书法。")
    data = {"title": "书法", "kind": "calligraphy", "year": YEAR, "exhibited_at": ""}
    text = SimpleUploadedFile("work.jpg", "不是图片".encode() * 50)

    refused = WorkForm(data, {"image": text}, instance=Work(exemplar=exemplar))

    assert not refused.is_valid()
    assert "不是可读取的JPEG、PNG或WebP图片" in str(refused.errors["image"])
