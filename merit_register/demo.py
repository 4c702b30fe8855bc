"""Demo data of the merit register: about 520 deeds over the committees and the last three years
(most published, some waiting for review, a few recommended upward) and about 280 boards."""

import datetime
import random

from django.utils import timezone

from community.demo import person_name
from community.models import Community

from .models import Board, BoardDeed, Deed, DeedDoer

C = Deed.Category

# (category, title, story); {doer} did it, {beneficiary} benefited.
DEEDS = [
    (
        C.FOR_RESIDENTS,
        "上门为独居老人{beneficiary}修好水管",
        "{doer}接到求助后当天上门，为独居老人{beneficiary}更换了漏水的水管。",
    ),
    (
        C.FOR_RESIDENTS,
        "帮助{beneficiary}办理养老待遇手续",
        "{doer}多次陪同行动不便的{beneficiary}往返办事大厅，办妥了养老待遇手续。",
    ),
    (
        C.FOR_RESIDENTS,
        "为{beneficiary}家申请困难补助",
        "{doer}了解到{beneficiary}家生活困难，主动帮助整理材料，申请到困难补助。",
    ),
    (
        C.FOR_RESIDENTS,
        "楼道路灯当天报修当天修好",
        "居民反映楼道路灯损坏，{doer}当天联系物业修好，方便了老人夜间出行。",
    ),
    (
        C.FOR_RESIDENTS,
        "为高龄老人{beneficiary}送餐上门",
        "{doer}坚持每天中午为高龄老人{beneficiary}送餐上门，风雨无阻。",
    ),
    (
        C.FOR_COMMUNITY,
        "自发清理小区绿化带垃圾",
        "{doer}利用周末时间清理小区绿化带里的垃圾，带动邻居一起维护环境。",
    ),
    (C.FOR_COMMUNITY, "义务为居民理发", "{doer}每月第一个周日在活动室义务为老年居民理发。"),
    (C.FOR_COMMUNITY, "捐赠图书充实社区书屋", "{doer}将家中藏书捐给社区书屋，供居民借阅。"),
    (
        C.FOR_COMMUNITY,
        "组织邻里互助修车点",
        "{doer}在小区门口设立便民修车点，免费为居民修理自行车。",
    ),
    (
        C.HELPING,
        "雨夜护送迷路老人{beneficiary}回家",
        "{doer}在雨夜遇到迷路的老人{beneficiary}，一路护送其安全回家。",
    ),
    (
        C.HELPING,
        "照顾生病的邻居{beneficiary}",
        "邻居{beneficiary}生病住院，{doer}主动帮忙照看家中孩子。",
    ),
    (C.BRAVERY, "勇救落水儿童", "{doer}在河边发现有儿童落水，毫不犹豫跳入水中将其救起。"),
    (C.BRAVERY, "及时扑灭楼道火情", "{doer}发现楼道杂物起火，迅速用灭火器扑灭，避免了损失。"),
    (
        C.HONESTY,
        "拾到钱包归还失主{beneficiary}",
        "{doer}在菜场拾到装有现金和证件的钱包，多方寻找后交还失主{beneficiary}。",
    ),
    (C.HONESTY, "多找的零钱如数退还", "{doer}买菜时发现摊主多找了零钱，当即如数退还。"),
    (C.DEDICATION, "坚守岗位十年如一日", "{doer}扎根社区服务工作，十年如一日为居民排忧解难。"),
    (C.DEDICATION, "义务担任楼组长多年", "{doer}多年义务担任楼组长，热心调解邻里纠纷。"),
    (C.FILIAL, "悉心照料瘫痪婆婆十余年", "{doer}十余年如一日悉心照料瘫痪在床的婆婆，邻里称赞。"),
    (C.FILIAL, "三代同堂和睦孝亲", "{doer}一家三代同堂，孝老爱亲，被邻居们传为佳话。"),
]

GROUPS = [
    "景和一村志愿者服务队",
    "春晖社区青年突击队",
    "梅苑睦邻互助组",
    "新华里老党员服务队",
    "社区巾帼志愿队",
]
WORKERS = ["社区工作者张丽", "社区工作者刘建军", "社区民警王强", "居委会主任陈红", "社区工作者赵敏"]
LOCATIONS = ["小区宣传栏", "居委会门口", "社区广场公告栏", "菜场入口", "活动室走廊"]

DEED_COUNT = 520
BOARD_COUNT = 280


def load(progress) -> None:
    rng = random.Random(202611)
    communities = list(Community.objects.order_by("pk"))
    if not communities:
        return
    new_deeds = 0 if Deed.objects.exists() else _deeds(rng, communities)
    progress.step("deeds", new_deeds, Deed.objects.count())
    new_boards = 0 if Board.objects.exists() else _boards(rng, communities)
    progress.step("boards", new_boards, Board.objects.count())


