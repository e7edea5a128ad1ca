"""Blueprint draws as bipartite matching: each rule's slots on one side, questions on the other (pure, no Django).

A blueprint can be drawn iff a matching covers every slot (Hall's theorem), so publishing asks for a maximum
matching, and when one slot stays uncovered the alternating paths from it find the rules that cannot be met
together and by how many questions (the Hall violator). A draw at start is a maximum matching found in a random
order: any pool that publishes draws, and the questions vary from attempt to attempt wherever the pool allows.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """`count` distinct questions to draw from `candidates` (question ids)."""

    count: int
    candidates: tuple[int, ...]


@dataclass(frozen=True)
class Shortfall:
    """Rules (indices into the blueprint) that together need `needed` distinct questions but fit only `available`."""

    rules: tuple[int, ...]
    needed: int
    available: int

    @property
    def short(self) -> int:
        return self.needed - self.available


class _Matching:
    def __init__(self, rules: Sequence[Rule], rng: random.Random | None) -> None:
        self.rules = rules
        self.slot_rule = [i for i, rule in enumerate(rules) for _ in range(rule.count)]
        # One candidate order per rule; a random one for a draw, the given one for the (reproducible) check.
        self.order = [list(dict.fromkeys(rule.candidates)) for rule in rules]
        if rng is not None:
            for order in self.order:
                rng.shuffle(order)
        self.slot_of: dict[int, int] = {}  # question → slot
        self.question_of: list[int | None] = [None] * len(self.slot_rule)
        slots = list(range(len(self.slot_rule)))
        if rng is not None:
            rng.shuffle(slots)
        self._greedy(slots)
        for slot in slots:
            if self.question_of[slot] is None:
                self._augment(slot)

    def _greedy(self, slots: list[int]) -> None:
        # Most draws need no augmenting path at all; this pass keeps them linear in the pool size.
        cursor = [0] * len(self.rules)
        for slot in slots:
            rule, order = self.slot_rule[slot], self.order[self.slot_rule[slot]]
            while cursor[rule] < len(order) and order[cursor[rule]] in self.slot_of:
                cursor[rule] += 1
            if cursor[rule] < len(order):
                self._assign(slot, order[cursor[rule]])

    def _assign(self, slot: int, question: int) -> None:
        self.slot_of[question] = slot
        self.question_of[slot] = question

    def _augment(self, start: int) -> bool:
        """Kuhn's augmenting path from an uncovered slot, iteratively (a deep blueprint must not hit recursion)."""
        seen: set[int] = set()
        # Each frame: (slot, index of the next candidate to try, the question this slot would take).
        stack: list[list[int]] = [[start, 0, -1]]
        while stack:
            frame = stack[-1]
            slot, index = frame[0], frame[1]
            order = self.order[self.slot_rule[slot]]
            if index >= len(order):
                stack.pop()
                continue
            frame[1] += 1
            question = order[index]
            if question in seen:
                continue
            seen.add(question)
            frame[2] = question
            holder = self.slot_of.get(question)
            if holder is None:
                # Found a free question: shift every slot on the path to the question it tried.
                for slot_on_path, _index, taken in stack:
                    self._assign(slot_on_path, taken)
                return True
            stack.append([holder, 0, -1])
        return False

    def covered(self) -> bool:
        return all(q is not None for q in self.question_of)

    def by_rule(self) -> list[list[int]]:
        drawn: list[list[int]] = [[] for _ in self.rules]
        for slot, question in enumerate(self.question_of):
            assert question is not None
            drawn[self.slot_rule[slot]].append(question)
        return drawn

    def shortfalls(self) -> list[Shortfall]:
        """Rules reachable by alternating paths from the uncovered slots, one group per connected part."""
        uncovered = {self.slot_rule[s] for s, q in enumerate(self.question_of) if q is None}
        groups: list[tuple[set[int], set[int]]] = []
        for start in sorted(uncovered):
            if any(start in rules for rules, _questions in groups):
                continue
            rules, questions, frontier = {start}, set(), [start]
            while frontier:
                rule = frontier.pop()
                for question in self.order[rule]:
                    if question in questions:
                        continue
                    questions.add(question)
                    # Every question here is taken (or the matching would not be maximum); follow its slot.
                    holder = self.slot_rule[self.slot_of[question]]
                    if holder not in rules:
                        rules.add(holder)
                        frontier.append(holder)
            groups.append((rules, questions))
        merged: list[tuple[set[int], set[int]]] = []
        for rules, questions in groups:
            rules, questions = set(rules), set(questions)
            # Fold in every earlier group this one touches, so each connected part is reported once.
            for other in [g for g in merged if g[0] & rules or g[1] & questions]:
                merged.remove(other)
                rules |= other[0]
                questions |= other[1]
            merged.append((rules, questions))
        return [
            Shortfall(
                rules=tuple(sorted(rules)),
                needed=sum(self.rules[r].count for r in rules),
                available=len(questions),
            )
            for rules, questions in merged
        ]


def blueprint_shortfalls(rules: Sequence[Rule]) -> list[Shortfall]:
    """Empty iff every rule can be met at once with distinct questions; else the groups of rules that cannot."""
    return _Matching(rules, None).shortfalls()


def blueprint_draw(rules: Sequence[Rule], rng: random.Random) -> list[list[int]] | None:
    """Distinct questions for every rule (per rule, in a random order), or None when the pool cannot cover them."""
    matching = _Matching(rules, rng)
    return matching.by_rule() if matching.covered() else None
