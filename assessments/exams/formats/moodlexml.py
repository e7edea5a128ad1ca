"""Moodle XML → ParsedQuestion (a pure function of the text), and bank questions → Moodle XML."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405 - only builds XML, never parses

from defusedxml import ElementTree as SafeET

from ..vocabulary import QuestionType
from . import (
    CONTRACT_TYPES,
    MAX_EMBEDDED_FILE_BYTES,
    EmbeddedFile,
    ParsedQuestion,
    ParseError,
    category_path,
    checked_fraction,
    default_name,
    unsafe_file_name,
)
from .cloze import ClozeError, parse_cloze, to_cloze

_FORMATS = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain", "markdown": "markdown"}
_EXPORT_FORMATS = {v: k for k, v in _FORMATS.items()}
_QUESTION_TAG_RE = re.compile(r"<question\b")


def _text(element: Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    child = element.find(path)
    if child is not None:
        return (child.text or "").strip()
    return (element.text or "").strip() if path == "text" else ""


def _format(element: Element | None, default: str = "html") -> str:
    if element is None:
        return default
    return _FORMATS.get(element.get("format", ""), default)


_ANSWER_TAG_RE = re.compile(r"<answer\b")


def _line_numbers(source: str) -> list[tuple[int, list[int]]]:
    """(line of each <question>, lines of its <answer> elements), in document order."""
    starts = [m.start() for m in _QUESTION_TAG_RE.finditer(source)]
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(source)
        answers = [source.count("\n", 0, m.start()) + 1 for m in _ANSWER_TAG_RE.finditer(source, start, end)]
        out.append((source.count("\n", 0, start) + 1, answers))
    return out


def _fraction(answer: Element, ctx: dict[str, Any], index: int) -> float:
    raw = answer.get("fraction", "0")
    lines = ctx.get("answer_lines", [])
    where = {k: ctx[k] for k in ("number", "name")} | {
        "line": lines[index] if index < len(lines) else ctx["line"]
    }
    try:
        percent = float(raw)
    except ValueError:
        raise ParseError(f"answer {index + 1}: fraction {raw!r} is not a number", **where) from None
    try:
        return checked_fraction(percent, **where)
    except ParseError as exc:
        raise ParseError(f"answer {index + 1}: {exc.reason}", **where) from None


def _bool(element: Element, tag: str, default: bool) -> bool:
    value = element.findtext(tag)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "true", "yes")


def _default_mark(element: Element, ctx: dict[str, Any]) -> float:
    raw = (element.findtext("defaultgrade") or "").strip()
    if not raw:
        return 1.0
    try:
        mark = float(raw)
    except ValueError:
        raise ParseError(f"default grade {raw!r} is not a number", **ctx) from None
    if not 0 <= mark < 10_000:
        raise ParseError(f"default grade {raw!r} must be between 0 and 9999", **ctx)
    return mark


def _tags(element: Element) -> list[str]:
    """<tags><tag><text>…</text></tag>…</tags> in file order, each once, blank ones dropped."""
    found = [_text(tag) for tag in element.findall("tags/tag")]
    return list(dict.fromkeys(t for t in found if t))


def _ours(element: Element, tag: str) -> int | None:
    raw = (element.findtext(tag) or "").strip()
    return int(raw) if raw.isdigit() else None


_BASE64_SPACE_RE = re.compile(r"\s+")


def _files(element: Element, ctx: dict[str, Any]) -> list[EmbeddedFile]:
    """Every <file> of the question (text, feedback, answers), each name once; refused with the file's name when
    it is not base64, too large, not at Moodle's "/" path, or named anything but a plain file name."""
    found: dict[str, EmbeddedFile] = {}
    for node in element.iter("file"):
        name = node.get("name", "")
        problem = unsafe_file_name(name)
        if problem:
            raise ParseError(f"embedded file {name!r}: {problem}", **ctx)
        if node.get("path", "/") != "/":
            raise ParseError(f'embedded file {name!r}: only files at path "/" are supported', **ctx)
        if node.get("encoding", "base64") != "base64":
            raise ParseError(f"embedded file {name!r}: encoding must be base64", **ctx)
        raw = _BASE64_SPACE_RE.sub("", node.text or "")
        # Measured before decoding, so a huge payload is refused without being held twice in memory.
        if len(raw) * 3 // 4 > MAX_EMBEDDED_FILE_BYTES:
            raise ParseError(
                f"embedded file {name!r} is larger than {MAX_EMBEDDED_FILE_BYTES // 1_048_576} MB", **ctx
            )
        try:
            content = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise ParseError(f"embedded file {name!r} is not valid base64", **ctx) from None
        if name in found and found[name].content != content:
            raise ParseError(f"two different embedded files are named {name!r}", **ctx)
        found[name] = EmbeddedFile(name=name, content=content)
    return list(found.values())


