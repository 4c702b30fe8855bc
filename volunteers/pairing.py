"""Proposing volunteer–child pairs for a Saturday: a pure function, no database.

The rules, in order of weight:
1. continuity: keep last session's pair when both are here again;
2. subjects: a volunteer who can tutor a subject the child needs help with;
3. evenness: children are spread so that no volunteer has two more than another;
4. one volunteer per child; every child present is paired while there are volunteers.
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
) -> list[Pair]:
    """Pair children with volunteers.

    `volunteers` maps a volunteer's id to the subjects they tutor; `children` maps a child's id
    to the subjects they need help with; `last_pairs` maps a child's id to the volunteer who
    tutored them last time. Returns one Pair per child (none if there is no volunteer).
    """
    if not volunteers:
        return []
    last_pairs = last_pairs or {}
    can_tutor = {v: set(subjects) for v, subjects in volunteers.items()}
    needs = {c: set(subjects) for c, subjects in children.items()}
    load = dict.fromkeys(can_tutor, 0)
    most = -(-len(children) // len(can_tutor))  # children per volunteer, rounded up
    pairs: dict[int, Pair] = {}

    def subject_for(volunteer: int, child: int) -> str | None:
        common = sorted(can_tutor[volunteer] & needs[child])
        return common[0] if common else None

    def take(volunteer: int, child: int) -> None:
        pairs[child] = Pair(volunteer, child, subject_for(volunteer, child))
        load[volunteer] += 1

    # 1. Continuity, within the evenness limit.
    for child in sorted(needs):
        volunteer = last_pairs.get(child)
        if volunteer in load and load[volunteer] < most:
            take(volunteer, child)

    # 2. The rest: children with the fewest matching volunteers first, each to the least-loaded
    #    volunteer who matches a subject, else to the least-loaded volunteer.
    def matches(child: int) -> list[int]:
        return [v for v in can_tutor if can_tutor[v] & needs[child]]

    waiting = sorted((c for c in needs if c not in pairs), key=lambda c: (len(matches(c)), c))
    for child in waiting:
        open_volunteers = [v for v in load if load[v] < most]
        matching = [v for v in matches(child) if v in open_volunteers]
        candidates = matching or open_volunteers
        volunteer = min(candidates, key=lambda v: (load[v], v))
        take(volunteer, child)

    return [pairs[child] for child in sorted(pairs)]
