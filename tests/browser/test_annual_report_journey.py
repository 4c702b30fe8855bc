"""Staff read last year's annual summary, edit a point on a phone, download it as a Word file with
their text, and print it from a desktop."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from docx import Document as WordDocument
from playwright.sync_api import expect

from community import roles
from community.models import Community, Street, User
from merit_register.models import Board, Deed
from schools.models import Course, CourseSession, School, StudyPlan
from tests.browser.navigation import PASSWORD, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
DRAFT = (
    "本年度社区功德录收录功德3件，其中社区工作者为居民办实事3件，累计收录3件。"
    "张贴功德榜1张，累计张贴1张。"
)
EDITED = "本年度社区功德录收录了居民身边的好人好事，张贴功德榜，倡导互助互爱、邻里和睦的风气。"


@pytest.fixture
def last_year(migration_data):
    year = timezone.localdate().year - 1
    street = Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    community = Community.objects.create(street=street, name="一村社区居委会")
    staff = User.objects.create_user(
        mobile="13700000010", name="街道管理员", password=PASSWORD, is_staff=True
    )
    staff.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
    StudyPlan.objects.create(
        year=year, title="机关干部学习方案", audience="机关干部", content="学习"
    )
    school = School.objects.create(name="老年艺术学校", slug="senior-arts")
    choir = Course.objects.create(
        school=school, title="老年合唱团", category="arts", capacity=20, status="published"
    )
    for month in (3, 4, 5):
        starts = datetime.datetime(year, month, 6, 9, tzinfo=timezone.get_current_timezone())
        CourseSession.objects.create(
            course=choir, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
        )
    for month in (2, 5, 9):
        Deed.objects.create(
            title="帮邻居修水管",
            story="王师傅为邻居修好了水管。",
            date=datetime.date(year, month, 1),
            category="for_residents",
            community=community,
            status="published",
        )
    Board.objects.create(
        title="一村功德榜",
        issue_number=1,
        community=community,
        status="posted",
        location="宣传栏",
        posted_on=datetime.date(year, 10, 1),
    )
    return year


def test_staff_edit_a_point_on_a_phone_and_download_the_word_file_with_it(
    page, last_year, screenshot, tmp_path
):
    page.set_viewport_size(PHONE)
    log_in(page, "13700000010")
    page.goto(f"/dashboard/{last_year}/summary/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{last_year}年度工作总结")
    expect(page.get_by_text("3、抓载体构筑。")).to_be_visible()
    expect(page.locator("#point-merit")).to_contain_text("本年度社区功德录收录功德3件")
    expect(page.locator("#point-love_class")).to_contain_text("本年度爱心班没有开展辅导活动。")
    screenshot("annual-summary-360")

    page.get_by_role("link", name="编辑文字").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"编辑{last_year}年度工作总结")
    merit = page.get_by_role("textbox", name="3、抓载体构筑")
    expect(merit).to_have_value(DRAFT)
    merit.fill(EDITED)
    page.get_by_role("button", name="保存：3、抓载体构筑").click()
    expect(page.get_by_text("已保存：3、抓载体构筑。")).to_be_visible()
    expect(page.get_by_role("textbox", name="3、抓载体构筑")).to_have_value(EDITED)
    expect(page.locator("#point-merit").get_by_text("已修改")).to_be_visible()
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    screenshot("annual-summary-edit-360")

    page.get_by_role("link", name="返回年度工作总结").click()
    expect(page.locator("#point-merit")).to_contain_text(EDITED)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载Word").click()
    path = tmp_path / "summary.docx"
    download.value.save_as(path)
    texts = [paragraph.text for paragraph in WordDocument(path).paragraphs]
    assert "3、抓载体构筑。" + EDITED in texts
    assert any(text.startswith("一、领导重视") for text in texts)


def test_staff_print_the_summary_from_a_desktop_and_go_back_to_the_draft(
    page, last_year, screenshot
):
    page.set_viewport_size(DESKTOP)
    log_in(page, "13700000010")
    page.goto(f"/dashboard/{last_year}/summary/edit/")
    page.get_by_role("textbox", name="3、抓载体构筑").fill(EDITED)
    page.get_by_role("button", name="保存：3、抓载体构筑").click()
    expect(page.get_by_text("已保存：3、抓载体构筑。")).to_be_visible()
    screenshot("annual-summary-edit-desktop")

    page.get_by_role("link", name="返回年度工作总结").click()
    expect(page.get_by_text("文字经工作人员修改")).to_be_visible()
    screenshot("annual-summary-desktop")
    page.get_by_role("link", name="打印版").click()
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{last_year}年度工作总结")
    expect(page.get_by_text(EDITED)).to_be_visible()
    screenshot("annual-summary-print-desktop")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    screenshot("annual-summary-print-media")
    page.emulate_media(media="screen")

    page.goto(f"/dashboard/{last_year}/summary/edit/")
    page.get_by_role("button", name="恢复生成的稿件：3、抓载体构筑").click()
    expect(page.get_by_text("3、抓载体构筑：已恢复为生成的稿件。")).to_be_visible()
    expect(page.get_by_role("textbox", name="3、抓载体构筑")).to_have_value(DRAFT)


def test_a_future_year_says_it_has_not_begun(page, last_year, screenshot):
    future = timezone.localdate().year + 4
    page.set_viewport_size(PHONE)
    log_in(page, "13700000010")

    page.goto(f"/dashboard/{future}/summary/")

    expect(page.get_by_text(f"{future}年尚未开始。")).to_be_visible()
    screenshot("annual-summary-future-360")
