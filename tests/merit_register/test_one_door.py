"""Recommendation and board composition go through the services from the admin too."""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from community.models import Community
from merit_register import services
from merit_register.models import Board, BoardDeed, Deed
from tests.adminforms import form_data
from tests.querycount import count_queries


def run_action(client, action, deeds, **fields):
    return client.post(
        reverse("admin:merit_register_deed_changelist"),
        {
            "action": action,
            helpers.ACTION_CHECKBOX_NAME: [d.pk for d in deeds],
            "apply": "1",
            **fields,
        },
        follow=True,
    )


def test_a_rejected_deed_cannot_be_recommended_upward_through_the_admin(
    client, reviewer, make_deed
):
    rejected = make_deed(status=Deed.Status.REJECTED, rejection_reason="不实")
    client.force_login(reviewer)
    today = timezone.localdate().isoformat()

    run_action(client, "recommend", [rejected], level="district", on=today)
    url = reverse("admin:merit_register_deed_change", args=[rejected.pk])
    client.post(url, form_data(client.get(url), recommended_upward="on"))

    rejected.refresh_from_db()
    assert rejected.recommended_upward is False


def test_a_recommendation_is_pending_until_its_answer_is_recorded(client, reviewer, make_deed):
    deed = make_deed(status=Deed.Status.PUBLISHED)
    client.force_login(reviewer)

    run_action(client, "recommend", [deed], level="city", on=timezone.localdate().isoformat())
    deed.refresh_from_db()
    assert (deed.recommended_upward, deed.recommendation_outcome) == (True, "pending")

    without_honour = run_action(client, "recommendation_answered", [deed], outcome="accepted")
    assert "请填写该功德所获荣誉" in without_honour.content.decode()
    run_action(client, "recommendation_answered", [deed], outcome="accepted", honour="市级好人")
    deed.refresh_from_db()
    assert (deed.recommendation_outcome, deed.recommendation_honour) == ("accepted", "市级好人")


