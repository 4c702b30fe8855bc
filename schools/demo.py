"""Demo data of the schools: 21 schools, branches, ~120 courses with this term's sessions,
sign-ups (some courses full, with a waiting list), attendance at past sessions, and events."""

import datetime
import random

from django.db.models import F
from django.utils import timezone

from community.demo import DEMO_SCHOOL_MANAGER_MOBILE
from community.models import Community, Resident, User
from community.terms import term_dates, term_of

from . import cadre_demo, services
from .models import (
    Attendance,
    Audience,
    Branch,
    ContestWinner,
    Course,
    CourseSession,
    Enrolment,
    Event,
    School,
    Venue,
)

C = Course.Category
A = Audience.Code

# (name, slug, host institution, [(course title, category, audiences, teacher)])
SCHOOLS = [
    (
        "健康教育学校",
        "health",
        "社区卫生服务中心",
        [
            ("老年慢病自我管理", C.KNOWLEDGE, [A.SENIORS], "周医生"),
            ("家庭急救常识", C.KNOWLEDGE, [A.EVERYONE], "林护士长"),
            ("中医养生讲堂", C.KNOWLEDGE, [A.SENIORS], "许大夫"),
            ("心理健康与情绪调节", C.KNOWLEDGE, [A.EVERYONE], "陈老师"),
            ("合理膳食与营养", C.KNOWLEDGE, [A.WOMEN, A.SENIORS], "何营养师"),
            ("卫生保健知识讲座", C.KNOWLEDGE, [A.EVERYONE], "周医生"),
        ],
    ),
    (
        "人口学校",
        "population",
        "街道计划生育协会",
        [
            ("优生优育知识", C.KNOWLEDGE, [A.PARENTS, A.WOMEN], "韩老师"),
            ("计划生育政策解读", C.KNOWLEDGE, [A.EVERYONE], "宋主任"),
            ("婴幼儿照护", C.KNOWLEDGE, [A.PARENTS], "梁老师"),
            ("家庭养老照护", C.SERVICE, [A.WOMEN], "邓老师"),
            ("妇女保健讲座", C.KNOWLEDGE, [A.WOMEN], "林护士长"),
            ("生殖健康咨询", C.KNOWLEDGE, [A.WOMEN], "韩老师"),
        ],
    ),
    (
        "老年艺术学校",
        "senior-arts",
        "街道文化活动中心",
        [
            ("老年合唱团", C.ARTS, [A.SENIORS], "赵老师"),
            ("越剧唱腔", C.ARTS, [A.SENIORS], "袁老师"),
            ("民族舞蹈", C.ARTS, [A.SENIORS, A.WOMEN], "孙老师"),
            ("国画山水", C.ARTS, [A.SENIORS], "胡老师"),
            ("硬笔书法", C.ARTS, [A.EVERYONE], "钱老师"),
            ("电子琴入门", C.ARTS, [A.SENIORS], "马老师"),
        ],
    ),
    (
        "家长学校",
        "parents",
        "景和路小学",
        [
            ("如何陪孩子写作业", C.KNOWLEDGE, [A.PARENTS], "顾老师"),
            ("青春期沟通", C.KNOWLEDGE, [A.PARENTS], "唐老师"),
            ("亲子阅读", C.TASTE, [A.PARENTS], "叶老师"),
            ("家庭教育讲座", C.KNOWLEDGE, [A.PARENTS], "顾老师"),
            ("隔代教育", C.KNOWLEDGE, [A.SENIORS, A.PARENTS], "秦老师"),
            ("家庭安全教育", C.KNOWLEDGE, [A.PARENTS], "唐老师"),
        ],
    ),
    (
        "法制学校",
        "law",
        "街道司法所",
        [
            ("法律知识讲座", C.KNOWLEDGE, [A.EVERYONE], "江律师"),
            ("婚姻家庭与继承", C.KNOWLEDGE, [A.EVERYONE], "江律师"),
            ("防范电信诈骗", C.KNOWLEDGE, [A.SENIORS], "雷警官"),
            ("劳动合同与权益", C.KNOWLEDGE, [A.UNEMPLOYED, A.YOUTH], "侯律师"),
            ("公民道德建设", C.KNOWLEDGE, [A.EVERYONE], "宋主任"),
            ("社区调解实务", C.KNOWLEDGE, [A.EVERYONE], "侯律师"),
        ],
    ),
    (
        "职业技能培训学校",
        "vocational",
        "区职业技术学校",
        [
            ("家电维修", C.SKILLS, [A.UNEMPLOYED], "冯师傅"),
            ("服装裁剪", C.SKILLS, [A.UNEMPLOYED, A.WOMEN], "蔡师傅"),
            ("中式烹调", C.SKILLS, [A.UNEMPLOYED], "曹师傅"),
            ("编织技艺", C.SKILLS, [A.UNEMPLOYED, A.WOMEN], "彭阿姨"),
            ("插花技能", C.SKILLS, [A.UNEMPLOYED, A.WOMEN], "苏老师"),
            ("电工基础", C.SKILLS, [A.UNEMPLOYED, A.YOUTH], "冯师傅"),
        ],
    ),
    (
        "网络学校",
        "internet",
        "街道社区服务中心",
        [
            ("智能手机入门", C.KNOWLEDGE, [A.SENIORS], "程老师"),
            ("网上办事与缴费", C.KNOWLEDGE, [A.SENIORS], "程老师"),
            ("电脑基础操作", C.KNOWLEDGE, [A.EVERYONE], "魏老师"),
            ("网络安全常识", C.KNOWLEDGE, [A.EVERYONE], "雷警官"),
            ("视频通话与拍照", C.KNOWLEDGE, [A.SENIORS], "魏老师"),
            ("网上购物防骗", C.KNOWLEDGE, [A.SENIORS], "程老师"),
        ],
    ),
    (
        "科普学校",
        "science",
        "区科普中心",
        [
            ("科普知识讲座", C.KNOWLEDGE, [A.EVERYONE], "肖研究员"),
            ("天文观测入门", C.KNOWLEDGE, [A.YOUTH, A.PARENTS], "肖研究员"),
            ("垃圾分类与环保", C.KNOWLEDGE, [A.EVERYONE], "田老师"),
            ("家庭用电安全", C.KNOWLEDGE, [A.EVERYONE], "冯师傅"),
            ("青少年科技小制作", C.TASTE, [A.YOUTH], "董老师"),
            ("气象与防灾", C.KNOWLEDGE, [A.EVERYONE], "田老师"),
        ],
    ),
    (
        "街道党校",
        "party",
        "街道党工委",
        [
            ("党的基本知识", C.PARTY, [A.PARTY_MEMBERS], "郑书记"),
            ("党史学习", C.PARTY, [A.PARTY_MEMBERS], "郑书记"),
            ("党员先锋讲堂", C.PARTY, [A.PARTY_MEMBERS], "潘老师"),
            ("专题党课", C.PARTY, [A.PARTY_MEMBERS, A.CADRES], "郑书记"),
            ("社区治理实务", C.CADRE, [A.CADRES], "袁主任"),
            ("行政管理能力提升", C.CADRE, [A.CADRES], "袁主任"),
        ],
    ),
    (
        "市民英语学校",
        "english",
        "景和路中学",
        [
            ("市民英语日常会话", C.TASTE, [A.EVERYONE], "史老师"),
            ("英文歌曲演唱", C.TASTE, [A.EVERYONE], "毛老师"),
            ("机关干部英语", C.CADRE, [A.CADRES], "史老师"),
            ("少儿英语绘本", C.TASTE, [A.YOUTH, A.PARENTS], "毛老师"),
            ("旅游英语", C.TASTE, [A.SENIORS], "史老师"),
            ("英语口语角", C.TASTE, [A.YOUTH], "史老师"),
        ],
    ),
    (
        "书画学校",
        "calligraphy",
        "街道文化活动中心",
        [
            ("毛笔书法", C.ARTS, [A.EVERYONE], "钱老师"),
            ("少儿书法", C.ARTS, [A.YOUTH], "钱老师"),
            ("工笔花鸟", C.ARTS, [A.SENIORS], "胡老师"),
            ("篆刻入门", C.ARTS, [A.EVERYONE], "郝老师"),
            ("书画装裱", C.SKILLS, [A.EVERYONE], "郝老师"),
            ("写意花卉", C.ARTS, [A.SENIORS], "胡老师"),
        ],
    ),
    (
        "戏曲学校",
        "opera",
        "区文化馆",
        [
            ("京剧唱段", C.ARTS, [A.SENIORS], "龚老师"),
            ("沪剧欣赏", C.ARTS, [A.SENIORS], "邵老师"),
            ("越剧身段", C.ARTS, [A.SENIORS, A.WOMEN], "袁老师"),
            ("戏曲锣鼓", C.ARTS, [A.EVERYONE], "龚老师"),
            ("少儿戏曲", C.ARTS, [A.YOUTH], "邵老师"),
            ("评弹欣赏", C.ARTS, [A.SENIORS], "邵老师"),
        ],
    ),
    (
        "舞蹈学校",
        "dance",
        "街道文化活动中心",
        [
            ("广场舞", C.ARTS, [A.EVERYONE], "孙老师"),
            ("交谊舞", C.ARTS, [A.SENIORS], "严老师"),
            ("扇子舞", C.ARTS, [A.WOMEN], "孙老师"),
            ("少儿拉丁", C.ARTS, [A.YOUTH], "严老师"),
            ("太极扇", C.TASTE, [A.SENIORS], "武老师"),
            ("民族舞蹈提高班", C.ARTS, [A.WOMEN], "孙老师"),
        ],
    ),
    (
        "合唱学校",
        "choir",
        "区文化馆",
        [
            ("社区合唱团", C.ARTS, [A.EVERYONE], "赵老师"),
            ("声乐基础", C.ARTS, [A.EVERYONE], "赵老师"),
            ("红歌合唱", C.ARTS, [A.PARTY_MEMBERS, A.SENIORS], "戴老师"),
            ("童声合唱", C.ARTS, [A.YOUTH], "戴老师"),
            ("歌曲欣赏", C.TASTE, [A.SENIORS], "戴老师"),
            ("老年合唱提高班", C.ARTS, [A.SENIORS], "赵老师"),
        ],
    ),
    (
        "家政服务学校",
        "housekeeping",
        "街道劳动保障所",
        [
            ("家政服务员培训", C.SERVICE, [A.WOMEN, A.UNEMPLOYED], "邓老师"),
            ("养老护理员培训", C.SERVICE, [A.WOMEN, A.UNEMPLOYED], "邓老师"),
            ("育婴员培训", C.SERVICE, [A.WOMEN], "梁老师"),
            ("保洁与收纳", C.SERVICE, [A.WOMEN, A.UNEMPLOYED], "汪老师"),
            ("月嫂技能", C.SERVICE, [A.WOMEN], "梁老师"),
            ("家庭护理技能", C.SERVICE, [A.WOMEN], "邓老师"),
        ],
    ),
    (
        "烹饪学校",
        "cooking",
        "区职业技术学校",
        [
            ("家常菜烹调", C.SKILLS, [A.EVERYONE], "曹师傅"),
            ("面点制作", C.SKILLS, [A.UNEMPLOYED, A.WOMEN], "蒋师傅"),
            ("西点烘焙", C.TASTE, [A.EVERYONE], "蒋师傅"),
            ("老年营养餐", C.SKILLS, [A.SENIORS], "何营养师"),
            ("刀工与冷盘", C.SKILLS, [A.UNEMPLOYED], "曹师傅"),
        ],
    ),
    (
        "手工编织学校",
        "knitting",
        "街道妇联",
        [
            ("棒针编织", C.SKILLS, [A.WOMEN], "彭阿姨"),
            ("钩针编织", C.SKILLS, [A.WOMEN], "彭阿姨"),
            ("中国结", C.TASTE, [A.EVERYONE], "方老师"),
            ("布艺手工", C.TASTE, [A.WOMEN], "方老师"),
            ("十字绣", C.TASTE, [A.WOMEN, A.SENIORS], "白老师"),
        ],
    ),
    (
        "插花艺术学校",
        "flowers",
        "街道妇联",
        [
            ("插花艺术", C.TASTE, [A.WOMEN], "苏老师"),
            ("盆景养护", C.TASTE, [A.SENIORS], "邹老师"),
            ("家居装饰", C.TASTE, [A.EVERYONE], "苏老师"),
            ("干花制作", C.TASTE, [A.WOMEN], "邹老师"),
            ("阳台种植", C.TASTE, [A.SENIORS], "邹老师"),
        ],
    ),
    (
        "健身美容学校",
        "fitness",
        "社区体育俱乐部",
        [
            ("健身操", C.TASTE, [A.WOMEN], "孟教练"),
            ("太极拳", C.TASTE, [A.SENIORS], "武老师"),
            ("瑜伽", C.TASTE, [A.WOMEN], "孟教练"),
            ("美容护肤", C.TASTE, [A.WOMEN], "熊老师"),
            ("时装表演", C.TASTE, [A.WOMEN, A.SENIORS], "熊老师"),
        ],
    ),
    (
        "陶艺学校",
        "pottery",
        "区青少年活动中心",
        [
            ("陶艺设计", C.TASTE, [A.EVERYONE], "薛老师"),
            ("亲子陶艺", C.TASTE, [A.PARENTS, A.YOUTH], "薛老师"),
            ("拉坯入门", C.TASTE, [A.EVERYONE], "段老师"),
            ("陶瓷彩绘", C.TASTE, [A.EVERYONE], "段老师"),
            ("泥塑", C.TASTE, [A.YOUTH], "薛老师"),
        ],
    ),
    (
        "读书学校",
        "reading",
        "街道图书馆",
        [
            ("读书会", C.TASTE, [A.EVERYONE], "黎老师"),
            ("经典诵读", C.TASTE, [A.EVERYONE], "黎老师"),
            ("老同志读书班", C.TASTE, [A.SENIORS], "贺老师"),
            ("写作与回忆录", C.TASTE, [A.SENIORS], "贺老师"),
            ("家庭藏书与阅读", C.TASTE, [A.PARENTS], "黎老师"),
        ],
    ),
]