def _question(
    element: Element, number: int, line: int, answer_lines: list[int], category: str
) -> ParsedQuestion:
    qtype = element.get("type", "")
    name = _text(element.find("name"))
    ctx: dict[str, Any] = {"number": number, "name": name, "line": line}
    if qtype not in CONTRACT_TYPES:
        raise ParseError(
            f"question type {qtype!r} is not supported (supported: {', '.join(CONTRACT_TYPES)})", **ctx
        )
    text_element = element.find("questiontext")
    text = _text(text_element)
    q = ParsedQuestion(
        number=number,
        line=line,
        name=name or default_name(text),
        qtype=qtype,
        category=category,
        text=text,
        text_format=_format(text_element),
        general_feedback=_text(element.find("generalfeedback")),
    )
    ctx = {"number": number, "name": q.name, "line": line}
    q.default_mark = _default_mark(element, ctx)
    q.tags = _tags(element)
    q.files = _files(element, ctx)
    q.difficulty, q.content_page = (
        _ours(element, "rampway_difficulty"),
        _ours(element, "rampway_content_page"),
    )
    answers = element.findall("answer")
    fraction_ctx = ctx | {"answer_lines": answer_lines}
    if qtype in (QuestionType.MULTICHOICE, QuestionType.SHORTANSWER, QuestionType.TRUEFALSE):
        for index, answer in enumerate(answers):
            q.answers.append(
                {
                    "text": _text(answer),
                    "fraction": _fraction(answer, fraction_ctx, index),
                    "feedback": _text(answer.find("feedback")),
                }
            )
        q.single = _bool(element, "single", True)
        q.case_sensitive = _bool(element, "usecase", False)
        if qtype == QuestionType.TRUEFALSE:
            texts = sorted(a["text"].lower() for a in q.answers)
            if texts != ["false", "true"]:
                raise ParseError("a true/false question needs exactly the answers 'true' and 'false'", **ctx)
            for a in q.answers:
                a["text"] = a["text"].lower()
            q.answers.sort(key=lambda a: a["text"] != "true")
    elif qtype == QuestionType.NUMERICAL:
        for index, answer in enumerate(answers):
            raw = _text(answer)
            try:
                value = None if raw == "*" else float(raw)
                tolerance = abs(float(answer.findtext("tolerance") or 0))
            except ValueError:
                raise ParseError(f"numerical answer {raw!r} is not a number", **ctx) from None
            q.answers.append(
                {
                    "value": value,
                    "tolerance": tolerance,
                    "fraction": _fraction(answer, fraction_ctx, index),
                    "feedback": _text(answer.find("feedback")),
                }
            )
    elif qtype == QuestionType.MULTIANSWER:
        try:
            q.text, q.subquestions = parse_cloze(q.text)
        except ClozeError as exc:
            raise ParseError(str(exc), **ctx) from None
    elif qtype == QuestionType.ORDERING:
        # qtype_ordering keeps each item's correct position in its fraction; fall back to document order.
        items = []
        for index, answer in enumerate(answers):
            try:
                position = float(answer.get("fraction", ""))
            except ValueError:
                position = float(index + 1)
            items.append((position, index, _text(answer)))
        q.answers = [{"text": text} for _position, _index, text in sorted(items)]
        if len(q.answers) < 2:
            raise ParseError("an ordering question needs at least two items", **ctx)
    elif qtype == QuestionType.MATCHING:
        for sub in element.findall("subquestion"):
            q.answers.append({"question": _text(sub), "answer": _text(sub.find("answer"))})
        if sum(1 for a in q.answers if a["question"]) < 2:
            raise ParseError("a matching question needs at least two pairs", **ctx)
    if qtype in (
        QuestionType.MULTICHOICE,
        QuestionType.SHORTANSWER,
        QuestionType.NUMERICAL,
        QuestionType.TRUEFALSE,
    ) and not any(a["fraction"] > 0 for a in q.answers):
        raise ParseError("no answer gets any credit", **ctx)
    return q


