"""One mechanism keeps the cached public pages fresh: any committed write to a row they show,
through any door, and every moment they show."""

import datetime
import logging

import pytest
import time_machine
from django.apps import apps
from django.contrib.admin import helpers
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import pagecache
from merit_register import services as merit_services
from merit_register.models import Deed, DeedDoer
from schools.models import Audience, Course, CourseSession, School

FEEDING = [label for labels in pagecache.FEEDS.values() for label in labels]


@pytest.mark.parametrize("label", FEEDING)
def test_every_feeding_model_reports_its_saves_deletes_and_bulk_writes(label):
    model = apps.get_model(label)

    assert post_save.has_listeners(model)
    assert post_delete.has_listeners(model)
    assert issubclass(model._default_manager._queryset_class, pagecache.PageRowsQuerySet)


def test_saves_updates_bulk_writes_and_m2m_changes_each_move_the_generation(
    street, django_capture_on_commit_callbacks
):
    key = "page-generation:schools"
    school = School.objects.create(name="健康教育学校", slug="health")

    def moved(write):
        pagecache._generations(["schools"])
        before = cache.get(key)
        with django_capture_on_commit_callbacks(execute=True):
            write()
        return cache.get(key) != before

    course = Course.objects.create(school=school, title="太极拳", category="taste")
    start = timezone.now()
    assert moved(lambda: Course.objects.filter(pk=course.pk).update(title="太极扇"))
    assert not moved(lambda: Course.objects.filter(pk=-1).update(title="无"))
    assert moved(
        lambda: CourseSession.objects.bulk_create(
            [CourseSession(course=course, starts_at=start, ends_at=start + datetime.timedelta(1))]
        )
    )
    assert moved(lambda: course.audiences.add(Audience.objects.first()))
    assert moved(lambda: course.delete())


@pytest.fixture
def course(street):
    return Course.objects.create(
        school=School.objects.create(name="健康教育学校", slug="health"),
        title="太极拳",
        category="taste",
        capacity=5,
        status="published",
    )


def anonymous_page(url):
    return Client().get(url).content.decode()


def test_an_admin_change_and_delete_show_on_the_next_anonymous_visit(
    client, street, course, make_user, django_capture_on_commit_callbacks
):
    admin_user = make_user(mobile="13900000001", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = reverse("schools:course_list")
    assert "太极拳" in anonymous_page(url)
    change = reverse("admin:schools_course_change", args=[course.pk])
    from tests.adminforms import form_data

    with django_capture_on_commit_callbacks(execute=True):
        client.post(change, form_data(client.get(change), title="太极扇"))
    assert "太极扇" in anonymous_page(url)

    delete = reverse("admin:schools_course_delete", args=[course.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete, {"post": "yes"})
    assert "太极扇" not in anonymous_page(url)


def test_the_home_totals_follow_an_admin_delete_of_a_published_deed(
    client, street, community, make_user, django_capture_on_commit_callbacks
):
    deeds = Deed.objects.bulk_create(
        Deed(
            title=f"好事{n}",
            story="帮邻居修水管",
            date=datetime.date(2026, 5, 1),
            category=Deed.Category.HELPING,
            community=community,
            status=Deed.Status.PUBLISHED,
        )
        for n in range(3)
    )
    admin_user = make_user(mobile="13900000001", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    home = reverse("home")
    assert "3" in anonymous_page(home)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:merit_register_deed_changelist"),
            {
                "action": "delete_selected",
                helpers.ACTION_CHECKBOX_NAME: [deeds[0].pk],
                "post": "yes",
            },
        )

    page = anonymous_page(home)
    assert Deed.objects.count() == 2
    assert '<span class="d-block display-6 fw-bold text-primary">2</span>' in page


def test_a_service_write_shows_on_the_next_anonymous_visit(
    street, community, make_user, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from community import roles

    reviewer = make_user(mobile="13700000003", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=roles.MERIT_REVIEWER))
    deed = Deed.objects.create(
        title="为独居老人送饭",
        story="每天送饭",
        date=datetime.date(2026, 5, 1),
        category=Deed.Category.HELPING,
        community=community,
        status=Deed.Status.APPROVED,
    )
    url = reverse("merit_register:deed_list")
    assert "为独居老人送饭" not in anonymous_page(url)

    with django_capture_on_commit_callbacks(execute=True):
        merit_services.deed_publish(deed=deed, by=reviewer)
    assert "为独居老人送饭" in anonymous_page(url)

    with django_capture_on_commit_callbacks(execute=True):
        merit_services.deed_withdraw(deed=deed, by=reviewer)
    assert "为独居老人送饭" not in anonymous_page(url)


def test_a_cached_course_page_turns_at_the_moment_sign_up_opens_and_closes(street, course):
    opens = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=5)
    course.signup_opens, course.signup_closes = opens, opens + datetime.timedelta(hours=1)
    course.save()
    url = reverse("schools:course_detail", args=[course.pk])

    with time_machine.travel(opens - datetime.timedelta(seconds=1), tick=False):
        assert "目前不在报名时间内" in anonymous_page(url)
        assert "目前不在报名时间内" in anonymous_page(url)  # from the cache
    with time_machine.travel(opens, tick=False):
        assert "登录后报名" in anonymous_page(url)
    with time_machine.travel(course.signup_closes, tick=False):
        assert "目前不在报名时间内" in anonymous_page(url)


def test_a_cached_course_list_turns_when_the_next_session_begins(street, course):
    first = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=5)
    for week in (0, 1):
        start = first + datetime.timedelta(weeks=week)
        CourseSession.objects.create(
            course=course, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
        )
    url = reverse("schools:course_list")
    shown = f"{timezone.localtime(first):%Y-%m-%d %H:%M}"

    with time_machine.travel(first - datetime.timedelta(seconds=1), tick=False):
        assert shown in anonymous_page(url)
    with time_machine.travel(first + datetime.timedelta(seconds=1), tick=False):
        assert shown not in anonymous_page(url)


