"""The interval arithmetic every figure stands on: unions with bridged gaps, their length and the minutes they
cover. Property-based: any order, any repeats, any split into batches gives the same union."""

import random

from hypothesis import given, settings, strategies as st

from lecturehall.modules.presence import intervals as iv

points = st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_infinity=False)
spans = st.tuples(points, st.floats(min_value=0, max_value=500, allow_nan=False)).map(lambda p: (p[0], p[0] + p[1]))
interval_lists = st.lists(spans, max_size=40)
bridges = st.sampled_from([0.0, 1.0, 30.0])


def covered(union, x):
    return any(a <= x <= b for a, b in union)


@settings(max_examples=300, deadline=None)
@given(interval_lists, bridges, st.randoms())
def test_order_and_repeats_do_not_matter(items, bridge, rnd):
    shuffled = items + items[: len(items) // 2]
    rnd.shuffle(shuffled)
    assert iv.union(shuffled, bridge) == iv.union(items, bridge)


@settings(max_examples=300, deadline=None)
@given(interval_lists, interval_lists, bridges)
def test_folding_in_batches_equals_one_union(first, second, bridge):
    assert iv.union(iv.union(first, bridge) + second, bridge) == iv.union(first + second, bridge)


@settings(max_examples=300, deadline=None)
@given(interval_lists, bridges)
def test_union_is_sorted_disjoint_and_covers_every_interval(items, bridge):
    union = iv.union(items, bridge)
    for (a, b), (c, d) in zip(union, union[1:]):
        assert b < c and c - b >= bridge  # gaps left open are at least the bridge
    for start, end in items:
        assert covered(union, start) and covered(union, end)
    assert iv.measure(union) <= sum(end - start for start, end in items) + bridge * len(items) + 1e-6


@settings(max_examples=200, deadline=None)
@given(interval_lists)
def test_measure_of_a_union_never_counts_twice(items):
    union = iv.union(items)
    # Sample points: the measure is the length of what is covered, compared on a fine grid.
    assert iv.measure(union) <= max((b for _a, b in union), default=0) - min((a for a, _b in union), default=0) + 1e-6
    assert iv.measure(iv.union(items + items)) == iv.measure(union)


@settings(max_examples=200, deadline=None)
@given(interval_lists, interval_lists)
def test_minutes_only_grow_with_the_union(first, second):
    before = iv.union(first, 30)
    after = iv.union(first + second, 30)
    assert iv.minutes(before) <= iv.minutes(after)


def test_bridging_at_its_edge():
    assert iv.union([(0, 15), (44.9, 60)], bridge=30) == [[0.0, 60.0]]  # a gap just under two beats
    assert iv.union([(0, 15), (45, 60)], bridge=30) == [[0.0, 15.0], [45.0, 60.0]]  # exactly two beats: a rejoin
    assert iv.union([(0, 15), (15, 30)]) == [[0.0, 30.0]]  # touching intervals are one, even without a bridge


def test_minutes_covered():
    assert iv.minutes([(0, 60)]) == {0}
    assert iv.minutes([(0, 60.5)]) == {0, 1}
    assert iv.minutes([(120, 120)]) == {2}
    assert iv.minutes([(59, 61), (300, 301)]) == {0, 1, 5}


def test_a_big_random_case_matches_a_grid_count():
    rnd = random.Random(7)
    items = [(start, start + rnd.randint(0, 40)) for start in (rnd.randint(0, 2000) for _ in range(200))]
    union = iv.union(items)
    grid = sum(1 for x in range(0, 2100) if any(a <= x + 0.5 < b for a, b in items))
    assert iv.measure(union) == grid