_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2""")


def parse_moodlexml(source: str | bytes) -> list[ParsedQuestion]:
    """Every question in file order; raises ParseError naming the question and line on invalid input."""
    try:
        text = source.decode("utf-8-sig") if isinstance(source, bytes) else source.lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise ParseError(f"the file is not UTF-8 text (byte {exc.start + 1})") from None
    # Text is already decoded: its declaration's encoding (e.g. ISO-8859-1) no longer describes the UTF-8 bytes
    # handed to the parser, so it is dropped.
    text = _DECLARED_ENCODING.sub(r"\1", text, count=1)
    try:
        root = SafeET.fromstring(text.encode("utf-8"))
    except SafeET.ParseError as exc:
        raise ParseError(f"the file is not well-formed XML ({exc})") from None
    except Exception as exc:  # defusedxml refuses entity tricks with its own exception types
        raise ParseError(f"the file is refused as unsafe XML ({type(exc).__name__})") from None
    if root.tag != "quiz":
        raise ParseError(f"the root element is <{root.tag}>, expected <quiz>", line=1)
    lines = _line_numbers(text)
    questions: list[ParsedQuestion] = []
    category = ""
    for index, element in enumerate(root.findall("question")):
        line, answer_lines = lines[index] if index < len(lines) else (0, [])
        if element.get("type") == "category":
            category = category_path(_text(element.find("category")))
            continue
        questions.append(_question(element, len(questions) + 1, line, answer_lines, category))
    return questions


def _text_node(parent: Element, tag: str, value: str, text_format: str | None = None) -> Element:
    node = SubElement(parent, tag)
    if text_format is not None:
        node.set("format", _EXPORT_FORMATS.get(text_format, "html"))
    SubElement(node, "text").text = value
    return node


def export_moodlexml(questions: Iterable[ParsedQuestion]) -> str:
    """A Moodle XML document with a category element before each change of category."""
    quiz = Element("quiz")
    category: str | None = None
    for q in questions:
        if q.category != category:
            category = q.category
            cat = SubElement(quiz, "question", type="category")
            _text_node(cat, "category", f"$course$/{category}" if category else "$course$")
        node = SubElement(quiz, "question", type=q.qtype)
        _text_node(node, "name", q.name)
        text = to_cloze(q.text, q.subquestions) if q.qtype == QuestionType.MULTIANSWER else q.text
        question_text = _text_node(node, "questiontext", text, q.text_format)
        for embedded in q.files:
            SubElement(
                question_text, "file", name=embedded.name, path="/", encoding="base64"
            ).text = base64.b64encode(embedded.content).decode("ascii")
        _text_node(node, "generalfeedback", q.general_feedback, "html")
        SubElement(node, "defaultgrade").text = f"{float(q.default_mark):.7g}"
        if q.difficulty:
            SubElement(node, "rampway_difficulty").text = str(q.difficulty)
        if q.content_page:
            SubElement(node, "rampway_content_page").text = str(q.content_page)
        if q.tags:
            tags = SubElement(node, "tags")
            for tag in q.tags:
                _text_node(tags, "tag", tag)
        if q.qtype == QuestionType.MULTICHOICE:
            SubElement(node, "single").text = "true" if q.single else "false"
        if q.qtype == QuestionType.SHORTANSWER:
            SubElement(node, "usecase").text = "1" if q.case_sensitive else "0"
        if q.qtype == QuestionType.MATCHING:
            for pair in q.answers:
                sub = _text_node(node, "subquestion", pair["question"], "html")
                _text_node(sub, "answer", pair["answer"])
            continue
        if q.qtype == QuestionType.MULTIANSWER:
            continue
        if q.qtype == QuestionType.ORDERING:
            SubElement(node, "layouttype").text = "VERTICAL"
            SubElement(node, "selecttype").text = "ALL"
            SubElement(node, "gradingtype").text = "ABSOLUTE_POSITION"
            for position, item in enumerate(q.answers, start=1):
                answer = SubElement(node, "answer", fraction=str(position), format="moodle_auto_format")
                SubElement(answer, "text").text = item["text"]
            continue
        for a in q.answers:
            answer = SubElement(node, "answer", fraction=f"{float(a['fraction']) * 100:.7g}")
            if q.qtype == QuestionType.NUMERICAL:
                SubElement(answer, "text").text = "*" if a.get("value") is None else repr(float(a["value"]))
                SubElement(answer, "tolerance").text = repr(float(a.get("tolerance") or 0.0))
            else:
                SubElement(answer, "text").text = a["text"]
            _text_node(answer, "feedback", a.get("feedback", ""), "html")
    body = tostring(quiz, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
