import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from community.forms import LoginForm
from community.models import Community, Resident, Street, User
from tests.browser.navigation import open_menu

pytestmark = pytest.mark.browser

PASSWORD = "学习型社区-2026"


@pytest.fixture
def committees(transactional_db):
    street = Street.objects.create(name="测试路街道", city="测试市", district="测试区")
    return [
        Community.objects.create(street=street, name=name)
        for name in ("一村社区居委会", "二村社区居委会")
    ]


def test_a_new_resident_registers_logs_out_and_logs_in_again(page, committees, screenshot):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("测试路街道学习型社区")
    screenshot("home-phone")

    open_menu(page)
    page.get_by_role("link", name="注册").click()
    expect(page).to_have_url(re.compile(r"/accounts/register/$"))
    page.get_by_label("手机号").fill("138 1234 5678")
    page.get_by_label("姓名").fill("王秀英")
    page.get_by_label("居委会").select_option(label="二村社区居委会")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()

    # The same answer whether or not the number was registered before: log in next.
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    resident = Resident.objects.select_related("user", "community").get()
    assert resident.user == User.objects.get(mobile="13812345678")
    assert resident.community.name == "二村社区居委会"
    page.get_by_label("手机号").fill("13812345678")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    open_menu(page)
    page.get_by_role("link", name="我的账号").click()
    expect(page.get_by_role("heading", name="我的账号")).to_be_visible()

    open_menu(page)
    page.get_by_role("button", name="退出登录").click()
    open_menu(page)
    expect(page.get_by_role("link", name="登录")).to_be_visible()

    page.get_by_role("link", name="登录").click()
    page.get_by_label("手机号").fill("13812345678")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    open_menu(page)
    page.get_by_role("link", name="我的账号").click()
    expect(page.get_by_text("二村社区居委会")).to_be_visible()


def test_a_wrong_password_is_explained_in_chinese(page, committees):
    User.objects.create_user(mobile="13812345678", name="王秀英", password=PASSWORD)

    page.goto("/accounts/login/")
    page.get_by_label("手机号").fill("13812345678")
    page.get_by_label("密码").fill("不对的密码")
    page.get_by_role("button", name="登录").click()

    with translation.override("zh-hans"):
        expect(page.get_by_text(str(LoginForm.error_messages["invalid_login"]))).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("区分大小写")
