"""Demo data of the merit register: five years of the 功德录 (2022 to today), growing year on
year, so that the street has published the "500余件" deeds and posted the "280余张" boards its
report speaks of.

Every deed is a story about someone who could have done it: a story belongs to a kind of doer
(a community worker, a resident, a family, a team) and to a category. Teams have the year they
were founded, so only one ten years old is "十年如一日"; a resident's age fits the story; only a
woman looks after her 婆婆. Time is kept too: a deed is reported after it happened, reviewed after
that, published (or still waiting) by now, recommended upward after it was published; a board
shows only deeds published before it went up, and posting an issue takes down the one before it
at the same place.
"""

import datetime
import math
import random
from dataclasses import dataclass

from django.utils import timezone

from community.demo import STREET, person_name
from community.models import Community, Resident

from .models import Board, BoardDeed, Deed, DeedDoer

C = Deed.Category
HISTORY_FROM = 2022  # as the other apps' demo history
DEED_COUNT = 548  # made per street, over the years; a few are rejected or still in review
PUBLISHED_DEEDS = 526  # of them published: the report's "500余件"
POSTED_BOARDS = 284  # posted (some taken down since): the report's "280余张"
BOARD_COUNT = POSTED_BOARDS + 8  # and, in each of the eight committees, the next issue in draft
GROWTH = 0.8  # deeds and boards come more often with time: from 0.8 to 1.8 times the mean

WORKER, RESIDENT, FAMILY, TEAM = "worker", "resident", "family", "team"


@dataclass(frozen=True)
class Doer:
    """Who may have done a deed: `since` is when a worker began or a team was founded."""

    name: str
    kind: str
    since: int | None = None
    birth_year: int | None = None
    woman: bool = False
    resident_id: int | None = None

    def years_at(self, year: int) -> int | None:
        return None if self.since is None else year - self.since

    def age_at(self, year: int) -> int | None:
        return None if self.birth_year is None else year - self.birth_year


@dataclass(frozen=True)
class Story:
    """A deed's title and story; {doer}, {beneficiary}, {place}, {spot}, {building}, {count},
    {visits} and {years} ("十年" or "十余年", how long the doer has kept at it) are filled in."""

    category: str
    kinds: frozenset[str]
    title: str
    text: str
    min_age: int = 18
    max_age: int = 100
    woman: bool = False

    def fits(self, doer: Doer, year: int) -> bool:
        if doer.kind not in self.kinds or (self.woman and not doer.woman):
            return False
        if "{years}" in self.title + self.text:
            years = doer.years_at(year)
            if years is None or years < 10:
                return False
        age = doer.age_at(year)
        return age is None or self.min_age <= age <= self.max_age


def story(category, kinds, title, text, **limits) -> Story:
    return Story(category, frozenset(kinds), title, text, **limits)


