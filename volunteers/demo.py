"""Demo data of the 爱心班: one station, 45 children with guardian consent, 30 volunteers (most
verified), this term's Saturdays with attended past sessions, pairs and notes, grades for two
terms, a 科学宫 outing with 40 children, and donated books given to children."""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from community.demo import DEMO_COORDINATOR_MOBILE, SURNAMES, person_name
from community.models import Community, User
from community.terms import SEASONS, term_dates, term_of

from . import checkin, services
from .models import (
    BookDonation,
    BookGift,
    Child,
    ChildPresence,
    GradeRecord,
    HomeVisit,
    Outing,
    OutingChild,
    Pairing,
    Shift,
    Station,
    Subject,
    TutoringNote,
    TutoringSession,
    Volunteer,
)
from .pairing import propose_pairs

UNIVERSITIES = ["江城大学", "江城师范大学", "江城理工大学", "江城财经学院"]
MAJORS = ["数学与应用数学", "汉语言文学", "英语", "物理学", "化学", "教育学", "计算机科学"]
GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三"]
# What children need help with, by grade: physics from 初二, chemistry only in 初三.
PRIMARY_SUBJECTS = [
    ["maths"],
    ["chinese"],
    ["english"],
    ["maths", "english"],
    ["chinese", "maths"],
    ["science"],
]
MIDDLE_SUBJECTS = {
    "初一": [["maths"], ["english"], ["chinese", "maths"], ["maths", "english"]],
    "初二": [["maths"], ["english"], ["physics", "maths"], ["physics"]],
    "初三": [["physics", "maths"], ["chemistry"], ["chemistry", "physics"], ["english"]],
}
SUBJECT_SETS = PRIMARY_SUBJECTS + [["physics", "maths"], ["chemistry"]]
# Children's given names: a pool of their own, so that no child shares a name with a volunteer.
CHILD_GIVEN_NAMES = [
    "子涵",
    "梓萱",
    "浩然",
    "一诺",
    "宇轩",
    "欣怡",
    "梓轩",
    "雨桐",
    "俊熙",
    "诗涵",
    "子墨",
    "可馨",
    "睿泽",
    "思彤",
    "铭宇",
    "语嫣",
    "皓轩",
    "佳怡",
    "嘉懿",
    "若汐",
]


def subjects_for(rng, grade: str) -> list[str]:
    return rng.choice(MIDDLE_SUBJECTS.get(grade, PRIMARY_SUBJECTS))


NOTES = [
    ("讲解了分数加减法，做了10道练习题。", "练习册第12页", "巩固通分"),
    ("复习了本周的生字词，练习朗读课文。", "抄写生字两遍", "阅读理解"),
    ("背诵了英语单词，练习了对话。", "背诵第三单元单词", "听力练习"),
    ("讲解了应用题的解题思路。", "完成两道应用题", "审题方法"),
    ("批改了作文，讲解了开头的写法。", "修改作文", "结尾的写法"),
]
CHILDREN = 45
VOLUNTEERS = 30
RECORD_CHECKER = "新华里派出所 王警官"
HISTORY_FROM = 2022
# Every term from spring 2022 to next year's, in order.
TERMS = [f"{year}-{season}" for year in range(HISTORY_FROM, 2100) for season in SEASONS]
HOME_VISIT_NOTES = [
    "辅导数学作业，孩子卧病在床，情绪好转。",
    "陪孩子读课外书，和祖母聊了孩子近况。",
    "讲解英语单词，留了下次要背的课文。",
]


def load(progress) -> None:
    community = Community.objects.order_by("pk").first()
    if community is None:
        return
    station, _ = Station.objects.get_or_create(
        name="景和爱心驿站", defaults={"community": community, "address": "景和路102弄5号"}
    )
    coordinator = User.objects.filter(mobile=DEMO_COORDINATOR_MOBILE).first()
    if coordinator is not None:
        station.coordinators.add(coordinator)
    rng = random.Random(4545)
    subjects = {s.code: s for s in Subject.objects.all()}
    progress.step("children", _children(rng, station, subjects), Child.objects.count())
    progress.step("volunteers", _volunteers(rng, subjects), Volunteer.objects.count())
    progress.step("Saturdays", _saturdays(station), TutoringSession.objects.count())
    progress.step("attended shifts", _past_sessions(rng, station), Shift.objects.count())
    progress.step("earlier terms' shifts", _history(rng, station), Shift.objects.count())
    progress.step("home visits", _home_visits(rng, station), HomeVisit.objects.count())
    progress.step("grade records", _grades(rng), GradeRecord.objects.count())
    progress.step("outing places", _outing(station), OutingChild.objects.count())
    progress.step("book gifts", _books(rng), BookGift.objects.count())