# The schools of the demo school manager, as the walkthrough used them.
DEMO_MANAGED_SCHOOLS = ("calligraphy", "senior-arts")

VENUES = [
    ("街道文化活动中心", "景和路18号二楼"),
    ("社区卫生服务中心", "春晖路21号"),
    ("景和路小学", "景和路45号"),
    ("区科普中心", "青园路100号"),
    ("街道社区服务中心", "景和路18号一楼"),
    ("街道党校教室", "景和路18号三楼"),
    ("景和一村活动室", "景和路102弄5号"),
    ("梅苑睦邻点", "梅苑路8号"),
    ("新华里老年活动室", "新华路77弄2号"),
    ("社区广场", "景和路与春晖路路口"),
]

EVENTS = [
    ("“十六大”精神知识竞赛", Event.Kind.CONTEST, "街道党工委", 0),
    ("公民道德建设知识竞赛", Event.Kind.CONTEST, "街道文明办", 40),
    ("法律知识广场咨询", Event.Kind.PLAZA, "街道司法所", 0),
    ("计划生育政策广场咨询", Event.Kind.PLAZA, "街道计划生育协会", 0),
    ("老年人防跌倒专家讲座", Event.Kind.LECTURE, "周医生", 60),
    ("家庭教育专家讲座", Event.Kind.LECTURE, "顾老师", 80),
    ("科普知识讲座：身边的科学", Event.Kind.LECTURE, "肖研究员", 80),
    ("专题党课：两个务必", Event.Kind.PARTY_LECTURE, "郑书记", 0),
    ("专题党课：权力观教育", Event.Kind.PARTY_LECTURE, "郑书记", 0),
    ("书画作品展示", Event.Kind.EXHIBITION, "书画队", 0),
    ("少儿书法作品展", Event.Kind.EXHIBITION, "书画学校", 0),
    ("网络安全广场咨询", Event.Kind.PLAZA, "雷警官", 0),
]

