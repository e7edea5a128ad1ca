"""Question interchange formats (GIFT, Moodle XML): pure parsers returning ParsedQuestion, and the shared rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..grading import valid_grade
from ..vocabulary import QuestionType

CONTRACT_TYPES = (
    QuestionType.MULTICHOICE,
    QuestionType.TRUEFALSE,
    QuestionType.SHORTANSWER,
    QuestionType.NUMERICAL,
    QuestionType.MATCHING,
    QuestionType.ORDERING,
    QuestionType.MULTIANSWER,
    QuestionType.ESSAY,
    QuestionType.DESCRIPTION,
)
TEXT_FORMATS = ("html", "moodle", "plain", "markdown")
# One embedded image or attachment, decoded; the whole upload is capped separately (imports.QUESTION_LIMITS).
MAX_EMBEDDED_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class EmbeddedFile:
    """A file a Moodle XML question carries (`<file name=.. encoding="base64">`), referenced in its texts as
    ``@@PLUGINFILE@@/name``. `content` is the decoded bytes; the name is a plain file name, checked by the parser."""

    name: str
    content: bytes


class ParseError(ValueError):
    """Invalid input; the message names the question (number and name) and the line."""

    def __init__(self, message: str, *, number: int = 0, name: str = "", line: int = 0) -> None:
        where = []
        if number:
            where.append(f"question {number}")
        if name:
            where.append(f"{name!r}")
        if line:
            where.append(f"line {line}")
        prefix = " ".join(where)
        super().__init__(f"{prefix[:1].upper()}{prefix[1:]}: {message}" if prefix else message)
        self.number, self.name, self.line, self.reason = number, name, line, message


@dataclass
class ParsedQuestion:
    """One imported question. `answers` follow the import contract, plus a `feedback` key where there is one."""

    number: int
    line: int
    name: str
    qtype: str
    category: str
    text: str
    text_format: str = "html"
    general_feedback: str = ""
    single: bool = True
    case_sensitive: bool = False
    answers: list[dict[str, Any]] = field(default_factory=list)
    # Moodle's <defaultgrade> (GIFT has none): what the question is worth in an exam's total.
    default_mark: float = 1.0
    tags: list[str] = field(default_factory=list)
    # Ours, not Moodle's: kept in an export so that importing it again restores them (Moodle ignores them).
    difficulty: int | None = None
    content_page: int | None = None
    # Cloze: the blanks {#1}, {#2}… in `text`, each {"type", "mark", "answers", ["case_sensitive"]}.
    subquestions: list[dict[str, Any]] = field(default_factory=list)
    # Images and attachments embedded in Moodle XML, in file order, each name once.
    files: list[EmbeddedFile] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        """The type-specific data stored on a QuestionVersion and handed to grading."""
        if self.qtype == QuestionType.MATCHING:
            return {"pairs": [dict(a) for a in self.answers]}
        if self.qtype == QuestionType.ORDERING:
            return {"items": [a["text"] for a in self.answers]}
        if self.qtype == QuestionType.MULTIANSWER:
            return {
                "subquestions": [dict(s, answers=[dict(a) for a in s["answers"]]) for s in self.subquestions]
            }
        data: dict[str, Any] = {"answers": [dict(a) for a in self.answers]}
        if self.qtype == QuestionType.MULTICHOICE:
            data["single"] = self.single
        if self.qtype == QuestionType.SHORTANSWER:
            data["case_sensitive"] = self.case_sensitive
        return data

    def contract(self) -> dict[str, Any]:
        """The object `import_questions --json` prints for this question."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.qtype,
            "category": self.category,
            "text": self.text,
        }
        if self.qtype == QuestionType.MULTICHOICE:
            out["single"] = self.single
        if self.qtype in (QuestionType.MULTICHOICE, QuestionType.SHORTANSWER, QuestionType.TRUEFALSE):
            out["answers"] = [{"text": a["text"], "fraction": float(a["fraction"])} for a in self.answers]
        elif self.qtype == QuestionType.NUMERICAL:
            # A catch-all "*" answer has no value: it only carries feedback, so the contract leaves it out.
            out["answers"] = [
                {
                    "value": float(a["value"]),
                    "tolerance": float(a["tolerance"]),
                    "fraction": float(a["fraction"]),
                }
                for a in self.answers
                if a.get("value") is not None
            ]
        elif self.qtype == QuestionType.MATCHING:
            out["answers"] = [{"question": a["question"], "answer": a["answer"]} for a in self.answers]
        elif self.qtype == QuestionType.ORDERING:
            out["answers"] = [{"text": a["text"]} for a in self.answers]
        elif self.qtype == QuestionType.MULTIANSWER:
            out["subquestions"] = [
                {
                    "type": str(s["type"]),
                    "mark": float(s["mark"]),
                    "answers": [
                        {
                            "value": float(a["value"]),
                            "tolerance": float(a["tolerance"]),
                            "fraction": float(a["fraction"]),
                        }
                        if s["type"] == QuestionType.NUMERICAL
                        else {"text": a["text"], "fraction": float(a["fraction"])}
                        for a in s["answers"]
                        if s["type"] != QuestionType.NUMERICAL or a.get("value") is not None
                    ],
                }
                for s in self.subquestions
            ]
        else:
            out["answers"] = []
        out["default_mark"] = float(self.default_mark)
        out["tags"] = list(self.tags)
        out["files"] = [f.name for f in self.files]
        return out


def category_path(raw: str) -> str:
    """Moodle category path → ours: parts joined by "/", a leading "$course$/" dropped, "" for none."""
    path = raw.strip()
    if path.startswith("$course$/"):
        path = path[len("$course$/") :]
    elif path == "$course$":
        path = ""
    parts = [p.strip() for p in re.split(r"(?<!/)/(?!/)", path) if p.strip()]
    return "/".join(p.replace("//", "/") for p in parts)


def checked_fraction(percent: float, *, number: int, name: str, line: int) -> float:
    grade = valid_grade(percent / 100.0)
    if grade is None:
        raise ParseError(
            f"{percent:g}% is not a valid Moodle grade (use e.g. 100, 50, 33.33333, 25, 0, -50, -100)",
            number=number,
            name=name,
            line=line,
        )
    return grade


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def unsafe_file_name(name: str) -> str:
    """Why an embedded file's name is refused ("" when it is a plain file name): it is shown and put in URLs,
    never used as a storage path, but a name with a directory part can only be a mistake or an attack."""
    if not name.strip():
        return "the file has no name"
    if "/" in name or "\\" in name or name in (".", ".."):
        return "a file name may not contain a directory (/ or \\) or be . or .."
    if _CONTROL_RE.search(name):
        return "a file name may not contain control characters"
    if len(name) > 200:
        return "a file name may have at most 200 characters"
    return ""


_TAG_RE = re.compile(r"<[^>]+>")


def default_name(text: str) -> str:
    """Moodle's default name for an unnamed question: the text without tags, shortened to 80 characters."""
    plain = " ".join(_TAG_RE.sub(" ", text).split())
    if len(plain) <= 80:
        return plain
    cut = plain[:80].rsplit(" ", 1)[0]
    return f"{cut}..."