def _children(rng, station, subjects) -> int:
    if Child.objects.filter(station=station).exists():
        return 0
    today = timezone.localdate()
    school_year = today.year if today.month >= 9 else today.year - 1
    children = []
    for n in range(CHILDREN):
        name = rng.choice(SURNAMES) + rng.choice(CHILD_GIVEN_NAMES)
        guardian = name[0] + rng.choice(["建国", "秀英", "桂英", "志明", "丽华"])
        level = rng.randrange(len(GRADES))
        started_school = datetime.date(school_year - level, 9, 1)
        joined = max(started_school, today - datetime.timedelta(days=rng.randint(60, 1800)))
        children.append(
            Child(
                station=station,
                name=name,
                gender=rng.choice(["girl", "boy"]),
                birth_date=datetime.date(school_year - level - 7, rng.randint(1, 12), 1),
                school_name=rng.choice(["景和路小学", "春晖小学"]) if level < 6 else "景和路中学",
                grade=GRADES[level],
                guardian_name=guardian,
                guardian_relation=rng.choice(["父亲", "母亲", "祖母", "祖父"]),
                guardian_mobile=f"1390001{n:04d}",
                address=f"景和路{rng.randint(1, 300)}弄{rng.randint(1, 40)}号",
                family_circumstances=rng.choice(
                    [
                        "父亲残疾，母亲患病，靠低保生活。",
                        "单亲家庭，母亲打零工。",
                        "由祖父母抚养，收入微薄。",
                        "家中有重病患者，负担较重。",
                    ]
                ),
                needs_home_tutoring=n % 9 == 0,
                consent_given_on=joined,
                consent_guardian_name=guardian,
                consent_text_version="2026-01",
            )
        )
    Child.objects.bulk_create(children)
    for child in children:
        child.subjects.set([subjects[c] for c in subjects_for(rng, child.grade)])
    return len(children)


def _volunteers(rng, subjects) -> int:
    if Volunteer.objects.exists():
        return 0
    today = timezone.localdate()
    created = 0
    for n in range(VOLUNTEERS):
        name = person_name(rng)
        user = User.objects.create_user(mobile=f"1370002{n:04d}", name=name, password=None)
        verified = n < VOLUNTEERS - 4
        since = COHORTS[n][0] if n < len(COHORTS) else None
        verified_on = datetime.date(since, 2, 20) if since else today - datetime.timedelta(days=90)
        volunteer = Volunteer.objects.create(
            user=user,
            name=name,
            university=rng.choice(UNIVERSITIES),
            major=rng.choice(MAJORS),
            student_number=f"{(since or 2025) - 1}{n:05d}",
            mobile=user.mobile,
            status=Volunteer.Status.VERIFIED if verified else Volunteer.Status.APPLIED,
            verified_at=(
                datetime.datetime.combine(verified_on, datetime.time(10), tzinfo=datetime.UTC)
                if verified
                else None
            ),
            record_checked_on=verified_on - datetime.timedelta(days=5) if verified else None,
            record_check_result=Volunteer.RecordCheck.CLEAR if verified else "",
            record_checked_by=RECORD_CHECKER if verified else "",
            pledge_signed_on=verified_on - datetime.timedelta(days=10),
        )
        volunteer.subjects.set(
            [subjects[c] for c in rng.choice(SUBJECT_SETS)] + [subjects["maths"]]
        )
        created += 1
    return created


