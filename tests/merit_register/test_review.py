import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from merit_register import services
from merit_register.models import Board, Deed


def report(client, community, **overrides):
    data = {
        "title": "楼下李阿姨义务打扫楼道",
        "date": "2026-11-01",
        "category": Deed.Category.FOR_COMMUNITY,
        "community": community.pk,
        "beneficiary": "",
        "story": "李阿姨每天早上打扫楼道，坚持了三年。",
        "doers": "李阿姨，楼组志愿者",
        "submission": uuid.uuid4().hex,
    }
    data.update(overrides)
    return client.post(reverse("merit_register:deed_report"), data, follow=True)


def test_a_resident_reports_a_deed_that_waits_for_review(resident_client, community):
    response = report(resident_client, community)

    deed = Deed.objects.get()
    assert deed.status == "submitted" and deed.submitted_by == resident_client.resident.user
    assert [d.name for d in deed.doers.all()] == ["李阿姨", "楼组志愿者"]
    page = response.content.decode()
    assert "正在等待审核" in page and "待审核" in page  # told, and listed with its status


def test_a_report_sent_twice_is_recorded_once(resident_client, community):
    data = {"submission": "0123456789abcdef0123456789abcdef"}
    report(resident_client, community, **data)

    second = report(resident_client, community, **data)

    assert Deed.objects.count() == 1
    assert "已经收到" in second.content.decode()


def test_a_report_is_not_public_before_it_is_published(
    resident_client, community, reviewer, django_capture_on_commit_callbacks
):
    visitor = Client()  # not logged in, so served the cached public pages
    report(resident_client, community)
    deed = Deed.objects.get()

    def listed():
        return deed.title in visitor.get(reverse("merit_register:deed_list")).content.decode()

    def shown():
        return visitor.get(deed.get_absolute_url()).status_code == 200

    assert not listed() and not shown()
    with django_capture_on_commit_callbacks(execute=True):
        services.deed_approve(deed=deed, by=reviewer)
    assert not listed() and not shown()
    with django_capture_on_commit_callbacks(execute=True):
        services.deed_publish(deed=deed, by=reviewer)
    assert listed() and shown()
    with django_capture_on_commit_callbacks(execute=True):
        services.deed_withdraw(deed=deed, by=reviewer)
    assert not listed() and not shown()


def test_a_report_needs_a_login(client, community):
    response = client.get(reverse("merit_register:deed_report"))

    assert response.status_code == 302


def test_a_report_without_doers_or_with_a_future_date_is_refused(resident_client, community):
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    first = report(resident_client, community, doers=" ，、 ").content.decode()
    second = report(resident_client, community, date=future).content.decode()

    assert "请至少填写一位做好事的人或集体。" in first
    assert "发生日期不能晚于今天。" in second
    assert not Deed.objects.exists()


def test_the_review_flow_records_who_and_when(make_deed, reviewer):
    deed = make_deed(status=Deed.Status.SUBMITTED)

    deed = services.deed_approve(deed=deed, by=reviewer)
    assert (deed.status, deed.reviewed_by) == ("approved", reviewer) and deed.reviewed_at
    deed = services.deed_publish(deed=deed, by=reviewer)
    assert deed.status == "published" and deed.published_at


def test_a_rejection_needs_a_reason_and_keeps_it(make_deed, reviewer):
    deed = make_deed(status=Deed.Status.SUBMITTED)

    with pytest.raises(ValidationError, match="请填写退回理由。"):
        services.deed_reject(deed=deed, by=reviewer, reason="  ")
    deed = services.deed_reject(deed=deed, by=reviewer, reason="情况不属实")

    assert deed.status == "rejected" and deed.rejection_reason == "情况不属实"


def test_only_reviewers_may_approve_or_publish(make_deed, make_user, school_manager_user):
    deed = make_deed(status=Deed.Status.SUBMITTED)
    for somebody in (make_user(mobile="13812340000"), school_manager_user):
        with pytest.raises(PermissionDenied):
            services.deed_approve(deed=deed, by=somebody)
        with pytest.raises(PermissionDenied):
            services.deed_publish(deed=deed, by=somebody)
    deed.refresh_from_db()
    assert deed.status == "submitted"