STORIES = [
    # 社区工作者为居民办实事
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "上门为独居老人{beneficiary}修好漏水的水管",
        "{doer}接到独居老人{beneficiary}的求助电话后当天上门，联系维修师傅换好了漏水的水管，"
        "还帮老人检查了家里的燃气灶。",
    ),
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "陪同{beneficiary}办妥养老待遇手续",
        "{doer}了解到{beneficiary}行动不便，多次陪同往返办事大厅，帮助办妥了养老待遇手续。",
    ),
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "帮助{beneficiary}家申请临时困难补助",
        "{doer}走访中得知{beneficiary}家因病致困，主动帮助整理材料，为其申请到临时困难补助。",
    ),
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "{building}楼道路灯当天报修当天修好",
        "居民反映{building}楼道路灯损坏，{doer}当天联系物业修好，方便了老人夜间出行。",
    ),
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "协调解决{building}屋顶漏水难题",
        "{building}顶楼住户反映屋顶漏水，{doer}多次协调物业和维修资金，赶在雨季前完成了屋面修缮。",
    ),
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "每月为高龄老人{beneficiary}代配药品",
        "高龄老人{beneficiary}子女不在身边，{doer}每月帮老人到医院配药，并定期上门测量血压。",
    ),
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "耐心调解邻里漏水纠纷",
        "{building}两户邻居因楼上漏水发生争执，{doer}多次上门耐心调解，最终两家握手言和。",
    ),
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "帮助失业居民{beneficiary}重新就业",
        "{doer}得知{beneficiary}失业后生活困难，主动联系辖区企业，帮其找到了合适的岗位。",
    ),
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "为老年居民开设防诈骗讲座",
        "{doer}针对老年居民容易受骗的情况，在活动室开设防诈骗讲座，并挨家挨户发放提醒卡。",
    ),
    story(
        C.FOR_RESIDENTS,
        [WORKER],
        "协调加装{building}楼道扶手",
        "{building}住着不少高龄老人，{doer}征求全楼住户意见后协调施工，为楼道加装了扶手。",
    ),
    story(
        C.FOR_RESIDENTS,
        [TEAM],
        "为高龄老人{beneficiary}送餐上门",
        "{doer}的队员们轮流为高龄老人{beneficiary}送午餐，风雨无阻，从未间断。",
    ),
    story(
        C.FOR_RESIDENTS,
        [TEAM],
        "上门为行动不便的老人助浴理发",
        "{doer}的队员们每月两次上门，为行动不便的老人{beneficiary}助浴、理发、打扫房间。",
    ),
    # 社区居民为社区办好事
    story(
        C.FOR_COMMUNITY,
        [TEAM],
        "清理{place}卫生死角",
        "{doer}利用周末组织队员清理{place}的卫生死角，清运垃圾二十多袋，环境焕然一新。",
    ),
    story(
        C.FOR_COMMUNITY,
        [TEAM],
        "每晚义务巡逻守护小区平安",
        "{doer}组织队员每晚在小区义务巡逻，提醒居民关好门窗，辖区发案明显减少。",
    ),
    story(
        C.FOR_COMMUNITY,
        [TEAM],
        "在垃圾投放点值守宣传分类",
        "{doer}的队员们在垃圾投放点轮流值守，手把手教居民垃圾分类，分类准确率明显提高。",
    ),
    story(
        C.FOR_COMMUNITY,
        [TEAM],
        "为社区书屋义务值班",
        "{doer}的志愿者每周轮流到社区书屋值班，整理图书、登记借阅，书屋每天都能开门。",
    ),
    story(
        C.FOR_COMMUNITY,
        [RESIDENT],
        "自发清理{place}垃圾",
        "{doer}利用周末时间清理{place}里的垃圾，带动邻居一起维护环境。",
    ),
    story(
        C.FOR_COMMUNITY,
        [RESIDENT],
        "义务为老年居民理发",
        "{doer}每月第一个周日在活动室义务为老年居民理发，已服务{count}人次。",
        min_age=40,
    ),
    story(
        C.FOR_COMMUNITY,
        [RESIDENT, FAMILY],
        "捐赠图书充实社区书屋",
        "{doer}将家中珍藏的{count}册图书捐给社区书屋，供居民借阅。",
    ),
    story(
        C.FOR_COMMUNITY,
        [RESIDENT],
        "在小区门口设立便民修车点",
        "{doer}在小区门口设立便民修车点，免费为居民修理自行车。",
        min_age=30,
    ),
    story(
        C.FOR_COMMUNITY,
        [RESIDENT],
        "义务教老年居民使用智能手机",
        "{doer}在社区学校义务开课，手把手教老年居民用智能手机挂号、缴费、视频通话。",
    ),
    story(
        C.FOR_COMMUNITY,
        [RESIDENT],
        "认养{spot}旁的绿地",
        "{doer}主动认养了{spot}旁的一片绿地，每天浇水除草，还种上了月季。",
        min_age=45,
    ),
    story(
        C.FOR_COMMUNITY,
        [FAMILY],
        "全家参与楼道环境整治",
        "{doer}全家齐上阵，清理{building}楼道堆物、粉刷斑驳的墙面，带动整栋楼的居民一起整治环境。",
    ),
    story(
        C.FOR_COMMUNITY,
        [FAMILY],
        "出资修缮小区健身器材",
        "{doer}出资修缮了小区健身苑点损坏的健身器材，方便邻居们锻炼身体。",
    ),
    # 助人为乐
    story(
        C.HELPING,
        [RESIDENT],
        "雨夜护送迷路老人{beneficiary}回家",
        "{doer}在雨夜遇到迷路的老人{beneficiary}，一路搀扶将其安全送回家中。",
    ),
    story(
        C.HELPING,
        [RESIDENT],
        "照看生病邻居{beneficiary}的孩子",
        "邻居{beneficiary}生病住院，{doer}主动把孩子接到自己家照看了半个月。",
        min_age=25,
    ),
    story(
        C.HELPING,
        [RESIDENT],
        "为重病邻居{beneficiary}发起爱心捐款",
        "邻居{beneficiary}身患重病，{doer}带头捐款并发动楼里居民，为其筹得一笔医疗费用。",
    ),
    story(
        C.HELPING,
        [RESIDENT],
        "坚持为独居老人{beneficiary}送饭",
        "{doer}每天中午为住在同楼的独居老人{beneficiary}送去热饭热菜，还陪老人聊聊天。",
    ),
    story(
        C.HELPING,
        [TEAM],
        "结对帮扶困难家庭",
        "{doer}与困难家庭{beneficiary}家结对，定期上门打扫卫生、送去生活用品。",
    ),
    story(
        C.HELPING,
        [FAMILY],
        "把孤寡老人{beneficiary}当作自家长辈",
        "{doer}把同楼的孤寡老人{beneficiary}当作自家长辈，逢年过节都接老人一起吃团圆饭。",
    ),
    # 见义勇为
    story(
        C.BRAVERY,
        [RESIDENT],
        "勇救落水儿童",
        "{doer}在河边散步时发现有儿童落水，毫不犹豫跳入水中将其救起。",
        max_age=60,
    ),
    story(
        C.BRAVERY,
        [RESIDENT, WORKER],
        "及时扑灭{building}楼道火情",
        "{doer}发现{building}楼道杂物起火，迅速取来灭火器扑灭，避免了火势蔓延。",
        max_age=75,
    ),
    story(
        C.BRAVERY,
        [RESIDENT],
        "协助民警抓获盗窃嫌疑人",
        "{doer}发现有人撬自行车锁，一边报警一边上前阻止，协助民警将嫌疑人抓获。",
        max_age=60,
    ),
    story(
        C.BRAVERY,
        [WORKER],
        "暴雨夜转移危房住户",
        "暴雨中{doer}挨家挨户敲门，协助危房住户连夜转移到安全地带。",
    ),
    # 诚实守信
    story(
        C.HONESTY,
        [RESIDENT],
        "拾到钱包归还失主{beneficiary}",
        "{doer}在菜场拾到装有现金和证件的钱包，多方寻找后交还失主{beneficiary}。",
    ),
    story(
        C.HONESTY,
        [RESIDENT],
        "多找的零钱如数退还",
        "{doer}买菜时发现摊主多找了零钱，当即如数退还。",
    ),
    story(
        C.HONESTY,
        [RESIDENT],
        "拾到手机原地等候失主",
        "{doer}在公交站拾到一部手机，在原地等了一个多小时，交还给失主{beneficiary}。",
    ),
    # 敬业奉献
    story(
        C.DEDICATION,
        [WORKER],
        "扎根社区{years}如一日",
        "{doer}扎根社区服务工作，{years}如一日为居民排忧解难，记下的民情日记有厚厚几大本。",
    ),
    story(
        C.DEDICATION,
        [WORKER],
        "带病坚守防汛一线",
        "{doer}腰伤未愈仍坚持在岗，汛期连续多日守在低洼小区，及时组织疏通排水。",
    ),
    story(
        C.DEDICATION,
        [RESIDENT],
        "义务担任楼组长多年",
        "{doer}义务担任{building}楼组长多年，热心调解邻里纠纷，邻居们有事都愿意找{doer}商量。",
        min_age=45,
    ),
    story(
        C.DEDICATION,
        [TEAM],
        "{doer}{years}坚持义务服务",
        "{doer}成立以来{years}如一日坚持义务服务，累计服务居民{visits}人次。",
    ),
    story(
        C.DEDICATION,
        [TEAM],
        "节假日坚守服务岗位",
        "节假日期间，{doer}的队员们放弃休息，在小区门口值守，帮助居民搬运物品、登记访客。",
    ),
    # 孝老爱亲
    story(
        C.FILIAL,
        [RESIDENT],
        "{years}悉心照料瘫痪在床的老伴",
        "{doer}的老伴瘫痪在床，{doer}{years}如一日端水喂饭、擦身按摩，老伴从未生过褥疮。",
        min_age=55,
    ),
    story(
        C.FILIAL,
        [RESIDENT],
        "{years}悉心照料瘫痪在床的婆婆",
        "{doer}{years}如一日悉心照料瘫痪在床的婆婆，邻里称赞。",
        min_age=40,
        woman=True,
    ),
    story(
        C.FILIAL,
        [RESIDENT],
        "每天陪伴照料年迈的母亲",
        "{doer}的母亲年过九旬，{doer}每天下班后都去陪伴照料，邻居们都说是难得的好儿女。",
        min_age=50,
        max_age=70,
    ),
    story(
        C.FILIAL,
        [FAMILY],
        "三代同堂和睦孝亲",
        "{doer}三代同堂，孝老爱亲，家庭和睦，被邻居们传为佳话。",
    ),
    story(
        C.FILIAL,
        [FAMILY],
        "悉心照顾年过九旬的老人",
        "{doer}几代人互敬互爱，悉心照顾家中年过九旬的老人，被评为社区“和睦家庭”。",
    ),
]
# The programme's two directions are most of the register; the other kinds less often.
CATEGORY_WEIGHTS = {C.FOR_RESIDENTS: 4, C.FOR_COMMUNITY: 4}