def _demo_term_start() -> datetime.date:
    """The first day of the demo's current term of Saturdays (from September)."""
    today = timezone.localdate()
    return datetime.date(today.year if today.month >= 8 else today.year - 1, 9, 1)


def _saturdays(station) -> int:
    first = _demo_term_start()
    last = first.replace(year=first.year + 1, month=1, day=20)
    holidays = [datetime.date(first.year, 10, d) for d in range(1, 8)]
    return len(
        services.saturdays_generate(
            station=station, first_date=first, last_date=last, skip_dates=holidays, capacity=12
        )
    )


def _past_sessions(rng, station) -> int:
    """Past Saturdays: ten or so volunteers came, were paired and wrote notes."""
    if Shift.objects.exists():
        return 0
    today = timezone.localdate()
    volunteers = list(Volunteer.objects.verified().prefetch_related("subjects"))
    children = list(Child.objects.filter(station=station).prefetch_related("subjects"))
    last_pairs: dict[int, int] = {}
    created = 0
    for session in TutoringSession.objects.filter(station=station, date__lt=today):
        came = rng.sample(volunteers, min(len(volunteers), session.capacity - rng.randint(0, 2)))
        Shift.objects.bulk_create(_scanned_shift(rng, session, v) for v in came)
        present = rng.sample(children, 30)
        ChildPresence.objects.bulk_create(
            ChildPresence(session=session, child=child) for child in present
        )
        TutoringSession.objects.filter(pk=session.pk).update(
            seats_taken=len(came), children_marked_at=session.begins
        )
        pairs = propose_pairs(
            {v.pk: {s.code for s in v.subjects.all()} for v in came},
            {c.pk: {s.code for s in c.subjects.all()} for c in present},
            last_pairs,
            cap=settings.VOLUNTEERS_MAX_CHILDREN,
        )
        subject_ids = dict(Subject.objects.values_list("code", "pk"))
        pairings = Pairing.objects.bulk_create(
            Pairing(
                session=session,
                volunteer_id=p.volunteer,
                child_id=p.child,
                subject_id=subject_ids.get(p.subject),
            )
            for p in pairs
        )
        TutoringNote.objects.bulk_create(
            TutoringNote(
                pairing=p, author_id=p.volunteer_id, done=done, homework=homework, next_focus=focus
            )
            for p in pairings
            for done, homework, focus in [rng.choice(NOTES)]
        )
        last_pairs = {p.child: p.volunteer for p in pairs}
        created += len(came)
    # The coming Saturday already has some sign-ups.
    upcoming = next(
        (
            s
            for s in TutoringSession.objects.filter(station=station, date__gte=today)
            if timezone.now() <= s.signup_cutoff()
        ),
        None,
    )
    if upcoming is not None:
        for volunteer in volunteers[:6]:
            services.shift_signup(session=upcoming, volunteer=volunteer)
    return created


def _scanned_shift(rng, session, volunteer) -> Shift:
    """An attended shift; most volunteers scanned the code at arrival and at leaving, a few
    forgot and were ticked by the coordinator (the session's hours)."""
    if rng.random() < 0.2:
        return Shift(
            session=session, volunteer=volunteer, status=Shift.Status.ATTENDED, hours=session.hours
        )
    arrived = session.begins - datetime.timedelta(minutes=rng.randint(0, 20))
    left = session.ends + datetime.timedelta(minutes=rng.randint(-25, 15))
    return Shift(
        session=session,
        volunteer=volunteer,
        status=Shift.Status.ATTENDED,
        checked_in_at=arrived,
        checked_out_at=left,
        hours=checkin.hours_between(session, arrived, left),
    )


#: Volunteers of earlier terms, in order: the first three have served since 2022 (now graduate
#: students), the next four since 2023; the others joined this year. With the year they began
#: and their share of Saturdays attended.
COHORTS = [(2022, 0.9)] * 3 + [(2023, 0.75)] * 4


