"""A resident reports a deed with a photo on a small phone; a reviewer sees it, publishes it and
puts it on a board, and the poster shows the photo on screen and printed on A4 and A3."""

import re
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from PIL import Image
from playwright.sync_api import expect

from merit_register.models import Board, Deed
from tests.browser.conftest import SCREENSHOTS
from tests.browser.navigation import log_in
from tests.browser.test_merit_journey import people  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 780}


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The live server serves the uploads too, as `make run` does.
urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), path("", include("community.urls"))]


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = __name__
    return settings.MEDIA_ROOT


def a_photo(folder) -> str:
    """A phone photo: a warm scene with a bright block, enough to recognise on the poster."""
    image = Image.new("RGB", (1200, 900), (70, 110, 160))
    image.paste((230, 180, 60), (300, 250, 900, 700))
    buffer = BytesIO()
    image.save(buffer, "JPEG")
    path = folder / "修水管.jpg"
    path.write_bytes(buffer.getvalue())
    return str(path)


def sideways_scroll(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_a_reported_photo_reaches_the_printed_poster(page, people, uploads, tmp_path, screenshot):  # noqa: F811
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, "13812345678")
    page.goto("/merit/report/")
    page.get_by_label("标题").fill("帮独居老人修好水管")
    page.get_by_label("发生日期").fill("2026-11-01")
    page.get_by_label("类型").select_option(label="为居民办实事")
    page.get_by_label("居委会").select_option(label="一村社区居委会")
    page.get_by_label("受助人").fill("张桂英")
    page.get_by_label("事迹").fill("楼下王师傅冒雨为独居老人张桂英修好了漏水的水管，没收一分钱。")
    page.get_by_label("做好事的人").fill("王师傅")
    page.get_by_label("照片", exact=True).set_input_files(a_photo(tmp_path))
    assert sideways_scroll(page) <= 0
    screenshot("merit-report-with-photo-360")
    page.get_by_role("button", name="提交审核").click()

    expect(page.get_by_text("正在等待审核")).to_be_visible()
    deed = Deed.objects.get()
    assert deed.photos.count() == 1

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "13700000003")
    page.goto(f"/admin/merit_register/deed/{deed.pk}/change/")
    preview = page.locator(".inline-group img").first
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.naturalWidth") > 0
    screenshot("merit-admin-deed-photo")
    for action, done in (("审核通过所选功德", "已审核通过1条。"), ("公布所选功德", "已公布1条。")):
        page.goto("/admin/merit_register/deed/")
        page.get_by_role("checkbox", name="选择此对象执行操作 - 帮独居老人修好水管").check()
        page.get_by_label("动作").select_option(label=action)
        page.get_by_role("button", name="运行").click()
        expect(page.get_by_text(done)).to_be_visible()

    board = Board.objects.get()
    page.goto(f"/staff/merit/boards/{board.pk}/compose/")
    page.get_by_label("帮独居老人修好水管").check()
    page.get_by_role("button", name="保存上榜功德").click()
    expect(page.get_by_text("已选入1条功德。")).to_be_visible()

    page.set_viewport_size(SMALL_PHONE)
    page.goto(f"/merit/boards/{board.pk}/poster/")
    photo = page.locator("img.poster-photo")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    expect(page.locator(".poster-street")).to_have_text("测试路街道")
    expect(page.locator(".poster-qr-caption")).to_have_text("扫码查看本期功德榜")
    expect(page.locator(".poster-seal")).to_have_text("盖章处")
    expect(page.locator(".poster-deeds")).not_to_contain_text("张桂英")
    assert sideways_scroll(page) <= 0
    screenshot("merit-poster-360")

    page.emulate_media(media="print")
    for size, width, (paper_w, paper_h) in (("a4", 794, (595, 842)), ("a3", 1123, (842, 1191))):
        page.set_viewport_size({"width": width, "height": 1000})
        page.goto(f"/merit/boards/{board.pk}/poster/?size={size}")
        expect(page.locator("img.poster-photo")).to_be_visible()
        page.wait_for_load_state("networkidle")
        screenshot(f"merit-poster-{size}-print")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        (SCREENSHOTS / f"merit-poster-{size}.pdf").write_bytes(pdf)
        boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
        assert boxes and all(
            abs(float(w) - paper_w) < 2 and abs(float(h) - paper_h) < 2 for w, h in boxes
        ), boxes
        assert len(boxes) == 1  # one deed fits on one sheet
