"""The pairing proposal is a pure function; these tests need no database."""

from collections import Counter

from volunteers.pairing import Pair, propose_pairs


def test_last_weeks_pair_is_kept_when_both_are_present():
    pairs = propose_pairs(
        volunteers={1: {"maths"}, 2: {"maths"}},
        children={10: {"maths"}, 11: {"maths"}},
        last_pairs={10: 2, 11: 1},
    )

    assert pairs == [Pair(2, 10, "maths"), Pair(1, 11, "maths")]


def test_a_missing_volunteer_breaks_continuity_and_the_child_is_paired_anew():
    pairs = propose_pairs(
        volunteers={1: {"english"}}, children={10: {"english"}}, last_pairs={10: 7}
    )

    assert pairs == [Pair(1, 10, "english")]


def test_subjects_are_matched():
    pairs = propose_pairs(
        volunteers={1: {"maths"}, 2: {"english"}},
        children={10: {"english"}, 11: {"maths"}},
    )

    assert {(p.volunteer, p.child, p.subject) for p in pairs} == {
        (2, 10, "english"),
        (1, 11, "maths"),
    }


def test_children_are_spread_evenly():
    pairs = propose_pairs(
        volunteers={1: {"maths"}, 2: {"maths"}, 3: {"chinese"}},
        children={c: {"maths"} for c in range(10, 19)},
    )

    loads = Counter(p.volunteer for p in pairs)
    assert sorted(loads.values()) == [3, 3, 3]


def test_continuity_never_makes_the_load_uneven():
    pairs = propose_pairs(
        volunteers={1: {"maths"}, 2: {"maths"}},
        children={10: {"maths"}, 11: {"maths"}, 12: {"maths"}, 13: {"maths"}},
        last_pairs={10: 1, 11: 1, 12: 1, 13: 1},
    )

    assert Counter(p.volunteer for p in pairs) == {1: 2, 2: 2}


def test_nobody_is_paired_twice_and_every_child_is_paired():
    volunteers = {v: {"maths", "english"} for v in range(1, 5)}
    children = {c: {"maths"} for c in range(100, 111)}

    pairs = propose_pairs(volunteers, children, last_pairs={100: 1, 101: 1, 102: 9})

    assert sorted(p.child for p in pairs) == sorted(children)
    assert len({p.child for p in pairs}) == len(pairs)
    assert max(Counter(p.volunteer for p in pairs).values()) <= 3


def test_a_child_without_a_matching_volunteer_is_still_paired_without_a_subject():
    pairs = propose_pairs(volunteers={1: {"maths"}}, children={10: {"physics"}})

    assert pairs == [Pair(1, 10, None)]


def test_no_volunteers_means_no_pairs():
    assert propose_pairs(volunteers={}, children={10: {"maths"}}) == []