def test_only_canonical_query_strings_are_cached(street, course, django_assert_num_queries):
    url = reverse("schools:course_list")
    anonymous_page(f"{url}?category=taste&page=1")
    with django_assert_num_queries(0):
        anonymous_page(f"{url}?page=1&category=taste")  # the same page, in another order
    keys_before = len(cache._cache)

    anonymous_page(f"{url}?utm_source=spam1")
    anonymous_page(f"{url}?utm_source=spam2")

    assert len(cache._cache) == keys_before


def test_pages_are_served_uncached_when_the_shared_cache_is_down(settings, street, course, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    with caplog.at_level(logging.WARNING, logger="community.pagecache"):
        for url in [
            reverse("home"),
            reverse("schools:course_list"),
            reverse("schools:course_detail", args=[course.pk]),
            reverse("merit_register:deed_list"),
        ]:
            response = Client().get(url)
            assert response.status_code == 200, url
    assert "page cache unreachable" in caplog.text


def test_anonymous_traffic_cannot_fill_the_cache_with_variants(street, course):
    url = reverse("schools:course_list")
    anonymous_page(url)
    anonymous_page(f"{url}?q=&category=taste&school=")  # the filter form's own query string
    anonymous_page(reverse("merit_register:board_list"))
    kept = len(cache._cache)

    for n in range(5):
        anonymous_page(f"{url}?category=junk{n}")  # a filter the form drops
        anonymous_page(f"{url}?page={10**6 + n}")  # a page past the end
        anonymous_page(f"{url}?q=太极{n}")  # free text
    anonymous_page(reverse("merit_register:board_list") + "?page=abc")

    assert len(cache._cache) == kept


def test_the_filter_forms_query_string_shares_the_clean_urls_cached_page(
    street, course, django_assert_num_queries
):
    url = reverse("schools:course_list")
    anonymous_page(f"{url}?category=taste")

    with django_assert_num_queries(0):
        anonymous_page(f"{url}?q=&category=taste&audience=&school=")


@pytest.fixture
def one_of_each(street, community, make_resident):
    """A row of every model with an admin that feeds a cached page."""
    from merit_register.models import Board
    from schools import services
    from schools.models import Branch, Event, Venue

    school = School.objects.create(name="健康教育学校", slug="health")
    venue = Venue.objects.create(name="文化活动中心")
    course = Course.objects.create(
        school=school, title="太极拳", category="taste", capacity=5, status="published"
    )
    starts = timezone.now() + datetime.timedelta(days=3)
    deed = Deed.objects.create(
        title="修水管",
        story="帮邻居修水管",
        date=datetime.date(2026, 5, 1),
        category=Deed.Category.HELPING,
        community=community,
        status=Deed.Status.PUBLISHED,
    )
    DeedDoer.objects.create(deed=deed, name="王师傅")
    return {
        "community.street": street,
        "community.community": community,
        "schools.school": school,
        "schools.branch": Branch.objects.create(
            school=school, community=community, name="一村分校"
        ),
        "schools.venue": venue,
        "schools.course": course,
        "schools.coursesession": CourseSession.objects.create(
            course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
        ),
        "schools.enrolment": services.enrol(offering=course, resident=make_resident(), by=None),
        "schools.event": Event.objects.create(
            title="讲座", kind="lecture", starts_at=starts, status="published"
        ),
        "merit_register.deed": deed,
        "merit_register.board": Board.objects.create(
            title="一村功德榜", issue_number=1, community=community
        ),
    }


ADMIN_FED = [
    "community.street",
    "community.community",
    "schools.school",
    "schools.branch",
    "schools.venue",
    "schools.course",
    "schools.coursesession",
    "schools.event",
    "merit_register.deed",
    "merit_register.board",
]
DELETABLE = ["schools.branch", "schools.coursesession", "schools.enrolment", "schools.event"]


@pytest.mark.parametrize("label", ADMIN_FED)
def test_an_admin_save_of_any_feeding_row_makes_its_pages_fresh(
    label, client, one_of_each, make_user, django_capture_on_commit_callbacks
):
    from tests.adminforms import form_data

    row = one_of_each[label]
    (scope,) = pagecache.scopes_of(type(row))
    key = f"page-generation:{scope}"
    pagecache._generations([scope])
    before = cache.get(key)
    client.force_login(make_user(mobile="13900000001", is_staff=True, is_superuser=True))
    url = reverse(f"admin:{label.replace('.', '_')}_change", args=[row.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(client.get(url)))

    assert response.status_code == 302, label
    assert cache.get(key) != before


@pytest.mark.parametrize("label", DELETABLE)
def test_an_admin_delete_of_a_feeding_row_makes_its_pages_fresh(
    label, client, one_of_each, make_user, django_capture_on_commit_callbacks
):
    row = one_of_each[label]
    pagecache._generations(["schools"])
    before = cache.get("page-generation:schools")
    client.force_login(make_user(mobile="13900000001", is_staff=True, is_superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(f"admin:{label.replace('.', '_')}_delete", args=[row.pk]), {"post": "yes"}
        )

    assert not type(row).objects.filter(pk=row.pk).exists()
    assert cache.get("page-generation:schools") != before
