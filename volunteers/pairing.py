"""Proposing volunteer–child pairs for a Saturday: a pure function, no database.

The rules, in order of weight:
1. a cap: no volunteer gets more than `cap` children (the setting VOLUNTEERS_MAX_CHILDREN);
   children beyond what the volunteers present can take stay unpaired, and the coordinator sees
   them;
2. subjects: a child is first given a volunteer who tutors a subject the child needs;
3. continuity: among those, last session's volunteer is kept when both are here again;
4. evenness: children are spread so that no volunteer has two more than another;
5. one volunteer per child.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Pair:
    volunteer: int
    child: int
    subject: str | None


def propose_pairs(
    volunteers: Mapping[int, Iterable[str]],
    children: Mapping[int, Iterable[str]],
    last_pairs: Mapping[int, int] | None = None,
    *,
    cap: int = 3,
) -> list[Pair]:
    """Pair children with volunteers.

    `volunteers` maps a volunteer's id to the subjects they tutor; `children` maps a child's id
    to the subjects they need help with (only the children present); `last_pairs` maps a
    child's id to the volunteer who tutored them last time. Returns at most one Pair per child,
    at most `cap` per volunteer.
    """
    if not volunteers or cap < 1:
        return []
    last_pairs = last_pairs or {}
    can_tutor = {v: set(subjects) for v, subjects in volunteers.items()}
    needs = {c: set(subjects) for c, subjects in children.items()}
    load = dict.fromkeys(can_tutor, 0)
    most = min(-(-len(children) // len(can_tutor)), cap)  # per volunteer, rounded up
    pairs: dict[int, Pair] = {}

    def subject_for(volunteer: int, child: int) -> str | None:
        common = sorted(can_tutor[volunteer] & needs[child])
        return common[0] if common else None

    def is_open(volunteer: int) -> bool:
        return load[volunteer] < most

    def take(volunteer: int, child: int) -> None:
        pairs[child] = Pair(volunteer, child, subject_for(volunteer, child))
        load[volunteer] += 1

    def matches(child: int) -> list[int]:
        return [v for v in can_tutor if can_tutor[v] & needs[child]]

    # 1. Subjects first, keeping last time's volunteer where they match and have room.
    for child in sorted(needs):
        volunteer = last_pairs.get(child)
        if volunteer in load and is_open(volunteer) and volunteer in matches(child):
            take(volunteer, child)
    # 2. Children with the fewest matching volunteers first, to the least-loaded match.
    waiting = sorted((c for c in needs if c not in pairs), key=lambda c: (len(matches(c)), c))
    for child in waiting:
        matching = [v for v in matches(child) if is_open(v)]
        if matching:
            take(min(matching, key=lambda v: (load[v], v)), child)
    # 3. The rest (no matching volunteer has room): last time's volunteer, else the least loaded.
    for child in sorted(c for c in needs if c not in pairs):
        open_volunteers = [v for v in load if is_open(v)]
        if not open_volunteers:
            break
        volunteer = last_pairs.get(child)
        if volunteer not in open_volunteers:
            volunteer = min(open_volunteers, key=lambda v: (load[v], v))
        take(volunteer, child)

    return [pairs[child] for child in sorted(pairs)]
