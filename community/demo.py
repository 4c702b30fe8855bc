"""Demo data of the core: one street, its eight residents' committees and their residents, and
the showcase: exemplars with works (pictures drawn here with Pillow), honours, newsletters.

Names are invented; the programme document anonymises its places, so the street has an
"xx路街道"-style neutral name.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group

from . import roles
from .models import Community, Resident, Street, User

STREET = {
    "name": "景和路街道",
    "city": "江城市",
    "district": "东湖区",
    "address": "江城市东湖区景和路18号",
    "introduction": (
        "景和路街道依托社区内各级各类学校和科普中心等教育阵地，建立了21所社区学校，"
        "开展“学习的家、快乐的家”活动，开办“爱心班”，设立社区“功德录”，"
        "为各类社会成员提供多层次、多样化的教育服务，完善终身教育体系。"
    ),
}

COMMUNITIES = [
    ("景和一村社区居委会", "景和路102弄", "021-6001-0101"),
    ("景和二村社区居委会", "景和路230弄", "021-6001-0102"),
    ("春晖社区居委会", "春晖路15号", "021-6001-0103"),
    ("青园社区居委会", "青园路66号", "021-6001-0104"),
    ("梅苑社区居委会", "梅苑路8号", "021-6001-0105"),
    ("柳岸社区居委会", "柳岸路41号", "021-6001-0106"),
    ("新华里社区居委会", "新华路77弄", "021-6001-0107"),
    ("东篱社区居委会", "东篱路3号", "021-6001-0108"),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏方白邹孟熊秦江薛段雷侯龙史陶贺顾毛郝"
    "龚邵钱严武戴孔汤"
)
GIVEN_NAMES = [
    "建国",
    "秀英",
    "桂英",
    "志明",
    "丽华",
    "淑珍",
    "海燕",
    "文杰",
    "晓东",
    "玉兰",
    "德明",
    "春梅",
    "国强",
    "美玲",
    "振华",
    "慧敏",
    "永康",
    "雪梅",
    "立新",
    "凤英",
    "家豪",
    "子涵",
    "思远",
    "欣怡",
    "宏伟",
    "翠兰",
    "金凤",
    "俊杰",
    "婉清",
    "明辉",
    "佩琳",
    "卫东",
    "秋云",
    "建军",
    "红霞",
    "天佑",
    "若曦",
    "长青",
    "宝珍",
    "晨阳",
]

RESIDENTS_PER_COMMUNITY = 30

DEMO_ADMIN_MOBILE = "13900000000"  # the superuser made by `manage.py ensure_demo_admin`
DEMO_SCHOOL_MANAGER_MOBILE = "13900000002"
DEMO_COORDINATOR_MOBILE = "13900000003"
DEMO_REVIEWER_MOBILE = "13900000004"
DEMO_CADRE_MOBILE = "13900000005"


@dataclass(frozen=True)
class DemoLogin:
    mobile: str
    name: str
    role: str  # a role group, or "" for a login that is not staff


# A login to try each role with (README, "Demo logins"). They are made without a password;
# `manage.py ensure_demo_admin` gives them the demo admin's. The apps' demo modules give each its
# work: the school manager 书画学校 and 老年艺术学校, the coordinator 景和爱心驿站, the cadre login
# a cadre of the central group.
DEMO_LOGINS = [
    DemoLogin(DEMO_SCHOOL_MANAGER_MOBILE, "演示学校管理员", roles.SCHOOL_MANAGER),
    DemoLogin(DEMO_COORDINATOR_MOBILE, "演示驿站负责人", roles.STATION_COORDINATOR),
    DemoLogin(DEMO_REVIEWER_MOBILE, "演示功德录审核员", roles.MERIT_REVIEWER),
    DemoLogin(DEMO_CADRE_MOBILE, "演示干部", ""),
]


class Progress:
    """Prints one line per step of a long job, with counts, and a bar for the long loops."""

    WIDTH = 30

    def __init__(self, stdout):
        self.stdout = stdout

    def step(self, label: str, created: int, total: int) -> None:
        self.stdout.write(f"  {label}: {created} new, {total} in all")

    def bar(self, label: str, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        line = f"\r  {label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}"
        self.stdout.write(line, ending="\n" if done >= total else "")
        self.stdout.flush()


# What 老同志之友 is about, by the month of its issue.
NEWSLETTER_TOPICS = {
    1: [
        "冬季养生保健常识：防寒保暖与心脑血管保健",
        "春节期间的饮食与作息",
        "冬季防跌倒、防煤气中毒",
    ],
    3: ["春季饮食调养与踏青注意事项", "常见慢性病的预防", "春季过敏与呼吸道疾病预防"],
    5: ["老年人合理用药", "防范电信诈骗：老年人要当心的骗局", "初夏养心：心理健康与快乐生活"],
    7: ["夏季防暑降温小知识", "夏季饮食卫生与肠道健康", "高温天气下的慢性病管理"],
    9: ["秋季养肺与润燥", "重阳敬老：社区为老服务一览", "秋季进补有讲究"],
    11: ["冬季流感与肺炎疫苗接种", "防跌倒小知识", "冬季居家安全：用电用气提醒"],
}

# What the exemplars' calligraphy and paintings are called.
WORK_TITLES = {
    "calligraphy": [
        "宁静致远",
        "厚德载物",
        "学无止境",
        "自强不息",
        "天道酬勤",
        "和谐家园",
        "书香社区",
        "海纳百川",
        "业精于勤",
        "上善若水",
    ],
    "painting": [
        "春江水暖",
        "雨后荷塘",
        "梅兰竹菊",
        "社区新貌",
        "松鹤延年",
        "山居秋暝",
        "牡丹富贵",
        "渔舟唱晚",
        "金秋硕果",
        "江南春色",
    ],
}


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def demo_mobile(prefix: str, number: int) -> str:
    """A stable, well-formed mainland number for demo person `number` of a series."""
    return f"{prefix}{number:0{11 - len(prefix)}d}"


def load(progress: Progress) -> None:
    street, street_created = Street.objects.get_or_create(name=STREET["name"], defaults=STREET)
    progress.step("street", int(street_created), 1)

    created = 0
    communities = []
    for name, address, phone in COMMUNITIES:
        community, was_created = Community.objects.get_or_create(
            street=street, name=name, defaults={"address": address, "phone": phone}
        )
        communities.append(community)
        created += was_created
    progress.step("residents' committees", created, len(communities))

    rng = random.Random(20260101)
    wanted = []
    for index in range(RESIDENTS_PER_COMMUNITY * len(communities)):
        wanted.append(
            Resident(
                name=person_name(rng),
                mobile=demo_mobile("1380", index + 1),
                community=communities[index % len(communities)],
                birth_year=rng.randint(1938, 2004),
            )
        )
    existing = set(
        Resident.objects.filter(mobile__in=[r.mobile for r in wanted]).values_list(
            "mobile", flat=True
        )
    )
    new = [r for r in wanted if r.mobile not in existing]
    Resident.objects.bulk_create(new, batch_size=500)
    progress.step("residents", len(new), len(wanted))
    load_demo_logins(progress)
    load_showcase(progress)


def load_demo_logins(progress: Progress) -> None:
    created = 0
    for demo in DEMO_LOGINS:
        user, was_created = User.objects.get_or_create(
            mobile=demo.mobile, defaults={"name": demo.name, "is_staff": bool(demo.role)}
        )
        if was_created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            if demo.role:
                user.groups.add(Group.objects.get(name=demo.role))
        created += was_created
    progress.step("demo logins", created, len(DEMO_LOGINS))


EXEMPLARS = [
    (
        "胡大顺",
        "retired_cadre",
        "书画队离休干部，十几年如一日坚持愉快学习、愉快生活，老年大学毕业后又继续研究生的学习，"
        "作品多次参加全国及省市书画联展。",
    ),
    (
        "陈蓉珍一家",
        "household",
        "中华中学退休教师陈蓉珍常年坚持读书，并带动全家一起学习，被评为“读书状元户”。",
    ),
    ("贝家骏", "retired_cadre", "街道退休干部，自编《老同志之友》专刊，介绍养生保健及医疗常识。"),
    ("何媛媛", "child", "少儿书法爱好者，多次在全国及省市少儿书法大赛中获得金奖。"),
    ("顾玥", "child", "少儿书法爱好者，多次在少儿书法大赛中获得银奖。"),
]

HONOURS = [
    ("红旗党校", "street", "街道党校", "city", "市委组织部"),
    ("先进基层党校", "street", "街道党校", "province", "省委组织部"),
    ("读书状元户", "household", "陈蓉珍一家", "city", "市文明办"),
    ("少儿书法大赛金奖", "person", "何媛媛", "national", "全国少儿书法大赛组委会"),
    ("少儿书法大赛银奖", "person", "顾玥", "province", "省少儿书法大赛组委会"),
    ("精神文明建设新人新事", "street", "社区功德录", "province", "省精神文明建设委员会"),
]


def demo_artwork(rng: random.Random, kind: str):
    """A picture made here with Pillow: ink strokes on paper, no downloaded image."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), (245, 238, 220))
    draw = ImageDraw.Draw(image)
    ink = (30, 30, 30) if kind == "calligraphy" else tuple(rng.randint(40, 200) for _ in range(3))
    for _stroke in range(rng.randint(12, 24)):
        x, y = rng.randint(60, 540), rng.randint(60, 740)
        draw.line(
            [(x, y), (x + rng.randint(-80, 80), y + rng.randint(-60, 120))],
            fill=ink,
            width=rng.randint(6, 18),
        )
    draw.rectangle([(500, 700), (560, 760)], outline=(180, 30, 30), width=6)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"{kind}.jpg", buffer.getvalue(), content_type="image/jpeg")


