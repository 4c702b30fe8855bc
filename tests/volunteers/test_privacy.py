"""The children's data rules, line by line."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from community import roles
from community.models import AuditEntry
from tests.volunteers.conftest import next_saturday
from volunteers.models import Child, ChildAccessLog, Pairing

PRIVATE = ("family_circumstances", "guardian_mobile", "address")


def private_values(child):
    return [child.family_circumstances, child.guardian_mobile, child.address]


@pytest.fixture
def street_admin(make_user):
    user = make_user(mobile="13700000006", name="街道管理员", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
    return user


@pytest.fixture
def other_staff(make_user, station):
    """Staff of the station who may look at children's records but not at their private
    details."""
    from django.contrib.auth.models import Permission

    user = make_user(mobile="13700000007", name="其他工作人员", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_child"))
    station.coordinators.add(user)
    return user


@pytest.mark.parametrize("who", ["coordinator", "street_admin"])
def test_coordinators_and_street_admins_see_the_private_fields(client, make_child, who, request):
    child = make_child()
    client.force_login(request.getfixturevalue(who))

    page = client.get(reverse("admin:volunteers_child_change", args=[child.pk]))

    assert all(value in page.content.decode() for value in private_values(child))


def test_other_staff_do_not_see_the_private_fields_anywhere_in_the_admin(
    client, make_child, other_staff
):
    child = make_child()
    client.force_login(other_staff)

    pages = [
        client.get(reverse("admin:volunteers_child_change", args=[child.pk])),
        client.get(reverse("admin:volunteers_child_changelist")),
    ]
    searched = client.get(
        reverse("admin:volunteers_child_changelist"), {"q": child.guardian_mobile}
    )
    assert list(searched.context["cl"].result_list) == []  # not searchable by private fields

    assert pages[0].status_code == 200
    for page in pages:
        text = page.content.decode()
        assert not any(value in text for value in private_values(child))
    assert not any(field in pages[0].context["adminform"].form.fields for field in PRIVATE)


def test_staff_of_other_roles_cannot_open_childrens_records(client, make_child, make_user):
    reviewer = make_user(mobile="13700000008", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=roles.MERIT_REVIEWER))
    client.force_login(reviewer)

    response = client.get(reverse("admin:volunteers_child_change", args=[make_child().pk]))

    assert response.status_code == 403


def test_every_opening_of_a_childs_record_is_logged_and_the_log_is_read_only(
    client, make_child, coordinator
):
    child = make_child()
    client.force_login(coordinator)

    client.get(reverse("admin:volunteers_child_change", args=[child.pk]))
    client.get(reverse("admin:volunteers_child_change", args=[child.pk]))

    log = list(ChildAccessLog.objects.values_list("user", "child", "action"))
    assert log == [(coordinator.pk, child.pk, "view")] * 2
    entry = ChildAccessLog.objects.first()
    assert client.get(reverse("admin:volunteers_childaccesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:volunteers_childaccesslog_add")).status_code == 403
    change = client.post(reverse("admin:volunteers_childaccesslog_change", args=[entry.pk]), {})
    assert change.status_code in (302, 403)
    delete = client.post(
        reverse("admin:volunteers_childaccesslog_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert ChildAccessLog.objects.count() == 2


def test_a_volunteer_sees_only_their_paired_children_masked(
    volunteer_client, make_child, make_session, make_volunteer
):
    mine, other = make_child(name="刘小军"), make_child(name="陈小红")
    session = make_session(date=next_saturday(-1))
    Pairing.objects.create(session=session, volunteer=volunteer_client.volunteer, child=mine)
    Pairing.objects.create(session=session, volunteer=make_volunteer(), child=other)

    page = volunteer_client.get(reverse("volunteers:child", args=[mine.pk])).content.decode()
    assert "刘同学" in page and "四年级" in page
    assert "刘小军" not in page
    assert not any(value in page for value in private_values(mine))
    assert mine.guardian_name not in page
    response = volunteer_client.get(reverse("volunteers:child", args=[other.pk]))
    assert response.status_code == 404


def test_my_saturdays_shows_masked_names_and_nothing_private(
    volunteer_client, make_child, make_session
):
    child = make_child(name="刘小军")
    session = make_session(date=next_saturday(-1))
    from volunteers.models import Shift

    Shift.objects.create(
        session=session, volunteer=volunteer_client.volunteer, status="attended", hours=2
    )
    Pairing.objects.create(session=session, volunteer=volunteer_client.volunteer, child=child)

    page = volunteer_client.get(reverse("volunteers:my_saturdays")).content.decode()

    assert "刘同学" in page and "刘小军" not in page
    assert not any(value in page for value in private_values(child))


def test_the_public_verification_shows_only_name_hours_period_and_station(
    client, make_volunteer, make_session
):
    from volunteers import services
    from volunteers.models import Shift

    volunteer = make_volunteer()
    Shift.objects.create(
        session=make_session(date=next_saturday(-1)),
        volunteer=volunteer,
        status="attended",
        hours=2.5,
    )
    certificate = services.certificate_issue(volunteer=volunteer)

    page = client.get(reverse("volunteers:verify", args=[certificate.code])).content.decode()

    assert "该证明真实有效。" in page
    assert volunteer.name in page and "2.5" in page and "景和爱心驿站" in page
    for private in (volunteer.mobile, volunteer.student_number, volunteer.university):
        assert private not in page
    wrong = client.get(reverse("volunteers:verify", args=["NOSUCHCODE"])).content.decode()
    assert "没有找到该验证码对应的证明" in wrong


def test_a_past_volunteer_loses_the_child_once_consent_is_withdrawn_or_the_child_left(
    client, make_child, make_volunteer, make_session
):
    import datetime

    from volunteers.models import Pairing

    volunteer = make_volunteer()
    child = make_child()
    Pairing.objects.create(session=make_session(), volunteer=volunteer, child=child)
    client.force_login(volunteer.user)
    url = reverse("volunteers:child", args=[child.pk])
    assert client.get(url).status_code == 200

    child.consent_withdrawn_on = datetime.date(2026, 11, 1)
    child.save()

    assert client.get(url).status_code == 404


def test_erasing_a_child_takes_the_name_out_of_the_audit_trail(make_child, coordinator):
    from community.models import AuditEntry
    from volunteers import services

    child = make_child(name="田文杰")
    services.child_export(child=child, by=coordinator)

    services.child_erase(child=child, by=coordinator, reason="监护人申请")

    assert not AuditEntry.objects.filter(target_label__contains="田文杰").exists()


def test_the_progress_chart_is_logged_like_the_record(client, make_child, coordinator):
    from volunteers.models import ChildAccessLog

    child = make_child()
    client.force_login(coordinator)

    client.get(reverse("volunteers:staff_child_progress", args=[child.pk]))

    assert ChildAccessLog.objects.filter(child=child, user=coordinator).count() == 1


def erase_in_the_admin(client, children, **data):
    return client.post(
        reverse("admin:volunteers_child_changelist"),
        {"action": "erase_children", "_selected_action": [c.pk for c in children], **data},
    )


def test_erasing_children_in_the_admin_first_asks_and_erases_nothing(
    client, make_child, coordinator
):
    children = [make_child(name="田文杰"), make_child(name="方小雨")]
    client.force_login(coordinator)

    question = erase_in_the_admin(client, children)

    assert question.status_code == 200
    page = question.content.decode()
    assert "田文杰" in page and "方小雨" in page
    assert "无法恢复" in page and 'name="confirm" value="1"' in page
    assert set(Child.objects.values_list("name", flat=True)) == {"田文杰", "方小雨"}
    assert not ChildAccessLog.objects.filter(action="erase").exists()


def test_erasing_children_in_the_admin_once_confirmed_anonymises_them(
    client, make_child, coordinator
):
    child = make_child(name="田文杰")
    client.force_login(coordinator)

    response = erase_in_the_admin(client, [child], confirm="1", reason="监护人2026-11-30来函申请")

    assert response.status_code == 302
    child.refresh_from_db()
    assert child.name != "田文杰" and child.anonymised_on is not None
    assert not Child.objects.filter(name="田文杰").exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHILD_ERASED)
    assert entry.details["reason"] == "监护人2026-11-30来函申请"


def test_erasing_in_the_admin_without_a_reason_asks_again_and_erases_nothing(
    client, make_child, coordinator
):
    child = make_child(name="田文杰")
    client.force_login(coordinator)

    response = erase_in_the_admin(client, [child], confirm="1", reason="  ")

    assert response.status_code == 200
    assert "请说明删除的原因" in response.content.decode()
    child.refresh_from_db()
    assert child.name == "田文杰" and child.anonymised_on is None
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CHILD_ERASED).exists()