HISTORY_FROM = 2022

# The school that hosts each event, by what it is about.
EVENT_HOSTS = {
    "“十六大”精神知识竞赛": "party",
    "公民道德建设知识竞赛": "law",
    "法律知识广场咨询": "law",
    "计划生育政策广场咨询": "population",
    "老年人防跌倒专家讲座": "health",
    "家庭教育专家讲座": "parents",
    "科普知识讲座：身边的科学": "science",
    "专题党课：两个务必": "party",
    "专题党课：权力观教育": "party",
    "书画作品展示": "calligraphy",
    "少儿书法作品展": "calligraphy",
    "网络安全广场咨询": "internet",
}

WINNERS = {
    "“十六大”精神知识竞赛": [
        (1, "景和一村代表队", "一等奖"),
        (2, "春晖代表队", "二等奖"),
        (3, "梅苑代表队", "三等奖"),
    ],
    "公民道德建设知识竞赛": [
        (1, "新华里代表队", "一等奖"),
        (2, "青园代表队", "二等奖"),
        (3, "柳岸代表队", "三等奖"),
    ],
}


def load(progress) -> None:
    rng = random.Random(20261129)
    communities = list(Community.objects.order_by("pk"))
    venues = _venues(communities)
    schools = _schools(progress, communities)
    _demo_manager(schools)
    courses = _courses(progress, rng, schools, venues)
    _sessions(progress, courses)
    _enrolments(progress, rng, courses)
    _attendance(progress, rng, courses)
    _history(progress, rng, courses)
    _events(progress, rng, schools, venues)
    cadre_demo.load(progress)


