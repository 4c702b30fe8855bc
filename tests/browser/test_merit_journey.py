import datetime

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from community import roles
from community.models import Community, Resident, Street, User
from merit_register.models import Board, Deed
from tests.browser.navigation import log_in

pytestmark = pytest.mark.browser

PASSWORD = "学习型社区-2026"


@pytest.fixture
def people(migration_data):
    street = Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    community = Community.objects.create(street=street, name="一村社区居委会")
    resident = User.objects.create_user(mobile="13812345678", name="王秀英", password=PASSWORD)
    Resident.objects.create(name="王秀英", mobile="13812345678", community=community, user=resident)
    reviewer = User.objects.create_user(
        mobile="13700000003", name="审核员甲", password=PASSWORD, is_staff=True
    )
    reviewer.groups.add(Group.objects.get(name=roles.MERIT_REVIEWER))
    Board.objects.create(title="一村功德榜", issue_number=1, community=community)
    return community


def test_a_reported_deed_is_reviewed_published_masked_and_put_on_a_board(page, people):
    log_in(page, "13812345678")
    page.goto("/merit/report/")
    page.get_by_label("标题").fill("帮独居老人修好水管")
    page.get_by_label("发生日期").fill("2026-11-01")
    page.get_by_label("类型").select_option(label="为居民办实事")
    page.get_by_label("居委会").select_option(label="一村社区居委会")
    page.get_by_label("受助人").fill("张桂英")
    page.get_by_label("事迹").fill("楼下王师傅为独居老人张桂英修好了漏水的水管。")
    page.get_by_label("做好事的人").fill("王师傅")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("正在等待审核")).to_be_visible()
    deed = Deed.objects.get()
    assert deed.status == "submitted"

    log_in(page, "13700000003")
    page.goto("/admin/merit_register/deed/?status__exact=submitted")
    page.get_by_role("checkbox", name="选择此对象执行操作 - 帮独居老人修好水管").check()
    page.get_by_label("动作").select_option(label="审核通过所选功德")
    page.get_by_role("button", name="运行").click()
    expect(page.get_by_text("已审核通过1条。")).to_be_visible()
    page.goto("/admin/merit_register/deed/")
    page.get_by_role("checkbox", name="选择此对象执行操作 - 帮独居老人修好水管").check()
    page.get_by_label("动作").select_option(label="公布所选功德")
    page.get_by_role("button", name="运行").click()
    expect(page.get_by_text("已公布1条。")).to_be_visible()

    page.goto("/merit/")
    card = page.locator(".deed-card", has_text="帮独居老人修好水管")
    expect(card).to_be_visible()
    expect(card).to_contain_text("张**")
    expect(page.locator("body")).not_to_contain_text("张桂英")

    board = Board.objects.get()
    page.goto(f"/admin/merit_register/board/{board.pk}/change/")
    page.get_by_role("link", name="选择功德").click()
    page.get_by_label("帮独居老人修好水管").check()
    page.get_by_role("button", name="保存上榜功德").click()
    expect(page.get_by_text("已选入1条功德。")).to_be_visible()
    assert list(board.entries.values_list("deed", flat=True)) == [deed.pk]
    page.goto(f"/admin/merit_register/board/{board.pk}/change/")
    page.get_by_role("link", name="A4海报").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("一村功德榜")
    expect(page.locator(".poster-deeds")).to_contain_text("帮独居老人修好水管")
    expect(page.locator(".poster-deeds")).not_to_contain_text("张桂英")
    expect(page.locator("img.poster-qr")).to_be_visible()


@pytest.fixture
def board_to_compose(people):
    """A draft board for the spring, meant for the east gate; published deeds in and out of it."""
    community = people
    board = Board.objects.get()
    board.location = "新华里小区东门宣传栏"
    board.period_start, board.period_end = datetime.date(2026, 3, 1), datetime.date(2026, 5, 31)
    board.save()
    for title, day in (
        ("王师傅修好水管", datetime.date(2026, 4, 2)),
        ("李阿姨照顾独居老人", datetime.date(2026, 3, 15)),
        ("去年冬天扫雪", datetime.date(2025, 12, 20)),
    ):
        Deed.objects.create(
            title=title,
            story=f"{title}。",
            date=day,
            category=Deed.Category.HELPING,
            community=community,
            status=Deed.Status.PUBLISHED,
        )
    return board


def test_a_reviewer_composes_a_board_from_the_checklist_and_posts_it(page, board_to_compose):
    board = board_to_compose
    log_in(page, "13700000003")

    page.goto(f"/admin/merit_register/board/{board.pk}/change/")
    page.get_by_role("link", name="选择功德").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("选择功德")
    expect(page.get_by_label("去年冬天扫雪")).to_have_count(0)  # outside the board's period
    page.get_by_label("李阿姨照顾独居老人").check()
    page.get_by_label("王师傅修好水管").check()
    page.get_by_role("button", name="保存上榜功德").click()

    expect(page.get_by_text("已选入2条功德。")).to_be_visible()
    expect(page.get_by_label("李阿姨照顾独居老人")).to_be_checked()
    assert [e.deed.title for e in board.entries.all()] == ["李阿姨照顾独居老人", "王师傅修好水管"]

    page.get_by_role("link", name="登记张贴").click()
    expect(page.get_by_label("张贴地点")).to_have_value("新华里小区东门宣传栏")
    page.get_by_label("张贴日期").fill("2026-06-01")
    page.get_by_role("button", name="登记张贴").click()

    expect(page.get_by_text("已登记张贴")).to_be_visible()
    board.refresh_from_db()
    assert (board.status, board.location) == ("posted", "新华里小区东门宣传栏")
    page.goto(f"/merit/boards/{board.pk}/")
    expect(page.locator("main")).to_contain_text("王师傅修好水管")
