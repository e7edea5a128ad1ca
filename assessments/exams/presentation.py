"""What the browser may see of a delivered question before submit (texts and options only, never the key),
and how a response given in display order maps back to the stored answers."""

from __future__ import annotations

import re
from typing import Any

from .files import plugin_file_urls
from .models import Response
from .vocabulary import QuestionType


def question_view(response: Response) -> dict[str, Any]:
    """Everything the attempt page renders for one question: no fractions, no feedback, no right answers."""
    version = response.version
    data = version.data or {}
    order = list(response.choice_order or [])
    view: dict[str, Any] = {
        "position": response.position,
        "qtype": version.qtype,
        "text": version.text,
        "text_format": version.text_format,
        "value": response.value,
        "seq": response.seq,
        "flagged": response.flagged,
        "answered": response.value not in (None, "", [], {}),
    }
    if version.qtype == QuestionType.MULTICHOICE:
        answers = data.get("answers", [])
        view["multiple"] = not data.get("single", True)
        view["choices"] = [{"index": shown, "text": answers[i]["text"]} for shown, i in enumerate(order)]
        chosen = response.value if isinstance(response.value, list) else [response.value]
        view["chosen"] = {
            int(c) for c in chosen if isinstance(c, int) or (isinstance(c, str) and c.isdigit())
        }
    elif version.qtype == QuestionType.MATCHING:
        pairs = data.get("pairs", [])
        matched = response.value if isinstance(response.value, dict) else {}
        view["subquestions"] = [
            {"index": i, "text": p["question"], "chosen": matched.get(str(i), "")}
            for i, p in enumerate(pairs)
            if p["question"]
        ]
        options: list[str] = []
        for i in order:
            if pairs[i]["answer"] not in options:
                options.append(pairs[i]["answer"])
        view["options"] = options
    elif version.qtype == QuestionType.MULTIANSWER:
        given = response.value if isinstance(response.value, dict) else {}
        # The text shows [1], [2]… where the blanks are; the blanks follow it, choices as texts only.
        view["text"] = re.sub(r"\{#(\d+)\}", r"[\1]", version.text)
        view["blanks"] = [
            {
                "index": number,
                "options": [a["text"] for a in sub["answers"]]
                if sub["type"] == QuestionType.MULTICHOICE
                else None,
                "numeric": sub["type"] == QuestionType.NUMERICAL,
                "chosen": str(given.get(str(number), "")),
            }
            for number, sub in enumerate(data.get("subquestions", []), start=1)
        ]
    elif version.qtype == QuestionType.ORDERING:
        items = data.get("items", [])
        shown = response.value if isinstance(response.value, list) else list(range(len(order)))
        view["items"] = [
            {"index": s, "text": items[order[s]]} for s in shown if isinstance(s, int) and s < len(order)
        ]
    return _with_file_links(view, version.question_id)


def _with_file_links(view: dict[str, Any], question_id: int) -> dict[str, Any]:
    # Embedded images are linked by Moodle's @@PLUGINFILE@@ placeholder; the browser gets the serving URL.
    def link(text: Any) -> Any:
        return plugin_file_urls(text, question_id=question_id) if isinstance(text, str) else text

    view["text"] = link(view["text"])
    for key in ("choices", "subquestions", "items"):
        for entry in view.get(key, []):
            entry["text"] = link(entry["text"])
    return view


def stored_to_key_space(response: Response) -> Any:
    """The learner's answer in the answer key's own indices, for grading (display positions → key positions)."""
    return answer_to_key_space(response.version.qtype, response.value, response.choice_order)


def answer_to_key_space(qtype: str, value: Any, choice_order: Any) -> Any:
    """stored_to_key_space from a response's stored parts (its version's type, its value and choice order),
    for a caller that read those columns alone."""
    order = list(choice_order or [])
    if qtype == QuestionType.MULTICHOICE:

        def key(v: Any) -> int | None:
            try:
                shown = int(v)
            except (TypeError, ValueError):
                return None
            return order[shown] if 0 <= shown < len(order) else None

        if isinstance(value, list):
            return [k for k in (key(v) for v in value) if k is not None]
        return key(value)
    if qtype == QuestionType.ORDERING and isinstance(value, list):
        try:
            return [order[int(v)] for v in value]
        except (TypeError, ValueError, IndexError):
            return None
    if qtype in (QuestionType.MATCHING, QuestionType.MULTIANSWER) and isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    return value
