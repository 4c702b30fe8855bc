"""Recommendation and board composition go through the services from the admin too."""

import datetime

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from merit_register import services
from merit_register.models import BoardDeed, Deed
from tests.adminforms import form_data


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


def test_a_board_composed_in_the_admin_takes_only_approved_or_published_deeds(
    client, reviewer, make_deed, make_board
):
    board = make_board()
    good = make_deed(status=Deed.Status.PUBLISHED)
    waiting = make_deed(status=Deed.Status.SUBMITTED)
    client.force_login(reviewer)
    url = reverse("admin:merit_register_board_change", args=[board.pk])
    page = client.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix

    def compose(*deeds):
        rows = {f"{prefix}-TOTAL_FORMS": str(len(deeds))}
        for n, deed in enumerate(deeds):
            rows[f"{prefix}-{n}-deed"] = str(deed.pk)
            rows[f"{prefix}-{n}-position"] = str(n + 1)
        return client.post(url, form_data(page, **rows))

    refused = compose(good, waiting)
    assert (
        refused.status_code == 200
        and "只有已审核或已公布的功德才能上榜" in refused.content.decode()
    )
    assert not BoardDeed.objects.exists()

    assert compose(good).status_code == 302
    assert list(board.entries.values_list("deed", "position")) == [(good.pk, 1)]


def test_the_recommend_form_refuses_a_future_date_before_it_leaves(client, reviewer, make_deed):
    deed = make_deed(status=Deed.Status.PUBLISHED)
    client.force_login(reviewer)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    page = run_action(client, "recommend", [deed], level="city", on=tomorrow)

    assert page.context["form"].errors["on"] == ["推荐日期不能晚于今天。"]
    assert not Deed.objects.get(pk=deed.pk).recommended_upward
