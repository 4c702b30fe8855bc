"""Property-based fuzzing: any query string on the public lists and any values in the public
forms give an answer, never a server error, and invalid input writes nothing."""

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
PUBLIC_LISTS = [
    "/courses/",
    "/schools/",
    "/events/",
    "/merit/",
    "/merit/boards/",
    "/showcase/",
    "/newsletters/",
    "/honours/",
]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("url", PUBLIC_LISTS)
def test_no_query_string_breaks_a_public_list(client, street, url):
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
            nasty_text,
            max_size=5,
        )
    )
    def run(query):
        response = client.get(url, query)
        assert response.status_code in (200, 404), (query, response.status_code)

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


def test_the_course_sign_up_survives_any_input(resident_client, street):
    check_form(resident_client, "/courses/1/enrol/", ["x"])
