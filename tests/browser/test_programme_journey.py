import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from community import roles
from community.models import Street, User
from schools.models import Cadre, CentralGroupStudy, ReadingNote, StudyPlan
from tests.browser.navigation import log_in

pytestmark = pytest.mark.browser

PASSWORD = "学习型社区-2026"


@pytest.fixture
def people(migration_data):
    Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    staff = User.objects.create_user(
        mobile="13700000010", name="街道管理员", password=PASSWORD, is_staff=True
    )
    staff.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
    user = User.objects.create_user(mobile="13700000012", name="干部甲", password=PASSWORD)
    Cadre.objects.create(name="干部甲", department="党政办", user=user)
    CentralGroupStudy.objects.create(
        date=timezone.localdate() - datetime.timedelta(days=10), topic="依法行政", mode="self"
    )
    # Last year has data, so it has a summary to read.
    StudyPlan.objects.create(
        year=timezone.localdate().year - 1, title="学习计划", audience="机关干部", content="学习"
    )


def test_staff_read_the_dashboard_and_last_years_summary_and_a_cadre_hands_in_a_note(
    page, people, tmp_path
):
    last_year = timezone.localdate().year - 1
    log_in(page, "13700000010")
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("数据看板")
    expect(page.locator("svg.chart").first).to_be_visible()

    page.get_by_role("link", name=f"← {last_year}年").click()
    page.get_by_role("link", name=f"{last_year}年度工作总结").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{last_year}年度工作总结")
    expect(
        page.get_by_role("heading", name="一、领导重视，组织有力，建立完善的学习体系")
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载Excel").click()
    path = tmp_path / "summary.xlsx"
    download.value.save_as(path)
    assert len(load_workbook(path).sheetnames) == 3

    log_in(page, "13700000012")
    page.goto("/cadre/")
    page.get_by_label("学习").select_option(label=CentralGroupStudy.objects.get().__str__())
    page.get_by_label("读书笔记").fill("学习依法行政的体会：依法办事，服务群众。")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_text("读书笔记已提交。")).to_be_visible()
    assert ReadingNote.objects.get().cadre.name == "干部甲"
