"""Terms are shown as people say them, everywhere staff see them."""

from django.urls import reverse

from community.terms import term_choices, term_label


def test_a_term_code_reads_as_a_chinese_term():
    assert term_label("2026-autumn") == "2026年秋季学期"
    assert term_label("2027-spring") == "2027年春季学期"
    assert term_label("odd") == "odd"


def test_the_choices_name_every_term_and_keep_an_unusual_current_one():
    choices = dict(term_choices("2009-spring"))
    assert choices["2026-autumn"] == "2026年秋季学期"
    assert "2009-spring" in choices


def test_the_course_admin_names_terms_in_its_list_filter_and_form(admin_client, db):
    from schools.models import Course, School

    Course.objects.create(
        school=School.objects.create(name="健康教育学校", slug="health"),
        title="太极拳",
        category="taste",
        capacity=10,
        term="2026-autumn",
    )
    listing = admin_client.get(reverse("admin:schools_course_changelist"))
    assert "2026年秋季学期" in listing.text and "2026-autumn<" not in listing.text
    form = admin_client.get(reverse("admin:schools_course_add"))
    assert '<option value="2026-autumn"' in form.text and ">2026年秋季学期</option>" in form.text
