"""What the public sees of a deed: one masking function for every public field, and a search
that finds only what the pages show."""

import pytest
from django.test import Client
from django.urls import reverse

from community.masking import public_text
from merit_register.models import Deed, DeedDoer


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("电话13912345678", "电话***********"),
        ("电话139 1234 5678", "电话***********"),
        ("电话139-1234-5678", "电话***********"),
        ("电话１３９１２３４５６７８", "电话***********"),
        ("2026年5月1日", "2026年5月1日"),  # a date is not a mobile number
    ],
)
def test_mobile_numbers_are_masked_however_they_are_written(raw, shown):
    assert public_text(raw) == shown


def test_a_beneficiarys_given_name_written_alone_is_masked_too():
    shown = public_text("志愿者看望欧阳秀英，秀英老人很高兴。", hiding="欧阳秀英")

    assert shown == "志愿者看望欧**，**老人很高兴。"
    assert "秀英" not in shown


@pytest.fixture
def published(community):
    deed = Deed.objects.create(
        title="为夏淑珍家申请困难补助",
        story="社工帮夏淑珍家办好了补助，淑珍阿姨说谢谢。联系电话139 1234 5678。",
        date="2026-05-01",
        category=Deed.Category.HELPING,
        beneficiary="夏淑珍",
        community=community,
        status=Deed.Status.PUBLISHED,
    )
    DeedDoer.objects.create(deed=deed, name="王小明13812345678")
    return deed


def search(query):
    url = reverse("merit_register:deed_list")
    return Client().get(url, {"q": query}).content.decode()


def test_the_public_search_cannot_confirm_a_masked_beneficiary(published, street):
    assert "困难补助" in search("困难补助")  # what the page shows is found
    for probe in ["淑珍家", "夏淑珍", "淑珍阿姨", "夏淑珍家"]:
        assert "困难补助" not in search(probe), probe


def test_the_public_search_cannot_confirm_a_masked_mobile_number(published, street):
    for probe in ["1391234", "139 1234", "138123", "5678"]:
        assert "困难补助" not in search(probe), probe


def test_public_deed_pages_show_no_mobile_number_and_no_hidden_name(published, street):
    pages = [
        Client().get(reverse("merit_register:deed_list")).content.decode(),
        Client().get(published.get_absolute_url()).content.decode(),
    ]

    for page in pages:
        assert "13812345678" not in page and "1234 5678" not in page
        assert "淑珍" not in page
        assert "王小明" in page
