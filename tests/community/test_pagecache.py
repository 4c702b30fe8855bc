"""Whole public pages come from the cache for visitors, and a change shows at once."""

from django.urls import reverse

from schools import services
from schools.models import Course, School


def test_a_visitor_gets_the_cached_page_until_a_sign_up_changes_it(
    client, make_resident, street, django_assert_num_queries, django_capture_on_commit_callbacks
):
    course = Course.objects.create(
        school=School.objects.create(name="学校", slug="s"),
        title="太极拳",
        category="taste",
        capacity=5,
        status="published",
    )
    url = reverse("schools:course_detail", args=[course.pk])
    assert "剩余5个" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        assert "剩余5个" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.enrol(offering=course, resident=make_resident(), by=None)

    assert "剩余4个" in client.get(url).content.decode()


def test_logged_in_people_always_get_a_fresh_page(resident_client, street, make_resident):
    course = Course.objects.create(
        school=School.objects.create(name="学校", slug="s"),
        title="太极拳",
        category="taste",
        capacity=5,
        status="published",
    )
    url = reverse("schools:course_detail", args=[course.pk])
    resident_client.get(url)
    Course.objects.filter(pk=course.pk).update(title="太极扇")

    assert "太极扇" in resident_client.get(url).content.decode()


def test_the_cache_keeps_languages_and_elder_mode_apart(client, street):
    chinese = client.get(reverse("home")).content.decode()
    client.get(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("home")).content.decode()
    client.cookies["elder_mode"] = "1"
    elder = client.get(reverse("home")).content.decode()

    assert '<html lang="zh-hans">' in chinese and '<html lang="en">' in english
    assert 'class="elder"' in elder and 'class="elder"' not in english
