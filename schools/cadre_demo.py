"""Demo data of cadre learning, loaded by schools.demo: the leadership group, a study plan,
60 cadres with a year of monthly study and notes, and exam sittings with a realistic progress."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from community.demo import DEMO_CADRE_MOBILE, person_name
from community.models import User

from .models import (
    AssignmentCompletion,
    Cadre,
    CentralGroupStudy,
    Exam,
    ExamResult,
    ExamTarget,
    LeadershipMember,
    ReadingNote,
    StudyAssignment,
    StudyCheck,
    StudyPlan,
)

DEPARTMENTS = ["党政办公室", "社区管理科", "社会事务科", "经济发展科", "综合治理办", "文化站"]
TOPICS = [
    "党的十六大精神",
    "“三个代表”重要思想",
    "“两个务必”重要讲话",
    "权力观教育",
    "公民道德建设实施纲要",
    "社区建设与管理",
    "依法行政",
    "市民英语学习",
    "计算机基础知识",
    "普通话水平提升",
    "学习型组织建设",
    "服务群众的方法",
]


def load(progress) -> None:
    rng = random.Random(60)
    if Cadre.objects.exists():
        progress.step("cadres", 0, Cadre.objects.count())
        _demo_login()
        return
    today = timezone.localdate()
    LeadershipMember.objects.bulk_create(
        [
            LeadershipMember(name="周建华", position="街道工委书记", role="leads", order=1),
            LeadershipMember(
                name="吴丽萍", position="街道工委分管书记", role="carries_out", order=2
            ),
            LeadershipMember(name="郑国强", position="街道办事处主任", role="member", order=3),
            LeadershipMember(name="冯晓红", position="社区学校校长", role="member", order=4),
        ]
    )
    StudyPlan.objects.bulk_create(
        StudyPlan(
            year=year,
            title=f"{year}年创建学习型社区学习计划",
            audience="机关干部、党员和社区居民",
            content="围绕“学习的家、快乐的家”活动，组织机关干部每月学习，中心组坚持集中学习与"
            "自学相结合；全体机关干部参加英语、计算机和普通话学习与考试。",
        )
        for year in range(2022, today.year + 1)
    )
    cadres = Cadre.objects.bulk_create(
        Cadre(
            name=person_name(rng),
            department=DEPARTMENTS[n % len(DEPARTMENTS)],
            position=rng.choice(["科员", "副科长", "科长", "干事"]),
            left_on=today - datetime.timedelta(days=40) if n in (7, 33) else None,
        )
        for n in range(60)
    )
    members = cadres[:9]
    for month in range(1, 13):
        day = datetime.date(today.year - (1 if month > today.month else 0), month, 15)
        # This month's study has taken place by now (nothing is recorded for the future).
        day = min(day, today)
        study = CentralGroupStudy.objects.create(
            date=day, topic=TOPICS[month - 1], mode="concentrated" if month % 2 else "self"
        )
        study.attendees.set(rng.sample(members, 7))
        ReadingNote.objects.bulk_create(
            ReadingNote(
                study=study, cadre=c, text=f"学习{study.topic}的体会：联系工作实际，改进作风。"
            )
            for c in rng.sample(members, 5)
        )
        # Handed in the evening after the study, never later than now (saving sets it to now).
        evening_after = datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time(20, 0)
        )
        ReadingNote.objects.filter(study=study).update(
            submitted_at=min(timezone.make_aware(evening_after), timezone.now())
        )
        assignment = StudyAssignment.objects.create(
            month=day.replace(day=1), title=f"本月学习：{TOPICS[month - 1]}"
        )
        AssignmentCompletion.objects.bulk_create(
            AssignmentCompletion(assignment=assignment, cadre=c, completed_on=day)
            for c in rng.sample(cadres, 48)
        )
    StudyCheck.objects.create(
        date=today - datetime.timedelta(days=30),
        checker="吴丽萍",
        findings="大部分干部按时完成学习任务，读书笔记认真。",
    )
    ExamTarget.objects.create(
        title="全体机关干部通过英语、计算机和普通话考试",
        deadline=datetime.date(today.year + 1, 12, 31),
    )
    # Two sittings a subject; most pass the first time, some retake.
    for subject, share in (("english", 0.8), ("computer", 0.6), ("putonghua", 0.7)):
        first = Exam.objects.create(subject=subject, date=today - datetime.timedelta(days=200))
        retake = Exam.objects.create(subject=subject, date=today - datetime.timedelta(days=50))
        failed = []
        for cadre in cadres:
            score = Decimal(rng.randint(45, 98))
            passed = rng.random() < share
            score = max(score, Decimal(60)) if passed else min(score, Decimal(59))
            ExamResult.objects.create(exam=first, cadre=cadre, score=score, passed=passed)
            if not passed:
                failed.append(cadre)
        for cadre in failed[: len(failed) // 2]:
            ExamResult.objects.create(exam=retake, cadre=cadre, score=Decimal(72), passed=True)
    progress.step("cadres", len(cadres), len(cadres))
    _demo_login()


def _demo_login() -> None:
    """The demo cadre login (README, "Demo logins") is a serving member of the central group."""
    user = User.objects.filter(mobile=DEMO_CADRE_MOBILE).first()
    if user is None or Cadre.objects.filter(user=user).exists():
        return
    cadre = (
        Cadre.objects.serving()
        .filter(user__isnull=True, central_studies__isnull=False)
        .order_by("pk")
        .first()
    )
    if cadre is None:
        return
    cadre.user = user
    cadre.save(update_fields=["user"])
    User.objects.filter(pk=user.pk).update(name=cadre.name)
