"""The demo bank's questions are whole sentences in English and in Chinese: no stem leaves its statement out."""

from __future__ import annotations

import re

import pytest

from assessments.exams.demo import TOPICS, _questions_for

CJK = re.compile(r"[\u4e00-\u9fff]")
QUESTIONS = [(path, q) for path, (_title, facts) in TOPICS.items() for q in _questions_for(facts)]


@pytest.mark.parametrize(("path", "question"), QUESTIONS, ids=[f"{p}: {q[0]}" for p, q in QUESTIONS])
def test_a_demo_stem_has_an_english_and_a_chinese_line(path: str, question: tuple) -> None:  # type: ignore[type-arg]
    _name, text, data, _fact = question
    english, chinese = text.split("\n")
    assert not CJK.search(english) and CJK.search(chinese), text
    assert english[0].isupper() and english.rstrip("”)").endswith(("?", ".")), english
    assert chinese.rstrip("”）").endswith(("？", "。")) or chinese.endswith("（多选）"), chinese
    for answer in data["answers"]:
        if answer["text"] in ("true", "false"):
            continue
        answer_en, answer_zh = answer["text"].split("\n")
        assert answer_en[0].isupper() and CJK.search(answer_zh), answer["text"]


@pytest.mark.parametrize("path", list(TOPICS))
def test_a_true_or_false_stem_states_its_statement_in_both_languages(path: str) -> None:
    facts = TOPICS[path][1]
    questions = {q[0]: q for q in _questions_for(facts)}
    for term, term_zh, statement, statement_zh, myth, myth_zh in facts:
        true_stem = questions[f"{term}: true or false"][1]
        assert f" {statement}." in true_stem and f"判断正误：{term_zh}{statement_zh}。" in true_stem
        myth_stem = questions[f"{term}: spot the myth"][1]
        assert f" {myth}." in myth_stem and f"判断正误：{term_zh}{myth_zh}。" in myth_stem
        name_stem = questions[f"{term}: name it"][1]
        assert statement in name_stem and statement_zh in name_stem


def test_each_demo_myth_is_false_and_differs_from_every_statement() -> None:
    for _title, facts in TOPICS.values():
        statements = {f[2] for f in facts} | {f[3] for f in facts}
        for fact in facts:
            assert fact[4] not in statements and fact[5] not in statements, fact