def _history(rng, station) -> int:
    """The Saturdays of the terms before this one, from spring 2022, with the hours of the
    volunteers who served then: long-serving volunteers reach their first and second star."""
    this_term = _demo_term_start()
    if TutoringSession.objects.filter(station=station, date__year=HISTORY_FROM).exists():
        return 0
    volunteers = list(Volunteer.objects.verified().order_by("pk"))
    sessions = []
    for year in range(HISTORY_FROM, this_term.year + 1):
        for first, last in (
            (datetime.date(year, 3, 1), datetime.date(year, 6, 30)),
            (datetime.date(year, 9, 1), datetime.date(year + 1, 1, 15)),
        ):
            if first >= this_term:
                continue
            holidays = [datetime.date(year, 10, d) for d in range(1, 8)]
            sessions += services.saturdays_generate(
                station=station,
                first_date=first,
                last_date=min(last, this_term - datetime.timedelta(days=1)),
                skip_dates=holidays,
                capacity=12,
            )
    shifts = []
    for session in sessions:
        came = [
            volunteer
            for volunteer, (since, share) in zip(volunteers, COHORTS, strict=False)
            if session.date.year >= since and rng.random() < share
        ][: session.capacity]
        shifts += [_scanned_shift(rng, session, volunteer) for volunteer in came]
        session.seats_taken = len(came)
    Shift.objects.bulk_create(shifts)
    TutoringSession.objects.bulk_update(sessions, ["seats_taken"])
    _history_children(rng, station, sessions, shifts)
    return len(shifts)


def _history_children(rng, station, sessions, shifts) -> None:
    """The children who came to the earlier Saturdays (those who had joined by then) and their
    pairs, as the pairing proposed them."""
    children = list(
        Child.objects.filter(station=station).with_live_consent().prefetch_related("subjects")
    )
    can_tutor = {
        v.pk: {s.code for s in v.subjects.all()}
        for v in Volunteer.objects.prefetch_related("subjects")
    }
    came = {}
    for shift in shifts:
        came.setdefault(shift.session_id, []).append(shift.volunteer_id)
    subject_ids = dict(Subject.objects.values_list("code", "pk"))
    presences, pairings = [], []
    for session in sessions:
        joined = [c for c in children if c.consent_given_on <= session.date]
        present = rng.sample(joined, min(len(joined), rng.randint(15, 28)))
        presences += [ChildPresence(session=session, child=child) for child in present]
        pairs = propose_pairs(
            {v: can_tutor[v] for v in came.get(session.pk, [])},
            {c.pk: {s.code for s in c.subjects.all()} for c in present},
            cap=settings.VOLUNTEERS_MAX_CHILDREN,
        )
        pairings += [
            Pairing(
                session=session,
                volunteer_id=p.volunteer,
                child_id=p.child,
                subject_id=subject_ids.get(p.subject),
            )
            for p in pairs
        ]
        session.children_marked_at = session.begins
    ChildPresence.objects.bulk_create(presences, batch_size=1000)
    Pairing.objects.bulk_create(pairings, batch_size=1000)
    TutoringSession.objects.bulk_update(sessions, ["children_marked_at"])


def _home_visits(rng, station) -> int:
    """Children who need home tutoring are visited by two volunteers, twice this term."""
    if HomeVisit.objects.exists():
        return 0
    today = timezone.localdate()
    volunteers = list(Volunteer.objects.verified())
    visits = 0
    for child in Child.objects.filter(
        station=station, needs_home_tutoring=True
    ).with_live_consent():
        for weeks in (3, 7):
            visit = HomeVisit.objects.create(
                child=child,
                date=today - datetime.timedelta(weeks=weeks, days=rng.randint(1, 4)),
                notes=rng.choice(HOME_VISIT_NOTES),
            )
            visit.volunteers.set(rng.sample(volunteers, 2))
            visits += 1
    return visits


def _grades(rng) -> int:
    """Each child's scores in the subjects they need help with, every term since they joined
    the 爱心班 (two terms at least): most of them improve term by term."""
    if GradeRecord.objects.exists():
        return 0
    this_term = term_of(timezone.localdate())
    rows = []
    for child in Child.objects.prefetch_related("subjects"):
        joined = term_of(child.consent_given_on or timezone.localdate())
        terms = [
            term
            for term in TERMS
            if term_dates(joined) <= term_dates(term) <= term_dates(this_term)
        ] or [this_term]
        if len(terms) < 2:
            terms = [previous_term(terms[0]), *terms]
        for subject in child.subjects.all():
            score = Decimal(rng.randint(48, 72))
            for term in terms:
                rows.append(GradeRecord(child=child, term=term, subject=subject, score=score))
                score = min(score + Decimal(rng.randint(-3, 9)), Decimal(100))
    GradeRecord.objects.bulk_create(rows)
    return len(rows)


