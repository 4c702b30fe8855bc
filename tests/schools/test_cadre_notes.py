"""Who has handed in a month's reading note and done its study assignment: the staff page, its
Excel export, the workbench's count that links to it, and the cadre's own list of notes."""

import datetime
import re
import zoneinfo
from io import BytesIO

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from community import roles
from schools import services
from schools.cadres import AssignmentStatus, NoteStatus, study_month
from schools.models import (
    AssignmentCompletion,
    Cadre,
    CentralGroupStudy,
    ReadingNote,
    StudyAssignment,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOTES = reverse("schools:staff_cadre_notes")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def chinese(text) -> str:
    """A message as the page shows it: in the catalogue's Chinese where it has one."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def staff(make_user, role, mobile):
    user = make_user(mobile=mobile, name=role, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def street_admin(make_user):
    return staff(make_user, roles.STREET_ADMIN, "13700000031")


@pytest.fixture
def desk(client, street_admin):
    client.force_login(street_admin)
    return client


def study(day: datetime.date, attendees=(), topic="依法行政") -> CentralGroupStudy:
    made = CentralGroupStudy.objects.create(date=day, topic=topic, mode="concentrated")
    made.attendees.set(attendees)
    return made


def note(cadre, on: CentralGroupStudy, when: datetime.datetime) -> ReadingNote:
    with time_machine.travel(when, tick=False):
        return ReadingNote.objects.create(study=on, cadre=cadre, text=f"{cadre.name}的体会")


@pytest.fixture
def november(db):
    """Study on 11-15 attended by 甲 乙 戊; 甲 handed in a note; 甲 and 乙 did the assignment;
    丁 left in October; 丙 is not in the central group."""
    jia, yi, bing, wu = (
        Cadre.objects.create(name=name, department=department)
        for name, department in [
            ("甲", "党政办"),
            ("乙", "党政办"),
            ("丙", "文化站"),
            ("戊", "文化站"),
        ]
    )
    gone = Cadre.objects.create(name="丁", department="党政办", left_on=datetime.date(2026, 10, 20))
    held = study(datetime.date(2026, 11, 15), [jia, yi, wu, gone])
    note(jia, held, at(2026, 11, 16, 9, 30))
    assignment = StudyAssignment.objects.create(month=datetime.date(2026, 11, 1), title="本月学习")
    for cadre in (jia, yi):
        AssignmentCompletion.objects.create(
            assignment=assignment, cadre=cadre, completed_on=datetime.date(2026, 11, 18)
        )
    return {"甲": jia, "乙": yi, "丙": bing, "戊": wu, "丁": gone, "study": held}


def names(response) -> list[str]:
    return [row.cadre.name for row in response.context["month"].rows]


@time_machine.travel(at(2026, 11, 20, 10, 0), tick=False)
def test_every_serving_cadre_is_listed_those_missing_first_with_the_counts(desk, november):
    response = desk.get(NOTES)

    assert response.status_code == 200
    # 戊 misses both, 乙 the note, 丙 the assignment; 甲 has both; 丁 had left.
    assert names(response) == ["戊", "乙", "丙", "甲"]
    month = response.context["month"]
    statuses = {row.cadre.name: (row.note_status, row.assignment_status) for row in month.rows}
    assert statuses == {
        "戊": (NoteStatus.MISSING, AssignmentStatus.NOT_DONE),
        "乙": (NoteStatus.MISSING, AssignmentStatus.DONE),
        "丙": (NoteStatus.NOT_REQUIRED, AssignmentStatus.NOT_DONE),
        "甲": (NoteStatus.HANDED_IN, AssignmentStatus.DONE),
    }
    assert (month.notes_due, month.notes_handed_in, month.notes_missing) == (3, 1, 2)
    assert (month.assignments_done, month.assignments_not_done) == (2, 2)
    page = response.content.decode()
    the_note = ReadingNote.objects.get()
    assert reverse("schools:staff_cadre_note", args=[the_note.pk]) in page
    assert "11-16 09:30" in page  # when 甲 handed it in, Shanghai time


@time_machine.travel(at(2026, 11, 20, 10, 0), tick=False)
def test_the_month_is_chosen_with_the_form_and_defaults_to_this_month(desk, november):
    october = study(datetime.date(2026, 10, 12), [november["乙"]], topic="权力观教育")
    note(november["乙"], october, at(2026, 10, 13, 8, 0))

    this_month = desk.get(NOTES)
    chosen = desk.get(NOTES, {"month": "2026-10"})

    assert this_month.context["month"].month == datetime.date(2026, 11, 1)
    assert 'value="2026-11"' in this_month.content.decode()
    assert chosen.context["month"].month == datetime.date(2026, 10, 1)
    handed_in = [r.cadre.name for r in chosen.context["month"].rows if r.note is not None]
    assert handed_in == ["乙"]
    assert "丁" in names(chosen)  # still serving in October
    assert "权力观教育" in chosen.content.decode()


@pytest.mark.parametrize(
    "value, message",
    [
        *((bad, "Enter a month, such as 2026-11.") for bad in ["abc", "2026-13", "2026-00"]),
        *((bad, "Enter a month, such as 2026-11.") for bad in ["2026-11-31x", "9" * 40]),
        ("0001-01", "Enter a month from %(first)s on."),
        ("1999-12", "Enter a month from %(first)s on."),
    ],
)
def test_a_month_that_is_not_one_gets_a_clear_message_never_an_error(
    desk, november, value, message
):
    response = desk.get(NOTES, {"month": value})

    assert response.status_code == 200
    assert "month" not in response.context
    expected = chinese(message) % {"first": "2000-01"}
    assert response.context["form"].errors["month"] == [expected]
    assert expected in response.content.decode()
    assert 'class="table' not in response.content.decode()


@pytest.mark.parametrize("written", ["2026-10", "2026年10月", "2026/10"])
def test_a_month_may_be_typed_as_people_write_it(desk, november, written):
    assert desk.get(NOTES, {"month": written}).context["month"].month == datetime.date(2026, 10, 1)


def test_a_future_month_has_nothing_due_and_says_so_until_it_begins(client, street_admin, november):
    december = study(datetime.date(2026, 12, 3), [november["乙"]])
    ask = {"month": "2026-12"}

    with time_machine.travel(at(2026, 11, 30, 23, 59), tick=False):
        client.force_login(street_admin)
        before = client.get(NOTES, ask)
        export = client.get(reverse("schools:staff_cadre_notes_export"), ask)
    with time_machine.travel(at(2026, 12, 1, 0, 1), tick=False):
        begun = client.get(NOTES, ask)
    with time_machine.travel(at(2026, 12, 3, 0, 1), tick=False):
        client.force_login(street_admin)  # a staff session lasts a working day
        held = client.get(NOTES, ask)

    assert not before.context["month"].begun and before.context["month"].rows == []
    assert 'class="table' not in before.content.decode()
    assert export.status_code == 302 and export["Location"].startswith(NOTES)
    assert begun.context["month"].begun
    row = {r.cadre.name: r for r in begun.context["month"].rows}["乙"]
    assert row.note_status == NoteStatus.NOT_YET and begun.context["month"].notes_missing == 0
    assert december.topic in begun.content.decode()
    row = {r.cadre.name: r for r in held.context["month"].rows}["乙"]
    assert row.note_status == NoteStatus.MISSING and held.context["month"].notes_missing == 1


def test_a_later_month_is_not_offered_as_next_before_it_begins(client, street_admin, november):
    with time_machine.travel(at(2026, 11, 30, 23, 59), tick=False):
        client.force_login(street_admin)
        last_day = client.get(NOTES).content.decode()
    with time_machine.travel(at(2026, 12, 1, 0, 1), tick=False):
        looking_back = client.get(NOTES, {"month": "2026-11"}).content.decode()

    assert "month=2026-12" not in last_day and "month=2026-10" in last_day
    assert "month=2026-12" in looking_back


def test_a_note_on_a_study_that_has_not_taken_place_does_not_count(november):
    later = study(datetime.date(2026, 11, 25), [november["丙"]])
    note(november["丙"], later, at(2026, 11, 20, 9, 0))  # as the admin's inline would allow

    month = study_month(datetime.date(2026, 11, 1), today=datetime.date(2026, 11, 21))

    row = {r.cadre.name: r for r in month.rows}["丙"]
    assert row.note is None and row.note_status == NoteStatus.NOT_YET


@time_machine.travel(at(2026, 11, 20, 10, 0), tick=False)
def test_the_page_costs_the_same_queries_for_4_or_40_cadres(desk, november):
    desk.get(NOTES)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        desk.get(NOTES)
    for n in range(36):
        cadre = Cadre.objects.create(name=f"干部{n}", department="社区管理科")
        november["study"].attendees.add(cadre)
        if n % 2:
            note(cadre, november["study"], at(2026, 11, 17, 9, 0))
    with CaptureQueriesContext(connection) as many:
        response = desk.get(NOTES)

    assert len(response.context["month"].rows) == 40
    assert len(few) == len(many)


PEOPLE = {
    "street_admin": roles.STREET_ADMIN,
    "school_manager": roles.SCHOOL_MANAGER,
    "coordinator": roles.STATION_COORDINATOR,
    "reviewer": roles.MERIT_REVIEWER,
}


@pytest.mark.parametrize("who", [*PEOPLE, "resident", "anonymous"])
def test_the_page_is_for_those_who_may_open_the_exam_progress(client, make_user, november, who):
    if who in PEOPLE:
        client.force_login(staff(make_user, PEOPLE[who], "13700000041"))
    elif who == "resident":
        client.force_login(make_user(mobile="13700000042"))
    exams = client.get(reverse("schools:staff_exam_progress")).status_code
    the_note = reverse("schools:staff_cadre_note", args=[ReadingNote.objects.get().pk])

    for url in [NOTES, reverse("schools:staff_cadre_notes_export"), the_note]:
        assert client.get(url).status_code == exams, url
    assert exams == {"street_admin": 200, "anonymous": 302}.get(who, 403)


@time_machine.travel(at(2026, 11, 20, 10, 0), tick=False)
def test_the_excel_export_holds_the_same_rows_missing_first(desk, november):
    response = desk.get(reverse("schools:staff_cadre_notes_export"), {"month": "2026-11"})

    assert response.status_code == 200
    assert "cadre-study-2026-11.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "2026-11" in rows[0][0]
    people = [row[1] for row in rows[2:6]]
    assert people == ["戊", "乙", "丙", "甲"]
    assert rows[5][2] == chinese(NoteStatus.HANDED_IN.label)
    assert rows[5][3] == at(2026, 11, 16, 9, 30).replace(tzinfo=None)  # Excel has no zones
    assert rows[2][4] == chinese(AssignmentStatus.NOT_DONE.label)


def test_bad_input_to_the_export_goes_back_to_the_page_with_the_message(desk, november):
    response = desk.get(reverse("schools:staff_cadre_notes_export"), {"month": "abc"}, follow=True)

    assert response.status_code == 200 and response.context["form"].errors["month"]


def test_staff_read_a_note_on_its_own_page(desk, november):
    the_note = ReadingNote.objects.get()

    page = desk.get(reverse("schools:staff_cadre_note", args=[the_note.pk])).content.decode()

    assert "甲的体会" in page and "依法行政" in page and "2026-11-16 09:30" in page
    assert f"{NOTES}?month=2026-11" in page
    assert desk.get(reverse("schools:staff_cadre_note", args=[999999])).status_code == 404


@time_machine.travel(at(2026, 11, 20, 10, 0), tick=False)
def test_the_workbench_counts_missing_notes_and_leads_to_the_notes_page(desk, november):
    page = desk.get(reverse("workbench")).content.decode()
    label = re.escape(chinese("Cadres without this month's reading note"))

    [(url, count)] = re.findall(
        rf'<a class="stretched-link fs-5" href="([^"]*)">{label}</a>\s*'
        r'<span class="badge[^"]*">(\d+)</span>',
        page,
    )
    assert url == NOTES
    assert int(count) == desk.get(url).context["month"].notes_missing == 2
    tool = chinese("Cadres' reading notes and study assignments")
    assert f'href="{NOTES}">{tool}</a>' in page.replace("&#x27;", "'")


def test_a_cadre_sees_their_notes_newest_month_first(client, make_user):
    user = make_user(mobile="13700000051", name="余立新")
    cadre = Cadre.objects.create(name="余立新", department="党政办", user=user)
    # Handed in out of order: the September note last, the December one late.
    for day, handed_in in [
        (datetime.date(2026, 11, 15), at(2026, 11, 16, 9, 0)),
        (datetime.date(2025, 12, 15), at(2026, 11, 17, 9, 0)),
        (datetime.date(2026, 9, 15), at(2026, 11, 18, 9, 0)),
    ]:
        note(cadre, study(day, topic=f"{day:%Y-%m}的学习"), handed_in)
    client.force_login(user)

    with time_machine.travel(at(2026, 11, 20, 10, 0), tick=False):
        page = client.get(reverse("schools:cadre_page")).content.decode()

    listed = re.findall(r"<li>(\d{4}-\d{2}) · ", page)
    assert listed == ["2026-11", "2026-09", "2025-12"]


def test_a_handed_in_note_shows_on_the_staff_page_at_once(desk, november):
    with time_machine.travel(at(2026, 11, 20, 10, 0), tick=False):
        services.reading_note_hand_in(cadre=november["乙"], study=november["study"], text="体会")
        month = desk.get(NOTES).context["month"]

    assert names_of(month, NoteStatus.HANDED_IN) == ["乙", "甲"]
    assert month.notes_missing == 1


def names_of(month, status) -> list[str]:
    return sorted(row.cadre.name for row in month.rows if row.note_status == status)