def _deeds(rng, communities) -> int:
    today = timezone.localdate()
    deeds, doer_names = [], []
    for n in range(DEED_COUNT):
        category, title, story = rng.choice(DEEDS)
        doer = rng.choice(GROUPS + WORKERS + [person_name(rng) for _ in range(4)])
        beneficiary = person_name(rng) if "{beneficiary}" in story else ""
        date = today - datetime.timedelta(days=rng.randint(0, 3 * 365))
        if n % 13 == 0:
            status = Deed.Status.SUBMITTED
        elif n % 29 == 0:
            status = Deed.Status.APPROVED
        else:
            status = Deed.Status.PUBLISHED
        published_at = None
        if status == Deed.Status.PUBLISHED:
            moment = datetime.datetime.combine(date, datetime.time(10))
            published_at = timezone.make_aware(moment) + datetime.timedelta(days=rng.randint(1, 20))
        recommended = status == Deed.Status.PUBLISHED and n % 37 == 0
        deeds.append(
            Deed(
                title=title.format(beneficiary=beneficiary),
                story=story.format(doer=doer, beneficiary=beneficiary),
                date=date,
                category=category,
                beneficiary=beneficiary,
                community=communities[n % len(communities)],
                status=status,
                reviewed_at=published_at,
                published_at=published_at,
                recommended_upward=recommended,
                recommended_on=(
                    min(date + datetime.timedelta(days=30), timezone.localdate())
                    if recommended
                    else None
                ),
                recommended_level=rng.choice(["district", "city", "province"])
                if recommended
                else "",
                **(_recommendation_outcome(n) if recommended else {}),
            )
        )
        doer_names.append(doer)
    Deed.objects.bulk_create(deeds, batch_size=500)
    DeedDoer.objects.bulk_create(
        (DeedDoer(deed=deed, name=name) for deed, name in zip(deeds, doer_names, strict=True)),
        batch_size=500,
    )
    return len(deeds)


def _boards(rng, communities) -> int:
    today = timezone.localdate()
    published = {}
    for deed in Deed.objects.published().filter(community__in=communities).order_by("date"):
        published.setdefault(deed.community_id, []).append(deed)
    boards, entries = [], []
    per_community = BOARD_COUNT // len(communities)
    for community in communities:
        pool = published.get(community.pk, [])
        for issue in range(1, per_community + 1):
            posted_on = today - datetime.timedelta(
                days=(per_community - issue) * 1095 // per_community
            )
            # The oldest third has been taken down; the newest issue is still being composed.
            status = Board.Status.TAKEN_DOWN if issue <= per_community // 3 else Board.Status.POSTED
            if issue == per_community:
                status = Board.Status.DRAFT
            board = Board(
                title=f"{community.name.removesuffix('社区居委会')}功德榜",
                issue_number=issue,
                community=community,
                location=rng.choice(LOCATIONS) if status != Board.Status.DRAFT else "",
                posted_on=posted_on if status != Board.Status.DRAFT else None,
                taken_down_on=posted_on + datetime.timedelta(days=30)
                if status == Board.Status.TAKEN_DOWN
                else None,
                period_start=posted_on - datetime.timedelta(days=30),
                period_end=posted_on,
                status=status,
            )
            boards.append(board)
            chosen = rng.sample(pool, min(len(pool), rng.randint(5, 8)))
            entries.append((board, chosen))
    Board.objects.bulk_create(boards, batch_size=500)
    BoardDeed.objects.bulk_create(
        (
            BoardDeed(board=board, deed=deed, position=position)
            for board, chosen in entries
            for position, deed in enumerate(chosen, start=1)
        ),
        batch_size=1000,
    )
    return len(boards)


def load_scale(progress, streets) -> None:
    """Each extra street: about 520 deeds and 280 boards, like the demo street."""
    for n, street in enumerate(streets, start=1):
        communities = list(Community.objects.filter(street=street).order_by("pk"))
        if communities and not Deed.objects.filter(community__in=communities).exists():
            rng = random.Random(street.pk)
            _deeds(rng, communities)
            _boards(rng, communities)
        progress.bar("streets: deeds and boards", n, len(streets))


def _recommendation_outcome(n: int) -> dict:
    """Most recommendations were answered: accepted with an honour, or not; a few still wait."""
    outcome = ["accepted", "accepted", "declined", "pending"][n % 4]
    honour = "区级“好人好事”" if outcome == "accepted" else ""
    return {"recommendation_outcome": outcome, "recommendation_honour": honour}
