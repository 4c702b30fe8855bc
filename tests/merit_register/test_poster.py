"""The 功德榜 poster: a red header with the street's name, the deeds with their photos, the
committee's seal area and a captioned QR code."""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.images import process_image
from merit_register.models import Board, DeedPhoto
from tests.merit_register.test_images import jpeg_with_gps


def with_photo(deed, caption=""):
    image = process_image(SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg"))
    return DeedPhoto.objects.create(
        deed=deed, image=image, thumbnail=image.thumbnail, caption=caption
    )


def poster(client, board, **query):
    return client.get(reverse("merit_register:board_poster", args=[board.pk]), query)


def test_the_poster_shows_each_deeds_first_photo_and_no_empty_frame_without_one(
    client, make_deed, make_board, media
):
    pictured, plain = make_deed(title="修水管"), make_deed(title="扫楼道")
    first = with_photo(pictured, caption="王师傅在修水管")
    with_photo(pictured, caption="修好以后")
    board = make_board(deeds=[pictured, plain])

    page = poster(client, board).content.decode()

    assert re.search(
        rf'<img class="poster-photo" src="{re.escape(first.thumbnail.url)}" alt="王师傅在修水管">',
        page,
    )
    assert page.count('class="poster-photo"') == 1  # the first photo only; none for 扫楼道
    assert "修好以后" not in page


def test_the_poster_names_the_street_in_its_red_header_and_says_merit_board_once(
    client, make_deed, make_board, street
):
    board = make_board(deeds=[make_deed()], title="冬季刊")

    page = poster(client, board).content.decode()

    header = re.search(r'<header class="poster-header">(.*?)</header>', page, re.S).group(1)
    assert '<p class="poster-street">测试路街道</p>' in header
    assert "<h1>功德榜 · 冬季刊</h1>" in header
    assert "一村社区居委会" in header and "第1期" in header
    assert header.count("功德榜") == 1


def test_the_poster_has_a_seal_area_over_the_committee_and_the_date_it_went_up(
    client, make_deed, make_board, reviewer
):
    posted = make_board(deeds=[make_deed()], posted_on=datetime.date(2026, 11, 20))
    draft = make_board(deeds=[make_deed()], status=Board.Status.DRAFT, issue_number=2)
    client.force_login(reviewer)  # a draft's poster is printed before it goes up

    for board, date in [(posted, "2026年11月20日"), (draft, "____年__月__日")]:
        page = poster(client, board).content.decode()
        issuer = re.search(r'<div class="poster-issuer">(.*?)</div>\s*</footer>', page, re.S)
        assert '<div class="poster-seal">盖章处</div>' in issuer.group(1)
        assert '<p class="poster-committee">一村社区居委会</p>' in issuer.group(1)
        assert f'<p class="poster-date">{date}</p>' in issuer.group(1)


def test_the_poster_qr_code_has_a_caption_and_leads_to_the_board(client, make_deed, make_board):
    board = make_board(deeds=[make_deed()])

    page = poster(client, board).content.decode()

    qr = reverse("merit_register:board_qr", args=[board.pk])
    scan = re.search(r'<figure class="poster-scan">(.*?)</figure>', page, re.S).group(1)
    assert f'src="{qr}"' in scan
    assert '<figcaption class="poster-qr-caption">扫码查看本期功德榜</figcaption>' in scan


def test_the_poster_prints_on_a3_when_asked(client, make_deed, make_board):
    board = make_board(deeds=[make_deed()])

    assert '<body class="poster poster-a4">' in poster(client, board).content.decode()
    assert '<body class="poster poster-a3">' in poster(client, board, size="a3").content.decode()


def test_the_poster_costs_the_same_queries_for_a_few_or_many_deeds_with_photos(
    client, make_deed, make_board, media, reviewer
):
    client.force_login(reviewer)  # not served from the page cache
    few = make_deed(count=2)
    for deed in few:
        with_photo(deed)
    small = make_board(deeds=few)
    many = make_deed(count=30)
    for deed in many[:5]:
        with_photo(deed)
    large = make_board(deeds=many, issue_number=2)

    with CaptureQueriesContext(connection) as for_few:
        poster(client, small)
    with CaptureQueriesContext(connection) as for_many:
        poster(client, large)

    assert len(for_few) == len(for_many)