# A committee's teams: (name after the committee's short name, year founded).
TEAMS = [
    ("志愿者服务队", 2011),
    ("老党员服务队", 2008),
    ("巾帼志愿队", 2016),
    ("青年突击队", 2021),
    ("睦邻互助组", 2019),
]
WORKER_TITLES = [("居委会主任", 2005, 2012), ("社区工作者", 2010, 2020), ("社区民警", 2008, 2018)]
WOMEN = {  # given names the demo gives only to women
    "秀英",
    "桂英",
    "丽华",
    "淑珍",
    "海燕",
    "玉兰",
    "春梅",
    "美玲",
    "慧敏",
    "雪梅",
    "凤英",
    "翠兰",
    "金凤",
    "红霞",
    "宝珍",
    "秋云",
}
PLACES = ["小区绿化带", "中心花园", "小区北门", "健身广场", "河边步道", "停车棚"]
SPOTS = ["小区北门", "停车棚", "活动室", "健身广场", "居委会"]
LOCATIONS = ["小区宣传栏", "居委会门口", "社区广场公告栏", "菜场入口", "活动室走廊"]
REJECTIONS = [
    "经核实，所述情况与事实有出入。",
    "与已收录的功德重复。",
    "属本职工作中的日常事务，未予收录。",
    "材料不全，多次联系不上报告人。",
]