def load_showcase(progress: Progress) -> None:
    from django.utils import timezone

    from .images import process_image
    from .models import Exemplar, Honour, NewsletterIssue, Work

    if Exemplar.objects.exists():
        progress.step("exemplars", 0, Exemplar.objects.count())
        return
    rng = random.Random(20)
    this_year = timezone.localdate().year
    people = list(EXEMPLARS)
    while len(people) < 20:
        kind = rng.choice(["child", "retired_cadre", "resident", "household"])
        name = person_name(rng) + ("一家" if kind == "household" else "")
        people.append(
            (name, kind, f"{name}常年坚持学习，积极参加社区学校的课程，带动身边的人一起学习。")
        )
    for n, (name, kind, story) in enumerate(people):
        exemplar = Exemplar.objects.create(name=name, kind=kind, story=story)
        for m in range(1 + n % 2):
            work_kind = "calligraphy" if (n + m) % 2 == 0 else "painting"
            image = process_image(demo_artwork(rng, work_kind))
            Work.objects.create(
                exemplar=exemplar,
                title=WORK_TITLES[work_kind][(n + m) % len(WORK_TITLES[work_kind])],
                kind=work_kind,
                year=this_year - rng.randint(0, 3),
                exhibited_at=rng.choice(["", "全国书画联展", "市老年书画展", "社区作品展示"]),
                image=image,
                thumbnail=image.thumbnail,
            )
    for title, holder_kind, holder, level, body in HONOURS:
        Honour.objects.create(
            title=title,
            holder_kind=holder_kind,
            holder_name=holder,
            level=level,
            year=this_year - rng.randint(0, 2),
            awarded_by=body,
        )
    # 老同志之友 every second month since 2022, on what the season asks for; numbered on.
    today = timezone.localdate()
    number = 0
    for year in range(2022, this_year + 1):
        for month in (1, 3, 5, 7, 9, 11):
            day = datetime.date(year, month, 10)
            if day > today:
                break
            number += 1
            topics = NEWSLETTER_TOPICS[month]
            NewsletterIssue.objects.create(
                newsletter="老同志之友",
                number=number,
                date=day,
                summary=topics[(year - 2022) % len(topics)],
            )
    progress.step("exemplars", len(people), len(people))


SCALE_RESIDENTS_PER_STREET = 2000


def street_name(index: int) -> str:
    """A neutral, unique name for the index-th street of a district (1 is the demo street)."""
    return f"第{index}路街道"


def load_scale(progress: Progress, streets: list[Street]) -> None:
    """The core's share of a district: for each extra street, 8 committees and 2000 residents."""
    rng = random.Random(50)
    for n, street in enumerate(streets, start=1):
        if not street.communities.exists():
            communities = Community.objects.bulk_create(
                Community(street=street, name=name, address=address)
                for name, address, _phone in COMMUNITIES
            )
            Resident.objects.bulk_create(
                (
                    Resident(
                        name=person_name(rng),
                        mobile=f"15{street.pk:03d}{k:06d}",
                        community=communities[k % len(communities)],
                        birth_year=rng.randint(1938, 2004),
                    )
                    for k in range(SCALE_RESIDENTS_PER_STREET)
                ),
                batch_size=5000,
            )
        progress.bar("streets: committees and residents", n, len(streets))
