import datetime

import pytest
from django.contrib.auth.models import Group

from community import roles
from merit_register.models import Board, BoardDeed, Deed, DeedDoer


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to a folder of the test's own, to be looked into."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def make_deed(community):
    def make(count=1, status=Deed.Status.PUBLISHED, **fields):
        defaults = {
            "title": "上门为独居老人张桂英修好水管",
            "story": "王师傅为独居老人张桂英修好了水管，她的电话是13912345678。",
            "date": datetime.date(2026, 5, 1),
            "category": Deed.Category.FOR_RESIDENTS,
            "beneficiary": "张桂英",
            "community": community,
            "status": status,
        }
        defaults.update(fields)
        deeds = Deed.objects.bulk_create(Deed(**defaults) for _ in range(count))
        DeedDoer.objects.bulk_create(DeedDoer(deed=d, name="王师傅") for d in deeds)
        return deeds[0] if count == 1 else deeds

    return make


@pytest.fixture
def reviewer(make_user):
    user = make_user(mobile="13700000003", name="审核员甲", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.MERIT_REVIEWER))
    return user


@pytest.fixture
def make_board(community):
    def make(deeds=(), status=Board.Status.POSTED, issue_number=1, **fields):
        defaults = {
            "title": "一村功德榜",
            "community": community,
            "issue_number": issue_number,
            "status": status,
            "location": "小区宣传栏" if status != Board.Status.DRAFT else "",
            "posted_on": datetime.date(2026, 6, 1) if status != Board.Status.DRAFT else None,
        }
        defaults.update(fields)
        board = Board.objects.create(**defaults)
        BoardDeed.objects.bulk_create(
            BoardDeed(board=board, deed=deed, position=n) for n, deed in enumerate(deeds, 1)
        )
        return board

    return make
