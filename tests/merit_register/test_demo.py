"""The 功德录's demo history: the report's "500余件" deeds and "280余张" boards over five years,
nothing in the future, and each story told of someone who could have done it."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import demo as community_demo
from community.demo import Progress
from community.models import Community, Resident, Street
from merit_register import demo
from merit_register.models import Board, BoardDeed, Deed, DeedDoer

YEARS = range(2022, 2027)  # the report's five years; later years are the demo's own
# Phrases a team cannot have done: a person's own family, or a person's own hands.
PERSON_ONLY = ["婆婆", "老伴", "母亲", "三代同堂", "几代人", "跳入水中", "拾到", "买菜时", "一家"]
# What only years of it can earn.
LONG_SERVICE = ["年如一日", "多年"]


@pytest.fixture
def register(db):
    """The street, its committees and residents, and the register's history (the rest of the
    demo is not needed here)."""
    progress = Progress(OutputWrapper(io.StringIO()))
    community_demo.load(progress)
    demo.load(progress)


@pytest.mark.django_db
def test_after_load_demo_the_home_page_shows_the_reports_500_deeds_and_280_boards():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Deed.objects.count(), Board.objects.count(), BoardDeed.objects.count())
    call_command("load_demo", stdout=io.StringIO())

    assert (Deed.objects.count(), Board.objects.count(), BoardDeed.objects.count()) == counts
    assert 500 <= Deed.objects.published().count() <= 549
    assert 280 <= Board.objects.public().count() <= 289
    page = Client().get(reverse("home")).content.decode()
    deeds, boards = Deed.objects.published().count(), Board.objects.public().count()
    assert re.search(rf">\s*{deeds}\s*<", page) and re.search(rf">\s*{boards}\s*<", page)


def test_every_year_since_2022_has_deeds_and_boards_and_more_each_year(register):
    deeds = Counter(Deed.objects.published().values_list("date__year", flat=True))
    boards = Counter(Board.objects.public().values_list("posted_on__year", flat=True))

    assert set(deeds) >= set(YEARS) and set(boards) >= set(YEARS)
    assert min(deeds) == min(boards) == 2022
    whole_years = [year for year in YEARS if year < timezone.localdate().year]
    for earlier, later in zip(whole_years, whole_years[1:], strict=False):
        assert deeds[earlier] < deeds[later] and boards[earlier] < boards[later]


def test_nothing_is_recorded_before_it_happened(register):
    now, today = timezone.now(), timezone.localdate()

    assert not Deed.objects.filter(date__gt=today).exists()
    for field in ("submitted_at", "reviewed_at", "published_at"):
        assert not Deed.objects.filter(**{f"{field}__gt": now}).exists(), field
    assert not Board.objects.filter(posted_on__gt=today).exists()
    assert not Board.objects.filter(taken_down_on__gt=today).exists()
    # Reported after it happened, reviewed after it was reported, recommended after publication.
    for deed in Deed.objects.all():
        assert timezone.localdate(deed.submitted_at) >= deed.date, deed.pk
        assert deed.reviewed_at is None or deed.reviewed_at > deed.submitted_at
        if deed.recommended_upward:
            assert deed.recommended_on > timezone.localdate(deed.published_at)
    # A board shows deeds published before it went up, and came down when the next went up.
    assert not BoardDeed.objects.filter(
        board__posted_on__isnull=False, deed__published_at__date__gte=F("board__posted_on")
    ).exists()
    assert not BoardDeed.objects.exclude(deed__status=Deed.Status.PUBLISHED).exists()
    for board in Board.objects.filter(status=Board.Status.TAKEN_DOWN):
        successor = Board.objects.get(
            community=board.community, location=board.location, posted_on=board.taken_down_on
        )
        assert successor.issue_number > board.issue_number
        assert board in Board.objects.replaced_by(successor)


def test_only_the_newest_deeds_wait_for_review_and_a_rejected_one_says_why(register):
    recent = timezone.now() - datetime.timedelta(days=30)

    assert not Deed.objects.awaiting_review().filter(submitted_at__lt=recent).exists()
    assert not Deed.objects.filter(status=Deed.Status.APPROVED, reviewed_at__lt=recent).exists()
    assert not Deed.objects.filter(status=Deed.Status.REJECTED, rejection_reason="").exists()


def test_a_story_fits_who_did_it(register):
    doers = DeedDoer.objects.select_related("deed")
    teams = [d for d in doers if d.name.endswith(("队", "组"))]
    young = [d for d in teams if d.name.endswith("青年突击队")]

    assert teams and young
    for doer in teams:
        told = doer.deed.title + doer.deed.story
        assert not any(phrase in told for phrase in PERSON_ONLY), told
    for doer in young:
        told = doer.deed.title + doer.deed.story
        assert not any(phrase in told for phrase in LONG_SERVICE), told
    for doer in doers.filter(deed__story__contains="婆婆"):
        assert doer.name[1:] in demo.WOMEN, doer.deed.story
    for doer in doers.filter(name__endswith="一家"):
        assert "跳入水中" not in doer.deed.story and "老伴" not in doer.deed.story
    # 为居民办实事 is the community workers' (and their service teams'), as the report says.
    workers = ("居委会主任", "社区工作者", "社区民警")
    for doer in doers.filter(deed__category=Deed.Category.FOR_RESIDENTS):
        assert doer.name.startswith(workers) or doer in teams, doer.deed.story


def test_a_resident_who_did_a_deed_is_the_committees_own(register):
    linked = DeedDoer.objects.filter(resident__isnull=False).select_related("resident", "deed")

    assert linked.exists()
    for doer in linked:
        assert doer.resident.community_id == doer.deed.community_id
        assert doer.name == doer.resident.name  # found by searching for the name


def test_the_stories_repeat_less_than_the_walkthrough_saw(register):
    stories = Counter(Deed.objects.values_list("story", flat=True))

    assert stories.most_common(1)[0][1] <= 10


def test_each_extra_street_has_the_same_history(register):
    other = Street.objects.create(name="第2路街道", city="江城市", district="东湖区")
    Community.objects.bulk_create(
        Community(street=other, name=name) for name, _address, _phone in community_demo.COMMUNITIES
    )
    Resident.objects.bulk_create(
        Resident(name=f"居民{n}", community=community, birth_year=1970)
        for n, community in enumerate(Community.objects.filter(street=other))
    )
    progress = Progress(OutputWrapper(io.StringIO()))

    demo.load_scale(progress, [other])
    demo.load_scale(progress, [other])

    deeds = Deed.objects.filter(community__street=other)
    boards = Board.objects.filter(community__street=other)
    assert deeds.count() == demo.DEED_COUNT and boards.count() == demo.BOARD_COUNT
    assert 500 <= deeds.published().count() <= 549 and 280 <= boards.public().count() <= 289
