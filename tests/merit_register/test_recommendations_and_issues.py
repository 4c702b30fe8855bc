"""A new issue takes the previous one's place on the board, and the 推荐表 of deeds recommended
upward is exported for the office."""

import datetime
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from community.models import AuditEntry, Community
from merit_register import services
from merit_register.models import Board, Deed


def post(client, board, location, on="2026-11-20"):
    return client.post(
        reverse("merit_register:staff_board_post", args=[board.pk]),
        {"location": location, "posted_on": on},
        follow=True,
    )


def test_posting_a_new_issue_takes_down_the_one_that_hung_in_that_place(
    client, reviewer, make_deed, make_board, community
):
    autumn = make_board(deeds=[make_deed()], issue_number=1, location="小区宣传栏")
    market = make_board(deeds=[make_deed()], issue_number=2, location="菜场入口")
    other = Community.objects.create(street=community.street, name="二村社区居委会")
    elsewhere = make_board(
        deeds=[make_deed()], issue_number=1, community=other, location="小区宣传栏"
    )
    winter = make_board(deeds=[make_deed()], status=Board.Status.DRAFT, issue_number=3)
    client.force_login(reviewer)

    response = post(client, winter, "小区宣传栏")

    page = response.content.decode()
    assert "已登记张贴。" in page
    assert "原先张贴在此处的第1期已标记为撤下。" in page
    for board in (autumn, market, elsewhere, winter):
        board.refresh_from_db()
    assert (autumn.status, autumn.taken_down_on) == ("taken_down", datetime.date(2026, 11, 20))
    assert market.status == elsewhere.status == winter.status == "posted"
    posted = AuditEntry.objects.get(action="board_posted")
    assert posted.details["replaced_issues"] == [1]


def test_a_board_posted_again_or_an_issue_posted_earlier_takes_nothing_down(
    reviewer, make_deed, make_board
):
    current = make_board(deeds=[make_deed()], issue_number=2, posted_on=datetime.date(2026, 11, 1))
    late_entry = make_board(deeds=[make_deed()], status=Board.Status.DRAFT, issue_number=1)

    services.board_post(
        board=current, by=reviewer, location="小区宣传栏", posted_on=datetime.date(2026, 11, 1)
    )
    services.board_post(
        board=late_entry, by=reviewer, location="小区宣传栏", posted_on=datetime.date(2026, 6, 1)
    )

    current.refresh_from_db()
    assert current.status == "posted"  # it went up after the issue recorded late


def recommended(make_deed, reviewer, *, title, on, level, outcome=None, honour=""):
    deed = make_deed(title=title, story=f"{title}。受助人张桂英，电话13912345678。")
    services.deed_recommend(deed=deed, by=reviewer, level=level, on=on)
    if outcome:
        services.deed_recommendation_answered(
            deed=deed, by=reviewer, outcome=outcome, honour=honour
        )
    return deed


def test_the_recommendation_form_lists_the_period_s_recommended_deeds_with_their_answer(
    client, reviewer, make_deed
):
    recommended(
        make_deed,
        reviewer,
        title="王师傅义务修水管",
        on=datetime.date(2026, 10, 8),
        level=Deed.Level.DISTRICT,
        outcome=Deed.Outcome.ACCEPTED,
        honour="区级好人好事",
    )
    recommended(
        make_deed, reviewer, title="李阿姨照顾邻居", on=datetime.date(2026, 11, 2), level="city"
    )
    recommended(
        make_deed, reviewer, title="去年的推荐", on=datetime.date(2025, 11, 2), level="city"
    )
    make_deed(title="没有推荐的功德")
    client.force_login(reviewer)

    response = client.get(
        reverse("merit_register:staff_recommendations"),
        {"start": "2026-01-01", "end": "2026-12-31"},
    )

    assert response["Content-Disposition"] == (
        'attachment; filename="recommendations-2026-01-01-2026-12-31.xlsx"'
    )
    sheet = load_workbook(BytesIO(response.content))["推荐表"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "测试路街道推荐上报功德（2026-01-01至2026-12-31）"
    assert rows[1] == (
        "推荐日期",
        "推荐级别",
        "标题",
        "类型",
        "做好事的人",
        "居委会",
        "发生日期",
        "事迹",
        "结果",
        "所获荣誉",
    )
    assert [row[2] for row in rows[2:]] == ["王师傅义务修水管", "李阿姨照顾邻居"]
    accepted, pending = rows[2], rows[3]
    assert accepted[1] == "区级" and accepted[4] == "王师傅"
    assert accepted[8:] == ("已采纳", "区级好人好事")
    assert pending[8] == "等待答复"
    assert "张**" in accepted[7] and "张桂英" not in accepted[7]
    assert "13912345678" not in accepted[7]


def test_the_recommendation_form_is_for_staff_and_asks_for_a_period(
    client, resident_client, reviewer
):
    url = reverse("merit_register:staff_recommendations")
    assert resident_client.get(url).status_code == 403

    client.force_login(reviewer)
    page = client.get(url)
    assert page.status_code == 200 and "推荐表" in page.content.decode()
    tools = client.get(reverse("workbench")).content.decode()
    assert f'href="{url}"' in tools