def previous_term(term: str) -> str:
    return term_of(term_dates(term)[0] - datetime.timedelta(days=1))


def _outing(station) -> int:
    today = timezone.localdate()
    outing, created = Outing.objects.get_or_create(
        title="参观科学宫",
        station=station,
        defaults={"date": today - datetime.timedelta(days=40), "place": "江城科学宫"},
    )
    if not created:
        return 0
    children = Child.objects.filter(station=station).with_live_consent()[:40]
    OutingChild.objects.bulk_create(
        OutingChild(
            outing=outing, child=c, permission_given_on=outing.date - datetime.timedelta(days=7)
        )
        for c in children
    )
    return len(children)


def _books(rng) -> int:
    if BookDonation.objects.exists():
        return 0
    today = timezone.localdate()
    donations = BookDonation.objects.bulk_create(
        [
            BookDonation(
                donor="江城书店",
                title="十万个为什么",
                quantity=20,
                date=today - datetime.timedelta(days=60),
            ),
            BookDonation(
                donor="景和路街道团工委",
                title="中国少年儿童百科全书",
                quantity=15,
                date=today - datetime.timedelta(days=30),
            ),
            BookDonation(
                donor="热心居民李先生",
                title="安徒生童话",
                quantity=10,
                date=today - datetime.timedelta(days=20),
            ),
        ]
    )
    children = list(Child.objects.all())
    gifts = [
        BookGift(donation=donation, child=child, date=donation.date + datetime.timedelta(days=3))
        for donation in donations
        for child in rng.sample(children, min(len(children), donation.quantity))
    ]
    BookGift.objects.bulk_create(gifts)
    return len(gifts)


def load_scale(progress, streets) -> None:
    """Each extra street: a station, 45 children with consent, 30 verified volunteers and the
    term's Saturdays."""
    rng = random.Random(52)
    subjects = list(Subject.objects.all())
    today = timezone.localdate()
    for n, street in enumerate(streets, start=1):
        community = street.communities.order_by("pk").first()
        if community is None or Station.objects.filter(community=community).exists():
            progress.bar("streets: 爱心驿站", n, len(streets))
            continue
        station = Station.objects.create(name=f"爱心驿站（{street.name}）", community=community)
        children = Child.objects.bulk_create(
            Child(
                station=station,
                name=person_name(rng),
                gender=rng.choice(["girl", "boy"]),
                grade=rng.choice(GRADES),
                guardian_name=person_name(rng),
                guardian_relation="母亲",
                consent_given_on=today - datetime.timedelta(days=100),
                consent_guardian_name="监护人",
                consent_text_version="2026-01",
            )
            for _ in range(CHILDREN)
        )
        Child.subjects.through.objects.bulk_create(
            Child.subjects.through(child_id=c.pk, subject_id=rng.choice(subjects).pk)
            for c in children
        )
        users = User.objects.bulk_create(
            User(mobile=f"16{street.pk:03d}{k:06d}", name=person_name(rng), password="!")
            for k in range(VOLUNTEERS)
        )
        Volunteer.objects.bulk_create(
            Volunteer(
                user=user,
                name=user.name,
                university=rng.choice(UNIVERSITIES),
                major=rng.choice(MAJORS),
                student_number=f"{street.pk}{k:05d}",
                mobile=user.mobile,
                status=Volunteer.Status.VERIFIED,
                verified_at=timezone.now(),
                record_checked_on=today,
                record_check_result=Volunteer.RecordCheck.CLEAR,
                record_checked_by=RECORD_CHECKER,
                pledge_signed_on=today,
            )
            for k, user in enumerate(users)
        )
        _saturdays(station)
        progress.bar("streets: 爱心驿站", n, len(streets))
