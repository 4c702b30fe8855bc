import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from community import roles
from community.models import Community, Street, User
from tests.browser.navigation import log_in
from volunteers.models import Child, Station, Subject, TutoringSession

pytestmark = pytest.mark.browser

PASSWORD = "学习型社区-2026"


@pytest.fixture
def station(migration_data):
    street = Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    community = Community.objects.create(street=street, name="一村社区居委会")
    station = Station.objects.create(name="景和爱心驿站", community=community)
    coordinator = User.objects.create_user(
        mobile="13700000005", name="驿站负责人", password=PASSWORD, is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=roles.STATION_COORDINATOR))
    station.coordinators.add(coordinator)
    User.objects.create_user(mobile="13812345678", name="张同学", password=PASSWORD)
    child = Child.objects.create(
        station=station,
        name="刘小军",
        gender="boy",
        grade="四年级",
        guardian_name="刘华军",
        guardian_relation="父亲",
        guardian_mobile="13900001111",
        family_circumstances="父亲残疾。",
        consent_given_on=datetime.date(2026, 3, 1),
        consent_guardian_name="刘华军",
        consent_text_version="2026-01",
    )
    child.subjects.add(Subject.objects.get(code="maths"))
    TutoringSession.objects.create(
        station=station, date=timezone.localdate() + datetime.timedelta(days=4), capacity=5
    )
    return station


def test_a_volunteer_from_application_to_a_verified_certificate(page, station):
    log_in(page, "13812345678")
    page.goto("/aixinban/apply/")
    page.get_by_label("姓名").fill("张同学")
    page.get_by_label("学校").fill("江城大学")
    page.get_by_label("专业").fill("数学与应用数学")
    page.get_by_label("学号").fill("20240001")
    page.get_by_label("手机号").fill("13812345678")
    page.get_by_label("数学").check()
    page.get_by_label("我接受儿童保护承诺").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("等待驿站负责人审核").first).to_be_visible()

    log_in(page, "13700000005")
    page.goto("/admin/volunteers/volunteer/")
    page.get_by_role("checkbox", name="选择此对象执行操作 - 张同学").check()
    page.get_by_label("动作").select_option(label="审核通过所选志愿者")
    page.get_by_role("button", name="运行").click()
    expect(page.get_by_text("已审核通过1人。")).to_be_visible()

    log_in(page, "13812345678")
    page.goto("/aixinban/saturdays/")
    page.get_by_role("button", name="报名").click()
    expect(page.get_by_text("报名成功，感谢您的付出！")).to_be_visible()

    session = TutoringSession.objects.get()
    log_in(page, "13700000005")
    page.goto(f"/staff/aixinban/sessions/{session.pk}/pairing/")
    expect(page.get_by_label("刘小军的辅导志愿者")).to_have_value(
        str(User.objects.get(mobile="13812345678").volunteer.pk)
    )
    page.get_by_role("button", name="保存结对").click()
    expect(page.get_by_text("已保存1对结对。")).to_be_visible()
    # The Saturday comes and goes.
    TutoringSession.objects.filter(pk=session.pk).update(date=timezone.localdate())
    page.goto(f"/staff/aixinban/sessions/{session.pk}/")
    page.get_by_label("张同学").check()
    page.get_by_role("button", name="保存签到").click()
    expect(page.get_by_text("考勤已保存")).to_be_visible()

    log_in(page, "13812345678")
    page.goto("/aixinban/my/")
    pairing = page.locator(".pairing")
    expect(pairing).to_contain_text("刘同学")
    expect(pairing).to_contain_text("四年级")
    expect(page.locator("main")).not_to_contain_text("刘小军")
    expect(page.locator("main")).not_to_contain_text("父亲残疾")
    page.get_by_label("辅导内容").fill("讲解了分数的加减法。")
    page.get_by_role("button", name="保存记录").click()
    expect(page.get_by_text("辅导记录已保存。")).to_be_visible()

    page.goto("/aixinban/hours/")
    page.get_by_role("button", name="打印志愿服务证明").click()
    code = page.locator(".certificate-code").inner_text()
    page.context.clear_cookies()
    page.goto(f"/verify/{code}/")
    expect(page.get_by_text("该证明真实有效。")).to_be_visible()
    expect(page.locator(".verified")).to_contain_text("张同学")
    expect(page.locator(".verified")).to_contain_text("2.5")
