"""The blueprint matcher: feasible iff a maximum matching covers every slot (checked against scipy), and its
random draws always succeed on a feasible blueprint, stay valid and vary."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from assessments.exams.blueprint import Rule, blueprint_draw, blueprint_shortfalls


def _scipy_matching_size(rules: list[Rule], questions: list[int]) -> int:
    """Reference: scipy's Hopcroft–Karp on the slot × question bi-adjacency matrix."""
    column = {q: i for i, q in enumerate(questions)}
    rows, cols = [], []
    slot = 0
    for rule in rules:
        for _ in range(rule.count):
            for q in set(rule.candidates):
                rows.append(slot)
                cols.append(column[q])
            slot += 1
    if slot == 0 or not questions:
        return 0
    graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(slot, len(questions)))
    match = maximum_bipartite_matching(graph, perm_type="column")
    return int((match >= 0).sum())


@st.composite
def blueprints(draw: st.DrawFn) -> tuple[list[Rule], list[int]]:
    questions = list(range(1, draw(st.integers(1, 14)) + 1))
    rules = []
    for _ in range(draw(st.integers(1, 5))):
        candidates = draw(st.lists(st.sampled_from(questions), max_size=len(questions), unique=True))
        rules.append(Rule(draw(st.integers(1, 4)), tuple(sorted(candidates))))
    return rules, questions


def _assert_valid(rules: list[Rule], drawn: list[list[int]]) -> None:
    flat = [q for per_rule in drawn for q in per_rule]
    assert len(flat) == len(set(flat)), "a question was drawn twice"
    for rule, per_rule in zip(rules, drawn, strict=True):
        assert len(per_rule) == rule.count
        assert set(per_rule) <= set(rule.candidates)


@settings(max_examples=300, deadline=None)
@given(blueprints(), st.integers(0, 2**32))
def test_feasible_exactly_when_a_maximum_matching_covers_every_slot(
    blueprint: tuple[list[Rule], list[int]], seed: int
) -> None:
    rules, questions = blueprint
    slots = sum(r.count for r in rules)
    matched = _scipy_matching_size(rules, questions)
    shortfalls = blueprint_shortfalls(rules)
    assert (not shortfalls) == (matched == slots)
    # The reported groups are Hall violators whose deficiencies add up to the uncovered slots.
    assert sum(s.short for s in shortfalls) == slots - matched
    for shortfall in shortfalls:
        assert shortfall.short > 0
        assert shortfall.needed == sum(rules[i].count for i in shortfall.rules)
        assert shortfall.available == len({q for i in shortfall.rules for q in rules[i].candidates})
    drawn = blueprint_draw(rules, random.Random(seed))
    assert (drawn is not None) == (matched == slots)
    if drawn is not None:
        _assert_valid(rules, drawn)


def test_overlapping_rules_that_greedy_order_would_fail_are_met() -> None:
    # "Any difficulty" (questions 1-5) first, then "hard" (1-2): taking the lowest ids first would use up 1 and 2.
    rules = [Rule(3, (1, 2, 3, 4, 5)), Rule(2, (1, 2))]
    assert blueprint_shortfalls(rules) == []
    for seed in range(200):
        drawn = blueprint_draw(rules, random.Random(seed))
        assert drawn is not None
        _assert_valid(rules, drawn)
        assert sorted(drawn[1]) == [1, 2]


def test_a_published_blueprint_never_fails_to_draw_and_varies_over_many_seeds() -> None:
    rng = random.Random(20261202)
    for _ in range(40):
        questions = list(range(1, rng.randint(6, 40)))
        rules = [
            Rule(rng.randint(1, 3), tuple(sorted(rng.sample(questions, rng.randint(1, len(questions))))))
            for _ in range(rng.randint(1, 5))
        ]
        if blueprint_shortfalls(rules):
            continue
        draws = set()
        for seed in range(300):
            drawn = blueprint_draw(rules, random.Random(seed))
            assert drawn is not None
            _assert_valid(rules, drawn)
            draws.add(tuple(tuple(sorted(d)) for d in drawn))
        slots = sum(r.count for r in rules)
        pool = {q for r in rules for q in r.candidates}
        if len(pool) > slots:
            assert len(draws) > 1, f"the draw never varies for {rules}"


def test_every_question_of_a_roomy_pool_gets_drawn_sometimes() -> None:
    rules = [Rule(2, tuple(range(1, 11))), Rule(1, (1, 2, 3))]
    seen: set[int] = set()
    for seed in range(300):
        drawn = blueprint_draw(rules, random.Random(seed))
        assert drawn is not None
        seen.update(q for d in drawn for q in d)
    assert seen == set(range(1, 11))


def test_shortfall_names_only_the_rules_that_clash() -> None:
    rules = [Rule(2, (1, 2)), Rule(1, (1, 2)), Rule(3, (5, 6, 7, 8))]
    (shortfall,) = blueprint_shortfalls(rules)
    assert (shortfall.rules, shortfall.needed, shortfall.available, shortfall.short) == ((0, 1), 3, 2, 1)


def test_a_long_chain_of_displacements_needs_no_recursion() -> None:
    # Rule i may use questions i and i+1; drawn in the worst order every slot must shift its neighbour.
    size = 3000
    rules = [Rule(1, (i, i + 1)) for i in range(size)] + [Rule(1, (0,))]
    assert blueprint_shortfalls(rules) == []
    drawn = blueprint_draw(rules, random.Random(1))
    assert drawn is not None
    _assert_valid(rules, drawn)