def test_only_reviewers_recommend_and_not_for_a_future_date(make_deed, make_user, reviewer):
    deed = make_deed(status=Deed.Status.APPROVED)

    with pytest.raises(Exception, match="审核员"):
        services.deed_recommend(
            deed=deed, by=make_user(mobile="13611112222"), level="city", on=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        services.deed_recommend(
            deed=deed,
            by=reviewer,
            level="city",
            on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert not Deed.objects.get(pk=deed.pk).recommended_upward


def compose_url(board, **period):
    url = reverse("merit_register:staff_board_compose", args=[board.pk])
    return f"{url}?{urlencode(period)}" if period else url


def test_the_board_page_in_the_admin_has_no_deed_ids_to_type_and_links_to_the_checklist(
    client, reviewer, make_deed, make_board
):
    board = make_board(deeds=[make_deed(title="修好水管")])
    client.force_login(reviewer)

    page = client.get(reverse("admin:merit_register_board_change", args=[board.pk]))

    html = page.content.decode()
    assert "vForeignKeyRawIdAdminField" not in html and 'name="entries-0-deed"' not in html
    assert "修好水管" in html
    assert compose_url(board) in html


def test_the_checklist_offers_the_published_deeds_of_the_boards_committee_and_period(
    client, reviewer, make_deed, make_board, street
):
    board = make_board(
        status=Board.Status.DRAFT,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    other = Community.objects.create(street=street, name="二村社区居委会")
    inside = make_deed(title="五月的好事", date=datetime.date(2026, 5, 1))
    make_deed(title="三月的好事", date=datetime.date(2026, 3, 1))
    make_deed(title="还没公布", status=Deed.Status.APPROVED)
    make_deed(title="二村的好事", community=other)
    client.force_login(reviewer)

    page = client.get(compose_url(board))
    offered = page.context["deeds"]
    wider = client.get(compose_url(board, start="2026-01-01", end="2026-12-31")).context["deeds"]

    assert [d.title for d in offered] == [inside.title]
    assert 'value="2026-04-01"' in page.content.decode()  # the board's period, shown to change
    assert [d.title for d in wider] == ["三月的好事", "五月的好事"]


def test_composing_from_the_checklist_keeps_the_boards_order_and_adds_the_new_after(
    client, reviewer, make_deed, make_board
):
    may, june, july = (
        make_deed(title=title, date=datetime.date(2026, month, 1))
        for title, month in (("五月", 5), ("六月", 6), ("七月", 7))
    )
    board = make_board(deeds=[june, may], status=Board.Status.DRAFT)
    client.force_login(reviewer)
    url = compose_url(board, start="2026-01-01", end="2026-12-31")
    page = client.get(url)
    assert [d.title for d in page.context["deeds"]] == ["六月", "五月", "七月"]
    assert page.context["ticked"] == {str(june.pk), str(may.pk)}

    response = client.post(url, {"deeds": [may.pk, july.pk, june.pk]})

    assert response.status_code == 302 and response["Location"] == url
    assert [e.deed.title for e in board.entries.all()] == ["六月", "五月", "七月"]
    assert list(board.entries.values_list("position", flat=True)) == [1, 2, 3]


def test_a_deed_not_on_the_checklist_is_refused_with_a_message(
    client, reviewer, make_deed, make_board
):
    board = make_board(status=Board.Status.DRAFT)
    good = make_deed()
    waiting = make_deed(status=Deed.Status.SUBMITTED)
    client.force_login(reviewer)

    refused = client.post(compose_url(board), {"deeds": [good.pk, waiting.pk]})
    nothing = client.post(compose_url(board), {})
    nonsense = client.post(compose_url(board), {"deeds": ["abc"]})

    for response in (refused, nothing, nonsense):
        assert response.status_code == 200
        assert response.context["form"].errors["deeds"]
    assert "请至少勾选一条功德" in nothing.content.decode()
    assert not BoardDeed.objects.exists()


def test_only_reviewers_compose_a_board(client, make_user, make_board, make_deed, street):
    from django.contrib.auth.models import Group

    from community import roles

    manager = make_user(mobile="13700000009", is_staff=True)
    manager.groups.add(Group.objects.get(name=roles.SCHOOL_MANAGER))
    board = make_board(status=Board.Status.DRAFT)
    deed = make_deed()
    client.force_login(manager)

    assert client.post(compose_url(board), {"deeds": [deed.pk]}).status_code == 403
    assert not BoardDeed.objects.exists()


def test_the_checklist_costs_the_same_queries_for_a_few_or_many_deeds(
    client, reviewer, make_deed, make_board
):
    board = make_board(deeds=[make_deed()], status=Board.Status.DRAFT)
    client.force_login(reviewer)
    few = count_queries(client, compose_url(board))
    make_deed(count=40)
    assert count_queries(client, compose_url(board)) == few


def test_posting_a_board_starts_from_where_the_board_was_meant_to_hang(
    client, reviewer, make_deed, make_board
):
    board = make_board(
        deeds=[make_deed()], status=Board.Status.DRAFT, location="新华里小区东门宣传栏"
    )
    client.force_login(reviewer)

    page = client.get(reverse("merit_register:staff_board_post", args=[board.pk]))

    assert page.context["form"]["location"].value() == "新华里小区东门宣传栏"
    assert 'value="新华里小区东门宣传栏"' in page.content.decode()


def test_withdrawing_in_the_admin_first_asks_and_changes_nothing(client, reviewer, make_deed):
    deed = make_deed(title="修好水管")
    client.force_login(reviewer)

    question = client.post(
        reverse("admin:merit_register_deed_changelist"),
        {"action": "withdraw", helpers.ACTION_CHECKBOX_NAME: [deed.pk]},
    )

    assert question.status_code == 200
    page = question.content.decode()
    assert "修好水管" in page and 'name="apply" value="1"' in page
    assert Deed.objects.get().status == "published"


def test_withdrawing_in_the_admin_once_confirmed_withdraws(client, reviewer, make_deed):
    deed = make_deed()
    client.force_login(reviewer)

    run_action(client, "withdraw", [deed])

    assert Deed.objects.get().status == "withdrawn"


def test_the_recommend_form_refuses_a_future_date_before_it_leaves(client, reviewer, make_deed):
    deed = make_deed(status=Deed.Status.PUBLISHED)
    client.force_login(reviewer)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    page = run_action(client, "recommend", [deed], level="city", on=tomorrow)

    assert page.context["form"].errors["on"] == ["推荐日期不能晚于今天。"]
    assert not Deed.objects.get(pk=deed.pk).recommended_upward