def _venues(communities):
    venues = []
    for index, (name, address) in enumerate(VENUES):
        community = communities[index % len(communities)] if communities else None
        venue, _ = Venue.objects.get_or_create(
            name=name, defaults={"address": address, "community": community}
        )
        venues.append(venue)
    return venues


def _schools(progress, communities):
    created = 0
    schools = []
    for index, (name, slug, host, _courses) in enumerate(SCHOOLS):
        school, was_created = School.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "host_institution": host,
                "address": "景和路18号",
                "phone": f"021-6002-{index + 1:04d}",
                "person_in_charge": "张校长" if index % 2 else "李校长",
                "position": index + 1,
                "introduction": f"{name}依托{host}开办，面向社区居民开展多层次、多样化的学习活动。",
            },
        )
        created += was_created
        if school.position != index + 1:  # a demo loaded before schools had an order
            School.objects.filter(pk=school.pk).update(position=index + 1)
        schools.append(school)
        if communities and index % 3 == 0:
            for community in communities[index % 4 :: 4]:
                Branch.objects.get_or_create(
                    school=school,
                    community=community,
                    defaults={
                        "name": f"{school.name}{community.name.removesuffix('社区居委会')}分校"
                    },
                )
    progress.step("schools", created, len(schools))
    return schools


def _demo_manager(schools) -> None:
    """The demo school manager runs 书画学校 and 老年艺术学校 (README, "Demo logins")."""
    manager = User.objects.filter(mobile=DEMO_SCHOOL_MANAGER_MOBILE).first()
    if manager is None:
        return
    for school in schools:
        if school.slug in DEMO_MANAGED_SCHOOLS:
            school.managers.add(manager)