def test_an_unreviewed_deed_cannot_be_published_directly(make_deed, reviewer):
    deed = make_deed(status=Deed.Status.SUBMITTED)

    with pytest.raises(ValidationError, match="不能进行此操作"):
        services.deed_publish(deed=deed, by=reviewer)


def test_the_admin_review_actions_call_the_services(client, reviewer, make_deed):
    submitted = make_deed(status=Deed.Status.SUBMITTED)
    client.force_login(reviewer)
    url = reverse("admin:merit_register_deed_changelist")

    client.post(url, {"action": "approve", "_selected_action": [submitted.pk]})
    client.post(url, {"action": "publish", "_selected_action": [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.status == "published" and submitted.reviewed_by == reviewer

    asked = client.post(url, {"action": "reject", "_selected_action": [submitted.pk]})
    assert "以下功德将被退回" in asked.content.decode()


def test_the_admin_reject_action_takes_a_reason(client, reviewer, make_deed):
    deed = make_deed(status=Deed.Status.SUBMITTED)
    client.force_login(reviewer)

    client.post(
        reverse("admin:merit_register_deed_changelist"),
        {"action": "reject", "_selected_action": [deed.pk], "apply": "1", "reason": "重复上报"},
    )

    deed.refresh_from_db()
    assert (deed.status, deed.rejection_reason) == ("rejected", "重复上报")


def test_a_school_manager_sees_no_review_actions(client, school_manager_user, make_deed):
    make_deed(status=Deed.Status.SUBMITTED)
    client.force_login(school_manager_user)

    response = client.get(reverse("admin:merit_register_deed_changelist"))

    assert response.status_code == 403


def test_a_board_is_composed_of_approved_or_published_deeds_only(make_deed, make_board, reviewer):
    board = make_board(status=Board.Status.DRAFT)
    published, approved = make_deed(), make_deed(status=Deed.Status.APPROVED)
    submitted = make_deed(status=Deed.Status.SUBMITTED)

    with pytest.raises(ValidationError, match="只有已审核或已公布的功德才能上榜。"):
        services.board_compose(board=board, deeds=[published, submitted], by=reviewer)
    services.board_compose(board=board, deeds=[approved, published], by=reviewer)

    assert [e.deed for e in board.entries.all()] == [approved, published]


def test_a_board_is_posted_with_place_and_date_then_taken_down(make_deed, make_board, reviewer):
    board = make_board(status=Board.Status.DRAFT)
    with pytest.raises(ValidationError, match="张贴前请至少选入一件功德。"):
        services.board_post(
            board=board, by=reviewer, location="宣传栏", posted_on=datetime.date(2026, 6, 1)
        )
    services.board_compose(board=board, deeds=[make_deed()], by=reviewer)

    board = services.board_post(
        board=board, by=reviewer, location="宣传栏", posted_on=datetime.date(2026, 6, 1)
    )
    assert (board.status, board.location) == ("posted", "宣传栏")
    with pytest.raises(ValidationError, match="撤下日期不能早于张贴日期。"):
        services.board_take_down(board=board, by=reviewer, on=datetime.date(2026, 5, 1))
    board = services.board_take_down(board=board, by=reviewer, on=datetime.date(2026, 7, 1))
    assert board.status == "taken_down"


@pytest.fixture
def school_manager_user(make_user):
    from django.contrib.auth.models import Group

    from community import roles

    user = make_user(mobile="13700000004", name="学校管理员乙", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.SCHOOL_MANAGER))
    return user


def test_returning_a_deed_and_posting_a_board_are_in_the_audit_trail(
    make_deed, make_board, reviewer
):
    from community.models import AuditEntry

    deed = make_deed(status=Deed.Status.SUBMITTED)
    services.deed_reject(deed=deed, by=reviewer, reason="请写清楼号")
    returned = AuditEntry.objects.get(action="deed_returned")
    assert returned.actor == reviewer and returned.details["reason"] == "请写清楼号"

    board = make_board(deeds=[make_deed()], status=Board.Status.DRAFT)
    services.board_post(
        board=board, by=reviewer, location="小区宣传栏", posted_on=datetime.date(2026, 6, 1)
    )
    posted = AuditEntry.objects.get(action="board_posted")
    assert posted.details == {"location": "小区宣传栏", "posted_on": "2026-06-01"}
