"""Property-based fuzzing: any query string on the public lists and any values in the public
forms give an answer, never a server error, and invalid input writes nothing."""

import datetime
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import Exemplar, Honour, NewsletterIssue, Work
from merit_register.models import Board, BoardDeed, Deed, DeedDoer
from schools.models import Course, Enrolment, Event, School
from volunteers.models import Subject

# Long strings, control characters, mixed scripts, emoji, numbers and SQL-ish punctuation.
nasty_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20),
    st.sampled_from(
        [
            "1",
            "-1",
            "0",
            "99999999999999999999",
            "1.5",
            "' OR 1=1 --",
            "<script>",
            "张桂英",
            "Ünïcødé",
            "١٢٣",
            "🙂" * 50,
            "a" * 5000,
            "%00",
            "../../etc",
        ]
    ),
)
# Each public list, and a row of it that the unfiltered list shows.
PUBLIC_LISTS = {
    "/courses/": "太极拳",
    "/schools/": "健康教育学校",
    "/events/": "防跌倒讲座",
    "/merit/": "为独居老人修好水管",
    "/merit/boards/": "一村功德榜",
    "/showcase/": "山水",
    "/newsletters/": "老同志之友",
    "/honours/": "红旗党校",
}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def public_rows(community):
    """A row for every public list, so that filters and pages have something to work on."""
    school = School.objects.create(name="健康教育学校", slug="health")
    course = Course.objects.create(
        school=school,
        title="太极拳",
        category=Course.Category.TASTE,
        capacity=10,
        status=Course.Status.PUBLISHED,
        weekday=2,
    )
    starts = timezone.now() + datetime.timedelta(days=7)
    course.sessions.create(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    Event.objects.create(
        title="防跌倒讲座", kind="lecture", school=school, starts_at=starts, status="published"
    )
    last_month = timezone.localdate() - datetime.timedelta(days=30)
    deed = Deed.objects.create(
        title="为独居老人修好水管",
        story="王师傅修好了水管。",
        date=last_month,
        category=Deed.Category.FOR_RESIDENTS,
        community=community,
        status=Deed.Status.PUBLISHED,
    )
    DeedDoer.objects.create(deed=deed, name="王师傅")
    board = Board.objects.create(
        title="一村功德榜",
        issue_number=1,
        community=community,
        status=Board.Status.POSTED,
        location="宣传栏",
        posted_on=last_month,
    )
    BoardDeed.objects.create(board=board, deed=deed, position=1)
    exemplar = Exemplar.objects.create(name="胡大顺", kind="retired_cadre", story="坚持学习。")
    Work.objects.create(
        exemplar=exemplar,
        title="山水",
        kind="painting",
        year=last_month.year,
        image="showcase/shanshui.jpg",
        thumbnail="showcase/thumbs/shanshui.jpg",
    )
    Honour.objects.create(
        title="红旗党校",
        holder_kind="street",
        holder_name="街道党校",
        level="city",
        year=last_month.year,
        awarded_by="市委组织部",
    )
    NewsletterIssue.objects.create(
        newsletter="老同志之友", number=1, date=last_month, summary="重阳节专刊"
    )
    # Values the filters accept, so that some examples narrow the lists rather than being ignored.
    real = [str(community.pk), "health", "taste", "for_residents", "2", str(last_month.year), "on"]
    return SimpleNamespace(course=course, values=real)


@pytest.mark.parametrize("url", PUBLIC_LISTS)
def test_no_query_string_breaks_a_public_list(client, public_rows, url):
    assert PUBLIC_LISTS[url] in client.get(url).content.decode()

    @FUZZ
    @given(
        st.dictionaries(
            st.sampled_from(
                [
                    "q",
                    "page",
                    "category",
                    "audience",
                    "school",
                    "community",
                    "weekday",
                    "free",
                    "year",
                    "x",
                ]
            ),
            st.one_of(nasty_text, st.sampled_from(public_rows.values)),
            max_size=5,
        )
    )
    def run(query):
        response = client.get(url, query)
        # A NUL character is refused before any view (400); anything else gets the list.
        expected = 400 if any("\x00" in value for value in query.values()) else 200
        assert response.status_code == expected, (query, response.status_code)

    run()


def check_form(client, url, field_names):
    @FUZZ
    @given(st.fixed_dictionaries(dict.fromkeys(field_names, nasty_text)))
    def run(data):
        before = row_counts()
        response = client.post(url, data, REMOTE_ADDR="10.9.9.9")
        assert response.status_code < 500, (data, response.status_code)
        if response.status_code == 200:  # the form came back with its errors
            assert row_counts() == before, data

    run()


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 10_000


def test_the_registration_form_survives_any_input(client, community):
    check_form(
        client, reverse("register"), ["mobile", "name", "community", "password1", "password2"]
    )


def test_the_deed_report_survives_any_input(resident_client, community):
    check_form(
        resident_client,
        reverse("merit_register:deed_report"),
        ["title", "date", "category", "community", "beneficiary", "story", "doers", "submission"],
    )


def test_the_volunteer_application_survives_any_input(client, make_user, street):
    client.force_login(make_user(mobile="13812300009"))
    assert Subject.objects.exists()
    check_form(
        client,
        reverse("volunteers:apply"),
        ["name", "university", "major", "student_number", "mobile", "subjects", "pledge_accepted"],
    )


def test_the_course_sign_up_survives_any_input(resident_client, public_rows):
    course, resident = public_rows.course, resident_client.resident
    assert course.accepts_signups()
    url = reverse("schools:course_enrol", args=[course.pk])

    @FUZZ
    @given(
        st.dictionaries(
            st.sampled_from(["resident", "course", "status", "next", "submission", "x"]),
            nasty_text,
            max_size=4,
        )
    )
    def run(data):
        response = resident_client.post(url, data, REMOTE_ADDR="10.9.9.9")
        assert response.status_code == 302, (data, response.status_code)
        assert response["Location"] == course.get_absolute_url(), data
        assert Enrolment.objects.live().count() <= 1, data

    run()

    # The first post signed the resident up; every later one was refused as a second place.
    assert Enrolment.objects.live().get().resident == resident