def load(progress) -> None:
    communities = list(Community.objects.filter(street__name=STREET["name"]).order_by("pk"))
    created = {"deeds": 0, "boards": 0}
    if communities and not Deed.objects.filter(community__in=communities).exists():
        created = _history(random.Random(202611), communities)
    progress.step("deeds", created["deeds"], Deed.objects.filter(community__in=communities).count())
    progress.step(
        "boards", created["boards"], Board.objects.filter(community__in=communities).count()
    )


def load_scale(progress, streets) -> None:
    """Each extra street: the same five years of deeds and boards, told of other people."""
    for n, street in enumerate(streets, start=1):
        communities = list(Community.objects.filter(street=street).order_by("pk"))
        if communities and not Deed.objects.filter(community__in=communities).exists():
            _history(random.Random(street.pk), communities)
        progress.bar("streets: deeds and boards", n, len(streets))


def _history(rng: random.Random, communities: list[Community]) -> dict[str, int]:
    doers = _doers(rng, communities)
    deeds = _deeds(rng, communities, doers)
    boards = _boards(rng, communities, deeds)
    return {"deeds": len(deeds), "boards": boards}


def short_name(community: Community) -> str:
    return community.name.removesuffix("社区居委会").removesuffix("居委会")


def _doers(rng: random.Random, communities: list[Community]) -> dict[int, list[Doer]]:
    """Each committee's workers, teams, residents and families."""
    residents = {}
    for pk, name, birth_year, community_id in (
        Resident.objects.filter(community__in=communities)
        .order_by("pk")
        .values_list("pk", "name", "birth_year", "community_id")
    ):
        residents.setdefault(community_id, []).append((pk, name, birth_year))
    doers = {}
    for community in communities:
        short = short_name(community)
        people = []
        for title, earliest, latest in WORKER_TITLES:
            people.append(
                Doer(title + person_name(rng), WORKER, since=rng.randint(earliest, latest))
            )
        for suffix, founded in rng.sample(TEAMS, 3):
            people.append(Doer(short + suffix, TEAM, since=founded))
        known = residents.get(community.pk) or [
            (None, person_name(rng), rng.randint(1940, 1995)) for _n in range(20)
        ]
        for pk, name, birth_year in rng.sample(known, min(len(known), 16)):
            people.append(
                Doer(
                    name,
                    RESIDENT,
                    since=rng.randint(1995, 2014),  # when they began what they keep doing
                    birth_year=birth_year,
                    woman=name[1:] in WOMEN,
                    resident_id=pk,
                )
            )
        for _pk, name, _born in rng.sample(known, min(len(known), 4)):
            people.append(Doer(f"{name}一家", FAMILY))
        doers[community.pk] = people
    return doers


