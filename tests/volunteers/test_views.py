import datetime
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from tests.qrcodes import dark_modules, drawn_modules
from tests.querycount import count_queries
from tests.volunteers.conftest import next_saturday
from volunteers import services
from volunteers.models import Certificate, Pairing, Shift, TutoringNote, Volunteer


def test_a_person_applies_and_is_told_to_wait(client, make_user, subjects, street):
    user = make_user(mobile="13812340000", name="张同学")
    client.force_login(user)

    response = client.post(
        reverse("volunteers:apply"),
        {
            "name": "张同学",
            "university": "江城大学",
            "major": "数学",
            "student_number": "20240001",
            "mobile": "13812340000",
            "subjects": [subjects["maths"].pk],
            "pledge_accepted": "on",
        },
        follow=True,
    )

    volunteer = Volunteer.objects.get(user=user)
    assert volunteer.status == "applied" and volunteer.pledge_signed_on
    assert "等待驿站负责人审核" in response.content.decode()


def test_an_application_without_the_pledge_is_refused(client, make_user, subjects, street):
    client.force_login(make_user(mobile="13812340000"))

    response = client.post(
        reverse("volunteers:apply"),
        {
            "name": "张同学",
            "university": "江城大学",
            "major": "数学",
            "student_number": "1",
            "mobile": "13812340000",
            "subjects": [subjects["maths"].pk],
        },
    )

    assert "请阅读并接受儿童保护承诺。" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_unverified_volunteers_cannot_open_the_saturdays(client, make_volunteer, street):
    volunteer = make_volunteer(status="applied")
    client.force_login(volunteer.user)

    assert client.get(reverse("volunteers:saturdays")).status_code == 403


def test_a_volunteer_signs_up_and_cancels_from_the_list(volunteer_client, make_session, street):
    session = make_session(places=3)

    page = volunteer_client.get(reverse("volunteers:saturdays")).content.decode()
    assert "共3个名额，剩余3个" in page
    response = volunteer_client.post(
        reverse("volunteers:shift_signup", args=[session.pk]), follow=True
    )
    assert "报名成功，感谢您的付出！" in response.content.decode()
    shift = Shift.objects.get()
    volunteer_client.post(reverse("volunteers:shift_cancel", args=[shift.pk]))
    shift.refresh_from_db()
    assert shift.status == "cancelled"


def test_the_saturday_list_costs_the_same_queries_for_few_or_many(
    volunteer_client, make_session, make_volunteer, street
):
    for weeks in (1, 2):
        make_session(date=next_saturday(weeks))
    few = count_queries(volunteer_client, reverse("volunteers:saturdays"))
    for weeks in range(3, 12):
        session = make_session(date=next_saturday(weeks))
        for _ in range(3):
            services.shift_signup(session=session, volunteer=make_volunteer())
        services.shift_signup(session=session, volunteer=volunteer_client.volunteer)
    assert count_queries(volunteer_client, reverse("volunteers:saturdays")) == few


def test_my_saturdays_costs_the_same_queries_for_few_or_many(
    volunteer_client, make_session, make_child, street
):
    volunteer = volunteer_client.volunteer

    def add_session(weeks, children):
        session = make_session(date=next_saturday(-weeks))
        Shift.objects.create(session=session, volunteer=volunteer, status="attended", hours=2)
        for child in children:
            pairing = Pairing.objects.create(session=session, volunteer=volunteer, child=child)
            TutoringNote.objects.create(pairing=pairing, author=volunteer, done="练习")

    add_session(1, [make_child()])
    few = count_queries(volunteer_client, reverse("volunteers:my_saturdays"))
    for weeks in range(2, 10):
        add_session(weeks, [make_child(), make_child(needs=("english", "maths"))])
    assert count_queries(volunteer_client, reverse("volunteers:my_saturdays")) == few


def test_a_volunteer_writes_a_note_after_the_session(
    volunteer_client, make_session, make_child, street
):
    session = make_session(date=next_saturday(-1))
    Shift.objects.create(
        session=session, volunteer=volunteer_client.volunteer, status="attended", hours=2
    )
    pairing = Pairing.objects.create(
        session=session, volunteer=volunteer_client.volunteer, child=make_child()
    )

    response = volunteer_client.post(
        reverse("volunteers:note_write", args=[pairing.pk]),
        {
            f"pairing-{pairing.pk}-done": "讲解了分数",
            f"pairing-{pairing.pk}-homework": "练习册第3页",
            f"pairing-{pairing.pk}-next_focus": "通分",
        },
        follow=True,
    )

    assert "辅导记录已保存。" in response.content.decode()
    assert TutoringNote.objects.get().next_focus == "通分"


def test_the_pairing_page_proposes_and_saves_pairs(
    client, coordinator, make_session, make_volunteer, make_child, street
):
    session = make_session()
    volunteers = [make_volunteer(can=("maths",)), make_volunteer(can=("english",))]
    for v in volunteers:
        services.shift_signup(session=session, volunteer=v)
    maths, english = make_child(needs=("maths",)), make_child(needs=("english",))
    make_child(consent=False)  # never proposed
    client.force_login(coordinator)
    url = reverse("volunteers:staff_pairing", args=[session.pk])

    rows = dict(client.get(url).context["rows"])
    assert rows == {maths: volunteers[0].pk, english: volunteers[1].pk}

    client.post(url, {f"child-{maths.pk}": volunteers[1].pk, f"child-{english.pk}": ""})

    assert list(Pairing.objects.values_list("volunteer_id", "child_id")) == [
        (volunteers[1].pk, maths.pk)
    ]


