"""Reviewers hear of new reports; reporters hear of the review, with the reason when returned."""

import uuid

from django.urls import reverse

from merit_register.models import Deed
from tests.notices import told


def report(client, community, **overrides):
    data = {
        "title": "楼道清洁三年如一日",
        "date": "2026-05-01",
        "category": Deed.Category.FOR_COMMUNITY,
        "community": community.pk,
        "beneficiary": "",
        "story": "李阿姨每天早上打扫楼道，坚持了三年。",
        "doers": "李阿姨",
        "submission": uuid.uuid4().hex,
    }
    data.update(overrides)
    return client.post(reverse("merit_register:deed_report"), data, follow=True)


def test_a_report_tells_the_reviewers_in_their_inbox_only(resident_client, community, reviewer):
    report(resident_client, community)
    (message,) = told("staff_deed_reported")
    assert message.user == reviewer
    assert message.text == "新的好人好事报告“楼道清洁三年如一日”，待审核。"
    assert not message.deliveries.filter(channel="sms").exists()


def test_a_deed_entered_in_the_admin_tells_the_other_reviewers(
    client, reviewer, make_user, community
):
    from django.contrib.auth.models import Group

    from community import roles

    other = make_user(mobile="13700000033", name="审核员乙", is_staff=True)
    other.groups.add(Group.objects.get(name=roles.MERIT_REVIEWER))
    client.force_login(reviewer)
    page = client.get(reverse("admin:merit_register_deed_add"))
    assert page.status_code == 200
    from tests.adminforms import form_data

    data = form_data(
        page,
        title="修好路灯",
        date="2026-05-02",
        category=Deed.Category.FOR_RESIDENTS,
        community=str(community.pk),
        story="王师傅修好了路灯。",
    )
    data["doers-0-name"] = "王师傅"
    answer = client.post(reverse("admin:merit_register_deed_add"), data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert [m.user for m in told("staff_deed_reported")] == [other]


def test_the_reporter_hears_of_each_review_step_once(client, resident_client, community, reviewer):
    report(resident_client, community)
    deed = Deed.objects.get()
    client.force_login(reviewer)
    url = reverse("admin:merit_register_deed_changelist")
    client.post(
        url,
        {"action": "reject", "_selected_action": [deed.pk], "apply": "1", "reason": "请写清楼号"},
    )
    client.post(url, {"action": "approve", "_selected_action": [deed.pk]})
    client.post(url, {"action": "publish", "_selected_action": [deed.pk]})
    client.post(url, {"action": "publish", "_selected_action": [deed.pk]})  # refused: once
    user = resident_client.resident.user
    texts = [m.text for m in user.messages.order_by("pk")]
    assert texts == [
        "您报告的“楼道清洁三年如一日”被退回：请写清楼号",
        "您报告的好人好事“楼道清洁三年如一日”已审核通过。",
        "您报告的“楼道清洁三年如一日”已在功德录公布。",
    ]
    published = user.messages.get(kind="deed_published")
    assert published.link == deed.get_absolute_url()
    assert set(published.deliveries.values_list("channel", flat=True)) == {"sms"}
