"""Demo data of the core: one street, its eight residents' committees and their residents.

Names are invented; the programme document anonymises its places, so the street has an
"xx路街道"-style neutral name.
"""

import random

from .models import Community, Resident, Street

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


class Progress:
    """Prints one line per step of a long job, with counts, so the terminal shows how far it is."""

    def __init__(self, stdout):
        self.stdout = stdout

    def step(self, label: str, created: int, total: int) -> None:
        self.stdout.write(f"  {label}: {created} new, {total} in all")


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