def test_the_pairing_page_costs_the_same_queries_for_few_or_many(
    client, coordinator, make_session, make_volunteer, make_child, street
):
    session = make_session(places=30)
    client.force_login(coordinator)
    services.shift_signup(session=session, volunteer=make_volunteer())
    make_child()
    url = reverse("volunteers:staff_pairing", args=[session.pk])
    few = count_queries(client, url)
    for _ in range(10):
        services.shift_signup(session=session, volunteer=make_volunteer(can=("english", "maths")))
    for _ in range(25):
        make_child(needs=("english", "chinese"))
    assert count_queries(client, url) == few


def test_the_admin_lists_cost_the_same_queries_for_few_or_many(
    client, coordinator, make_session, make_volunteer, make_child
):
    client.force_login(coordinator)
    names = ["child", "volunteer", "tutoringsession", "shift", "pairing"]

    def counts():
        return [
            count_queries(client, reverse(f"admin:volunteers_{name}_changelist")) for name in names
        ]

    session = make_session()
    services.shift_signup(session=session, volunteer=make_volunteer())
    Pairing.objects.create(session=session, volunteer=Volunteer.objects.get(), child=make_child())
    few = counts()
    for weeks in range(2, 8):
        other = make_session(date=next_saturday(weeks))
        for _ in range(3):
            v = make_volunteer()
            services.shift_signup(session=other, volunteer=v)
            Pairing.objects.create(session=other, volunteer=v, child=make_child())
    assert counts() == few


def test_attendance_is_marked_by_the_coordinator(
    client, coordinator, make_session, make_volunteer, street
):
    # Yesterday's Saturday has begun whatever the hour the tests run at.
    session = make_session(date=timezone.localdate() - datetime.timedelta(days=1))
    came, absent = make_volunteer(), make_volunteer()
    shifts = [
        Shift.objects.create(session=session, volunteer=v, status="confirmed")
        for v in (came, absent)
    ]
    client.force_login(coordinator)

    response = client.post(
        reverse("volunteers:staff_session", args=[session.pk]),
        {"attended": [shifts[0].pk]},
        follow=True,
    )

    assert "考勤已保存" in response.content.decode()
    assert dict(Shift.objects.values_list("volunteer_id", "status")) == {
        came.pk: "attended",
        absent.pk: "no_show",
    }


def test_the_progress_page_draws_an_svg_chart_with_the_numbers_in_a_table(
    client, coordinator, make_child, subjects, street
):
    from volunteers.models import GradeRecord

    child = make_child(needs=("maths",))
    GradeRecord.objects.create(child=child, term="2026-spring", subject=subjects["maths"], score=60)
    GradeRecord.objects.create(child=child, term="2026-autumn", subject=subjects["maths"], score=78)
    client.force_login(coordinator)

    page = client.get(reverse("volunteers:staff_child_progress", args=[child.pk]))

    text = page.content.decode()
    assert "<svg" in text and "<polyline" in text
    assert page.context["chart"].series[0].points[1][2] == "78"
    assert "60.0 / 100.0" in text and "78.0 / 100.0" in text


class IdsAndLabels(HTMLParser):
    """Every id in a page, and for every <label for>, the form it sits in."""

    def __init__(self):
        super().__init__()
        self.ids, self.labels, self.form, self.in_form = [], [], None, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = attrs.get("action")
        if "id" in attrs:
            self.ids.append(attrs["id"])
            self.in_form[attrs["id"]] = self.form
        if tag == "label" and "for" in attrs:
            self.labels.append((attrs["for"], self.form))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None


def test_my_saturdays_gives_each_note_form_its_own_ids_and_labels(
    volunteer_client, make_session, make_child, street
):
    volunteer = volunteer_client.volunteer
    for weeks in (1, 2):
        session = make_session(date=next_saturday(-weeks))
        Shift.objects.create(session=session, volunteer=volunteer, status="attended", hours=2)
        for _ in range(2):
            Pairing.objects.create(session=session, volunteer=volunteer, child=make_child())

    page = IdsAndLabels()
    page.feed(volunteer_client.get(reverse("volunteers:my_saturdays")).content.decode())

    assert len(page.ids) == len(set(page.ids))
    assert len(page.labels) == 4 * 3  # a form of three fields per pairing
    # Each label names a field of its own form.
    assert all(page.in_form.get(field) == form for field, form in page.labels)


def test_the_certificate_carries_a_qr_code_of_its_address_and_a_place_for_the_seal(
    volunteer_client, make_session, street
):
    session = make_session(date=next_saturday(-1))
    Shift.objects.create(
        session=session, volunteer=volunteer_client.volunteer, status="attended", hours=2.5
    )
    certificate = services.certificate_issue(volunteer=volunteer_client.volunteer)

    page = volunteer_client.get(
        reverse("volunteers:certificate", args=[certificate.code])
    ).content.decode()

    verify = f"http://testserver/verify/{certificate.code}/"
    assert drawn_modules(page) == dark_modules(verify)
    assert 'class="seal-area"' in page
    assert Certificate.objects.count() == 1