def spread(count: int, first: datetime.date, last: datetime.date, rng: random.Random):
    """`count` days from `first` to `last`, growing denser with time (by `GROWTH`), in order."""
    span = (last - first).days
    days = []
    for n in range(count):
        share = (n + rng.random()) / count
        # The inverse of the share of a density rising linearly from GROWTH to GROWTH + 1.
        t = -GROWTH + math.sqrt(GROWTH**2 + 2 * share * (GROWTH + 0.5))
        days.append(first + datetime.timedelta(days=round(t * span)))
    return sorted(days)


def years_phrase(years: int) -> str:
    return "十年" if years == 10 else "十余年" if years < 20 else "二十余年"


def _tell(rng: random.Random, doers: list[Doer], date: datetime.date):
    """A story that fits one of the committee's doers that year, and that doer."""
    categories = sorted({s.category for s in STORIES})
    weights = [CATEGORY_WEIGHTS.get(category, 1) for category in categories]
    while True:
        category = rng.choices(categories, weights)[0]
        told = rng.choice([s for s in STORIES if s.category == category])
        fitting = [doer for doer in doers if told.fits(doer, date.year)]
        if fitting:
            return told, rng.choice(fitting)


def _moment(date: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(date, datetime.time(rng.randint(8, 18), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def _deeds(rng: random.Random, communities: list[Community], doers: dict) -> list[Deed]:
    now = timezone.now()
    today = timezone.localdate(now)
    dates = spread(DEED_COUNT, datetime.date(HISTORY_FROM, 1, 1), today, rng)
    deeds, named, reported = [], [], []
    for n, date in enumerate(dates):
        community = communities[rng.randrange(len(communities))]
        told, doer = _tell(rng, doers[community.pk], date)
        beneficiary = person_name(rng) if "{beneficiary}" in told.title + told.text else ""
        years = doer.years_at(date.year)
        values = {
            "doer": doer.name,
            "beneficiary": beneficiary,
            "place": rng.choice(PLACES),
            "spot": rng.choice(SPOTS),
            "building": f"{rng.randint(1, 36)}号楼",
            "count": rng.choice([120, 150, 200, 260, 300, 500]),
            "visits": rng.choice([1200, 2000, 3600, 5000]),
            "years": years_phrase(years) if years is not None else "",
        }
        # Reported a day or two after it happened, reviewed within ten days: if that is still
        # to come, it waits for review; one in three reviewed this week waits to be published.
        submitted = min(_moment(date + datetime.timedelta(days=rng.randint(0, 2)), rng), now)
        reviewed = submitted + datetime.timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 5))
        if reviewed > now:
            status, reviewed = Deed.Status.SUBMITTED, None
        elif reviewed > now - datetime.timedelta(days=7) and n % 3 == 0:
            status = Deed.Status.APPROVED
        else:
            status = Deed.Status.PUBLISHED
        deed = Deed(
            title=told.title.format(**values),
            story=told.text.format(**values),
            date=date,
            category=told.category,
            beneficiary=beneficiary,
            community=community,
            status=status,
            reviewed_at=reviewed,
            published_at=reviewed if status == Deed.Status.PUBLISHED else None,
        )
        deeds.append(deed)
        named.append(doer)
        reported.append(submitted)
    _reject(rng, deeds, now)
    _recommend(deeds, today)
    Deed.objects.bulk_create(deeds, batch_size=500)
    # Creating a deed stamps `submitted_at` with the time of the load: each was reported earlier.
    for deed, submitted in zip(deeds, reported, strict=True):
        deed.submitted_at = submitted
    Deed.objects.bulk_update(deeds, ["submitted_at"], batch_size=500)
    DeedDoer.objects.bulk_create(
        (
            DeedDoer(deed=deed, name=doer.name, resident_id=doer.resident_id)
            for deed, doer in zip(deeds, named, strict=True)
        ),
        batch_size=500,
    )
    return deeds


def _reject(rng: random.Random, deeds: list[Deed], now: datetime.datetime) -> None:
    """Reject enough of the older deeds that `PUBLISHED_DEEDS` are published."""
    published = [d for d in deeds if d.status == Deed.Status.PUBLISHED]
    older = [d for d in published if d.published_at < now - datetime.timedelta(days=60)]
    extra = min(max(0, len(published) - PUBLISHED_DEEDS), len(older))
    for n in range(extra):
        deed = older[n * len(older) // extra]
        deed.status = Deed.Status.REJECTED
        deed.published_at = None
        deed.rejection_reason = rng.choice(REJECTIONS)


def _recommend(deeds: list[Deed], today: datetime.date) -> None:
    """About one published deed in thirty-five is recommended upward, weeks after it was
    published; those recommended more than two months ago have had their answer."""
    published = [d for d in deeds if d.status == Deed.Status.PUBLISHED]
    for n, deed in enumerate(published[::35]):
        recommended_on = timezone.localdate(deed.published_at) + datetime.timedelta(
            days=14 + n % 30
        )
        if recommended_on > today:
            continue
        # One went as far as the province's 新人新事, as the report says the register did.
        level = [Deed.Level.DISTRICT, Deed.Level.DISTRICT, Deed.Level.CITY][n % 3]
        outcome = Deed.Outcome.PENDING
        if recommended_on < today - datetime.timedelta(days=60):
            outcome = Deed.Outcome.DECLINED if n % 4 == 3 else Deed.Outcome.ACCEPTED
            if n == 6:
                level, outcome = Deed.Level.PROVINCE, Deed.Outcome.ACCEPTED
        deed.recommended_upward = True
        deed.recommended_on = recommended_on
        deed.recommended_level = level
        deed.recommendation_outcome = outcome
        if outcome == Deed.Outcome.ACCEPTED:
            deed.recommendation_honour = {
                Deed.Level.DISTRICT: "区级“好人好事”",
                Deed.Level.CITY: "市级“好人好事”",
                Deed.Level.PROVINCE: "省精神文明建设新人新事",
            }[level]


def _boards(rng: random.Random, communities: list[Community], deeds: list[Deed]) -> int:
    """The issues of each committee's board, posted in turn at two places, each taking down the
    issue before it at its place; and the next issue of each, being composed."""
    today = timezone.localdate()
    published = {}
    for deed in sorted(
        (d for d in deeds if d.status == Deed.Status.PUBLISHED), key=lambda d: d.published_at
    ):
        published.setdefault(deed.community_id, []).append(deed)
    days = spread(POSTED_BOARDS, datetime.date(HISTORY_FROM, 4, 1), today, rng)
    posted_on = {community.pk: [] for community in communities}
    for n, day in enumerate(days):
        posted_on[communities[n % len(communities)].pk].append(day)
    boards, entries = [], []
    for community in communities:
        places = rng.sample(LOCATIONS, 2)
        pool = published.get(community.pk, [])
        issues = posted_on[community.pk]
        since = datetime.date(HISTORY_FROM, 1, 1)
        for number, day in enumerate([*issues, None], start=1):
            before = [d for d in pool if timezone.localdate(d.published_at) < (day or today)]
            chosen = [d for d in before if d.date >= since][-rng.randint(5, 8) :]
            if len(chosen) < 4:
                chosen = before[-4:]
            # The issue after next goes up at the same place and takes this one down.
            later = issues[number + 1] if number + 1 < len(issues) else None
            if day is None:
                status = Board.Status.DRAFT
            else:
                status = Board.Status.TAKEN_DOWN if later else Board.Status.POSTED
            board = Board(
                title=f"{short_name(community)}功德榜",
                issue_number=number,
                community=community,
                location=places[number % 2] if day else "",
                posted_on=day,
                taken_down_on=later,
                period_start=min((d.date for d in chosen), default=since),
                period_end=(day or today) - datetime.timedelta(days=1),
                status=status,
            )
            boards.append(board)
            entries.append((board, chosen))
            since = day or since
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