def _courses(progress, rng, schools, venues):
    audiences = {a.code: a for a in Audience.objects.all()}
    created = 0
    courses = []
    for school, (_name, _slug, _host, course_rows) in zip(schools, SCHOOLS, strict=True):
        branches = list(school.branches.all())
        for index, (title, category, audience_codes, teacher) in enumerate(course_rows):
            course, was_created = Course.objects.get_or_create(
                school=school,
                title=title,
                term=term_of(timezone.localdate()),
                defaults={
                    "category": category,
                    "teacher": teacher,
                    "venue": rng.choice(venues),
                    "branch": branches[index % len(branches)] if branches and index % 2 else None,
                    "capacity": rng.choice([8, 10, 12, 15, 20, 25, 30]),
                    "status": Course.Status.CLOSED
                    if (index, school.slug) in {(5, "party"), (5, "dance")}
                    else Course.Status.PUBLISHED,
                    "description": f"{title}：由{teacher}授课，每周一次，欢迎社区居民报名参加。",
                    "min_age": 16 if category == C.SKILLS else None,
                    "max_age": 60 if category == C.SKILLS else None,
                },
            )
            if was_created:
                course.audiences.set([audiences[code] for code in audience_codes])
            created += was_created
            courses.append(course)
    progress.step("courses", created, len(courses))
    return courses


def _sessions(progress, courses):
    today = timezone.localdate()
    first = today - datetime.timedelta(weeks=10)
    last = today + datetime.timedelta(weeks=7)
    created = 0
    for course in courses:
        if course.sessions.exists():
            continue
        weekday = course.pk % 6 + 1
        hour = (9, 10, 14, 15, 19)[course.pk % 5]
        created += len(
            services.sessions_generate(
                course=course,
                weekday=weekday,
                start_time=datetime.time(hour, 0),
                end_time=datetime.time(hour + 1, 30),
                first_date=first,
                last_date=last,
                skip_dates=[datetime.date(today.year, 10, day) for day in range(1, 8)],
            )
        )
    progress.step("sessions", created, CourseSession.objects.count())


def _enrolments(progress, rng, courses):
    residents = list(Resident.objects.order_by("pk").values_list("pk", flat=True))
    if not residents:
        return
    created = 0
    for course in courses:
        if course.status != Course.Status.PUBLISHED or course.enrolments.exists():
            continue
        # Most courses are partly full; about one in six is full with a waiting list.
        if course.pk % 6 == 0:
            wanted = course.capacity + rng.randint(2, 5)
        else:
            wanted = rng.randint(course.capacity // 3, course.capacity)
        people = rng.sample(residents, min(wanted, len(residents)))
        rows = [
            Enrolment(
                course=course,
                resident_id=pk,
                status=Enrolment.Status.CONFIRMED
                if n < course.capacity
                else Enrolment.Status.WAITLISTED,
            )
            for n, pk in enumerate(people)
        ]
        Enrolment.objects.bulk_create(rows)
        # Sign-ups came in over the weeks before the term began, not all on the load day.
        opened = timezone.now() - datetime.timedelta(weeks=14)
        for row in rows:
            row.created_at = opened + datetime.timedelta(hours=rng.randint(0, 24 * 28))
        Enrolment.objects.bulk_update(rows, ["created_at"])
        confirmed = sum(row.status == Enrolment.Status.CONFIRMED for row in rows)
        Course.objects.filter(pk=course.pk).update(seats_taken=F("seats_taken") + confirmed)
        created += len(rows)
    progress.step("enrolments", created, Enrolment.objects.count())


def _attendance(progress, rng, courses):
    now = timezone.now()
    created = 0
    # One query for the courses already recorded: a query a course took most of a second on a
    # freshly loaded PostgreSQL (no statistics yet) among the earlier terms' attendance.
    recorded = set(
        Attendance.objects.filter(session__course__in=courses)
        .values_list("session__course_id", flat=True)
        .distinct()
    )
    for course in courses:
        if course.pk in recorded:
            continue
        enrolments = list(course.enrolments.filter(status=Enrolment.Status.CONFIRMED))
        rows = [
            Attendance(session=session, enrolment=enrolment, present=rng.random() < 0.85)
            for session in course.sessions.filter(ends_at__lt=now)
            for enrolment in enrolments
        ]
        Attendance.objects.bulk_create(rows, batch_size=1000)
        created += len(rows)
    progress.step("attendance records", created, Attendance.objects.count())


# When the events of a programme year take place: (month, day, hour, minute) from September
# to January, in the order of EVENTS. Fixed days at daytime hours, not derived from the load time.
EVENT_DAYS = [
    (9, 20, 9, 0),
    (10, 15, 14, 0),
    (10, 24, 9, 30),
    (11, 8, 9, 0),
    (11, 18, 14, 30),
    (11, 28, 9, 30),
    (12, 6, 14, 0),
    (12, 12, 9, 30),
    (12, 19, 14, 0),
    (12, 26, 9, 0),
    (1, 9, 14, 0),
    (1, 16, 9, 30),
]


def programme_year_start(today: datetime.date) -> int:
    """The year in which the current programme year (September to August) began."""
    return today.year if today.month >= 9 else today.year - 1


def _event_moment(year: int, month: int, day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(
        year + (month < 9), month, day, hour, minute, tzinfo=timezone.get_current_timezone()
    )


def _events(progress, rng, schools, venues):
    """The events of this programme year and of the years since 2022: lectures, 党课, plaza
    consultations, contests with their winners and exhibitions, at fixed days and hours. The
    host is a school that fits the event."""
    hosts = {school.slug: school for school in schools}
    first = programme_year_start(timezone.localdate())
    created = 0
    for year in range(HISTORY_FROM, first + 1):
        for index, (title, kind, speaker, capacity) in enumerate(EVENTS):
            # Earlier years had fewer events: the programme grew.
            if year < first and index >= 6 + (year - HISTORY_FROM):
                continue
            starts_at = _event_moment(year, *EVENT_DAYS[index])
            event, was_created = Event.objects.get_or_create(
                title=title,
                starts_at=starts_at,
                defaults={
                    "kind": kind,
                    "speaker": speaker,
                    "school": hosts.get(EVENT_HOSTS[title]) or schools[index % len(schools)],
                    "venue": venues[-1] if kind == Event.Kind.PLAZA else venues[index % 6],
                    "ends_at": starts_at + datetime.timedelta(hours=2),
                    "status": Event.Status.PUBLISHED,
                    "has_signup": bool(capacity),
                    "capacity": capacity,
                    "description": f"{title}，欢迎社区居民参加。",
                },
            )
            created += was_created
            if starts_at < timezone.now():
                for rank, name, prize in WINNERS.get(title, []):
                    ContestWinner.objects.get_or_create(
                        event=event, rank=rank, defaults={"name": name, "prize": prize}
                    )
    progress.step("events", created, Event.objects.count())


def _history(progress, rng, courses):
    """The terms before this one, from spring 2022: each course that ran then, with its
    sessions, sign-ups (made in the weeks before it began) and attendance. The programme grows:
    fewer courses and sign-ups in the earlier years."""
    this_term = term_of(timezone.localdate())
    if Course.objects.exclude(term=this_term).exists():
        progress.step("earlier terms' courses", 0, Course.objects.count())
        return
    residents = list(Resident.objects.order_by("pk").values_list("pk", flat=True))
    created = 0
    terms = [
        f"{year}-{season}"
        for year in range(HISTORY_FROM, int(this_term[:4]) + 1)
        for season in ("spring", "autumn")
        if f"{year}-{season}" < this_term or (season == "spring" and this_term.endswith("autumn"))
    ]
    terms = [term for term in terms if term_dates(term)[1] < term_dates(this_term)[0]]
    for term in terms:
        start, _end = term_dates(term)
        share = 0.45 + 0.1 * (int(term[:4]) - HISTORY_FROM)
        for course in courses:
            if rng.random() > share or course.status != Course.Status.PUBLISHED:
                continue
            audiences = list(course.audiences.all())
            earlier = Course.objects.create(
                school_id=course.school_id,
                branch_id=course.branch_id,
                venue_id=course.venue_id,
                title=course.title,
                category=course.category,
                teacher=course.teacher,
                capacity=course.capacity,
                term=term,
                status=Course.Status.CLOSED,
                description=course.description,
                min_age=course.min_age,
                max_age=course.max_age,
            )
            earlier.audiences.set(audiences)
            hour = (9, 10, 14, 15, 19)[course.pk % 5]
            first_day = start + datetime.timedelta(weeks=5)
            sessions = services.sessions_generate(
                course=earlier,
                weekday=course.pk % 6 + 1,
                start_time=datetime.time(hour, 0),
                end_time=datetime.time(hour + 1, 30),
                first_date=first_day,
                last_date=first_day + datetime.timedelta(weeks=7),
            )
            people = rng.sample(
                residents, min(len(residents), rng.randint(course.capacity // 2, course.capacity))
            )
            enrolments = Enrolment.objects.bulk_create(
                Enrolment(course=earlier, resident_id=pk, status=Enrolment.Status.CONFIRMED)
                for pk in people
            )
            signed_up = datetime.datetime.combine(
                first_day - datetime.timedelta(days=rng.randint(7, 21)),
                datetime.time(10),
                tzinfo=timezone.get_current_timezone(),
            )
            Enrolment.objects.filter(course=earlier).update(created_at=signed_up)
            Course.objects.filter(pk=earlier.pk).update(seats_taken=len(enrolments))
            Attendance.objects.bulk_create(
                (
                    Attendance(session=session, enrolment=enrolment, present=rng.random() < 0.85)
                    for session in sessions
                    for enrolment in enrolments
                ),
                batch_size=1000,
            )
            created += 1
    progress.step("earlier terms' courses", created, Course.objects.count())


SCALE_ENROLMENTS_PER_STREET = 4000


def load_scale(progress, streets) -> None:
    """Each extra street of a district: its own 21 schools, ~120 courses with sessions, 4000
    sign-ups and a dozen events; bulk inserts, since a district holds fifty streets."""
    rng = random.Random(51)
    audiences = {a.code: a for a in Audience.objects.all()}
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    for n, street in enumerate(streets, start=1):
        suffix = f"（{street.name}）"
        if School.objects.filter(name__endswith=suffix).exists():
            progress.bar("streets: schools, courses and sign-ups", n, len(streets))
            continue
        communities = list(street.communities.order_by("pk"))
        venues = Venue.objects.bulk_create(
            Venue(name=f"{name}{suffix}", address=address, community=communities[0])
            for name, address in VENUES
        )
        schools = School.objects.bulk_create(
            School(
                name=f"{name}{suffix}",
                slug=f"{slug}-{street.pk}",
                host_institution=host,
                position=index + 1,
            )
            for index, (name, slug, host, _rows) in enumerate(SCHOOLS)
        )
        courses, course_audiences = [], []
        for school, (_name, _slug, _host, rows) in zip(schools, SCHOOLS, strict=True):
            for title, category, codes, teacher in rows:
                course = Course(
                    school=school,
                    title=title,
                    category=category,
                    teacher=teacher,
                    venue=rng.choice(venues),
                    capacity=rng.choice([10, 15, 20, 25, 30, 40]),
                    status=Course.Status.PUBLISHED,
                    weekday=rng.randint(1, 6),
                    start_time=datetime.time(rng.choice([9, 14, 19])),
                    end_time=datetime.time(rng.choice([9, 14, 19]) + 1, 30),
                    description=f"{title}：由{teacher}授课。",
                )
                courses.append(course)
                course_audiences.append(codes)
        Course.objects.bulk_create(courses)
        Course.audiences.through.objects.bulk_create(
            Course.audiences.through(course_id=c.pk, audience_id=audiences[code].pk)
            for c, codes in zip(courses, course_audiences, strict=True)
            for code in codes
        )
        sessions = []
        for course in courses:
            first = today - datetime.timedelta(weeks=10)
            day = first + datetime.timedelta(days=(course.weekday - first.isoweekday()) % 7)
            for week in range(16):
                start = datetime.datetime.combine(
                    day + datetime.timedelta(weeks=week), course.start_time, tzinfo=zone
                )
                sessions.append(
                    CourseSession(
                        course=course, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
                    )
                )
        CourseSession.objects.bulk_create(sessions, batch_size=5000)
        residents = list(
            Resident.objects.filter(community__street=street).values_list("pk", flat=True)
        )
        taken = {c.pk: 0 for c in courses}
        seen, enrolments = set(), []
        while len(enrolments) < SCALE_ENROLMENTS_PER_STREET and residents:
            course = rng.choice(courses)
            resident = rng.choice(residents)
            if (course.pk, resident) in seen:
                continue
            seen.add((course.pk, resident))
            confirmed = taken[course.pk] < course.capacity
            taken[course.pk] += confirmed
            enrolments.append(
                Enrolment(
                    course=course,
                    resident_id=resident,
                    status=Enrolment.Status.CONFIRMED if confirmed else Enrolment.Status.WAITLISTED,
                )
            )
        Enrolment.objects.bulk_create(enrolments, batch_size=5000)
        for course in courses:
            course.seats_taken = taken[course.pk]
        Course.objects.bulk_update(courses, ["seats_taken"], batch_size=1000)
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        Event.objects.bulk_create(
            Event(
                title=f"{title}{suffix}",
                kind=kind,
                speaker=speaker,
                school=schools[k % len(schools)],
                venue=rng.choice(venues),
                starts_at=now + datetime.timedelta(days=(k - 6) * 9),
                status=Event.Status.PUBLISHED,
                has_signup=bool(capacity),
                capacity=capacity,
            )
            for k, (title, kind, speaker, capacity) in enumerate(EVENTS)
        )
        progress.bar("streets: schools, courses and sign-ups", n, len(streets))
