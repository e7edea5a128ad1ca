"""Forms of the trainer's workbench: bank filters, bulk actions, the question editor and the exam builder."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from courses.blocks import SECTION_CHOICES

from .authoring import EXAM_FIELDS
from .grading import valid_grade
from .models import Category, Difficulty, Exam, Question, QuestionBank, QuestionType, Tag
from .review import ITEMS, TIMINGS, ReviewItem, ReviewTiming, review_options_clean, review_options_default

# What the editor offers: every type the engine grades or shows (descriptions carry no marks).
EDITABLE_TYPES = [
    (QuestionType.MULTICHOICE.value, gettext_lazy("Multiple choice")),
    (QuestionType.TRUEFALSE.value, gettext_lazy("True/false")),
    (QuestionType.SHORTANSWER.value, gettext_lazy("Short answer")),
    (QuestionType.NUMERICAL.value, gettext_lazy("Numerical")),
    (QuestionType.MATCHING.value, gettext_lazy("Matching")),
    (QuestionType.ORDERING.value, gettext_lazy("Ordering")),
    (QuestionType.ESSAY.value, gettext_lazy("Essay")),
    (QuestionType.DESCRIPTION.value, gettext_lazy("Description")),
]


def _category_choices(bank: QuestionBank) -> list[tuple[int, str]]:
    from .authoring import category_tree

    return [(node.category.pk, "— " * node.depth + node.category.name) for node in category_tree(bank)]


class BankFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    category = forms.TypedChoiceField(
        label=gettext_lazy("Category"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *Question.Status.choices],
    )
    qtype = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("Any type")), *QuestionType.choices],
    )
    tag = forms.ModelChoiceField(
        label=gettext_lazy("Tag"),
        required=False,
        queryset=Tag.objects.all(),
        empty_label=gettext_lazy("Any tag"),
    )
    difficulty = forms.TypedChoiceField(
        label=gettext_lazy("Difficulty"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("Any difficulty")), *Difficulty.choices],
    )
    page = forms.TypedChoiceField(
        label=gettext_lazy("Content page"), required=False, coerce=int, empty_value=None
    )
    needs_review = forms.BooleanField(label=gettext_lazy("Needs review only"), required=False)

    def __init__(self, *args: Any, bank: QuestionBank, pages: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *_category_choices(bank)]  # type: ignore[attr-defined]
        self.fields["page"].choices = [("", _("Any page")), *pages]  # type: ignore[attr-defined]


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("approve", gettext_lazy("Approve")),
        ("retire", gettext_lazy("Retire")),
        ("move", gettext_lazy("Move to category")),
        ("tag", gettext_lazy("Add tag")),
    ]
    action = forms.ChoiceField(label=gettext_lazy("With the selected questions"), choices=ACTIONS)
    selected = forms.TypedMultipleChoiceField(coerce=int, label=gettext_lazy("Questions"))
    category = forms.TypedChoiceField(
        label=gettext_lazy("Category"), required=False, coerce=int, empty_value=None
    )
    tag = forms.CharField(label=gettext_lazy("Tag"), required=False, max_length=60)

    def __init__(self, *args: Any, bank: QuestionBank, question_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(pk, pk) for pk in question_ids]  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", "—"), *_category_choices(bank)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "move" and not data.get("category"):
            self.add_error("category", _("Choose the category to move the questions to."))
        if data.get("action") == "tag" and not (data.get("tag") or "").strip():
            self.add_error("tag", _("Name the tag to add."))
        return data


def _percent(raw: str, line: int) -> float:
    text = raw.strip().rstrip("%").strip()
    try:
        value = float(text) / 100
    except ValueError:
        raise ValidationError(
            _("Line %(line)s: “%(value)s” is not a percentage.") % {"line": line, "value": raw.strip()}
        ) from None
    fraction = valid_grade(value)
    if fraction is None:
        raise ValidationError(
            _("Line %(line)s: %(value)s%% is not one of Moodle's grades (100, 90, 83.33333, 80, 75, … 5, 0).")
            % {"line": line, "value": text}
        )
    return fraction


def _number(raw: str, line: int) -> float:
    try:
        return float(raw.strip().replace(",", "."))
    except ValueError:
        raise ValidationError(
            _("Line %(line)s: “%(value)s” is not a number.") % {"line": line, "value": raw.strip()}
        ) from None


# One answer per line, fields split by "|": a line break or a "|" inside a field is written \\n or \\|, so
# bilingual answers ("English\\n中文") survive an edit unchanged.
_ESCAPES = {"n": "\n", "r": "\r", "|": "|", "\\": "\\"}


def _escape(text: Any) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\r", "\\r").replace("\n", "\\n")


def _split(line: str) -> list[str]:
    parts, current, i = [], [], 0
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line) and line[i + 1] in _ESCAPES:
            current.append(_ESCAPES[line[i + 1]])
            i += 2
            continue
        if char == "|":
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current).strip())
    return parts


def _join(*parts: Any) -> str:
    cells = [_escape(p) for p in parts]
    while len(cells) > 1 and cells[-1] == "":
        cells.pop()
    return " | ".join(cells)


def _lines(text: str) -> list[tuple[int, list[str]]]:
    return [(n, _split(line)) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def data_from_answers(
    qtype: str, answers: str, *, multiple: bool, case_sensitive: bool, tf: dict[str, str]
) -> dict[str, Any]:
    """The answer key from the editor's lines (one answer per line, fields separated by |); errors name the line."""
    rows = _lines(answers)
    if qtype == QuestionType.MULTICHOICE:
        parsed: list[dict[str, Any]] = []
        for n, parts in rows:
            if len(parts) < 2:
                raise ValidationError(_("Line %(line)s: write “percent | answer | feedback”.") % {"line": n})
            parsed.append(
                {"text": parts[1], "fraction": _percent(parts[0], n), "feedback": "|".join(parts[2:])}
            )
        if len(parsed) < 2:
            raise ValidationError(_("A multiple-choice question needs at least two answers."))
        if not any(float(a["fraction"]) > 0 for a in parsed):
            raise ValidationError(_("At least one answer must earn marks."))
        if not multiple and not any(a["fraction"] == 1.0 for a in parsed):
            raise ValidationError(_("A single-answer question needs one answer worth 100%."))
        return {"single": not multiple, "answers": parsed}
    if qtype == QuestionType.TRUEFALSE:
        right = tf.get("correct", "true")
        return {
            "answers": [
                {
                    "text": "true",
                    "fraction": 1.0 if right == "true" else 0.0,
                    "feedback": tf.get("feedback_true", ""),
                },
                {
                    "text": "false",
                    "fraction": 1.0 if right == "false" else 0.0,
                    "feedback": tf.get("feedback_false", ""),
                },
            ]
        }
    if qtype == QuestionType.SHORTANSWER:
        parsed = []
        for n, parts in rows:
            if len(parts) < 2 or not parts[1]:
                raise ValidationError(
                    _("Line %(line)s: write “percent | accepted answer | feedback”.") % {"line": n}
                )
            parsed.append(
                {"text": parts[1], "fraction": _percent(parts[0], n), "feedback": "|".join(parts[2:])}
            )
        if not any(a["fraction"] == 1.0 for a in parsed):
            raise ValidationError(_("A short-answer question needs one accepted answer worth 100%."))
        return {"case_sensitive": case_sensitive, "answers": parsed}
    if qtype == QuestionType.NUMERICAL:
        parsed = []
        for n, parts in rows:
            if len(parts) < 2:
                raise ValidationError(
                    _("Line %(line)s: write “percent | value | tolerance | feedback”.") % {"line": n}
                )
            parsed.append(
                {
                    "value": _number(parts[1], n),
                    "tolerance": _number(parts[2], n) if len(parts) > 2 and parts[2] else 0.0,
                    "fraction": _percent(parts[0], n),
                    "feedback": "|".join(parts[3:]),
                }
            )
        if not any(a["fraction"] == 1.0 for a in parsed):
            raise ValidationError(_("A numerical question needs one answer worth 100%."))
        return {"answers": parsed}
    if qtype == QuestionType.MATCHING:
        pairs = []
        for n, parts in rows:
            if len(parts) != 2 or not parts[1]:
                raise ValidationError(_("Line %(line)s: write “item | its match”.") % {"line": n})
            pairs.append({"question": parts[0], "answer": parts[1]})
        if sum(1 for p in pairs if p["question"]) < 2:
            raise ValidationError(_("A matching question needs at least two pairs."))
        return {"pairs": pairs}
    if qtype == QuestionType.ORDERING:
        items = ["|".join(parts) for _n, parts in rows]
        if len(items) < 2:
            raise ValidationError(_("An ordering question needs at least two items."))
        return {"items": items}
    return {}


def answers_from_data(qtype: str, data: dict[str, Any]) -> str:
    """The editor's lines for a stored answer key (the inverse of data_from_answers)."""

    def pct(fraction: Any) -> str:
        return f"{float(fraction) * 100:g}"

    answers = data.get("answers", [])
    if qtype in (QuestionType.MULTICHOICE, QuestionType.SHORTANSWER):
        return "\n".join(_join(pct(a["fraction"]), a["text"], a.get("feedback", "")) for a in answers)
    if qtype == QuestionType.NUMERICAL:
        return "\n".join(
            _join(
                pct(a["fraction"]),
                a.get("value"),
                f"{float(a.get('tolerance') or 0):g}",
                a.get("feedback", ""),
            )
            for a in answers
        )
    if qtype == QuestionType.MATCHING:
        return "\n".join(_join(p["question"], p["answer"]) or " |" for p in data.get("pairs", []))
    if qtype == QuestionType.ORDERING:
        return "\n".join(_escape(item) for item in data.get("items", []))
    return ""


def normalized_data(qtype: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """The stored key as the editor would save it unchanged (None when the editor cannot express it).

    Saving the form without touching the answers must not add a version just because the stored key carries
    keys the editor does not write (an import's extra fields, a missing empty feedback)."""
    tf = {a["text"]: a for a in data.get("answers", [])} if qtype == QuestionType.TRUEFALSE else {}
    try:
        return data_from_answers(
            qtype,
            answers_from_data(qtype, data),
            multiple=not data.get("single", True),
            case_sensitive=bool(data.get("case_sensitive")),
            tf={
                "correct": "true" if tf.get("true", {}).get("fraction", 1) else "false",
                "feedback_true": tf.get("true", {}).get("feedback", ""),
                "feedback_false": tf.get("false", {}).get("feedback", ""),
            },
        )
    except (ValidationError, KeyError, TypeError, ValueError):
        return None


class QuestionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=255)
    qtype = forms.ChoiceField(label=gettext_lazy("Type"), choices=EDITABLE_TYPES)
    category = forms.TypedChoiceField(
        label=gettext_lazy("Category"), required=False, coerce=int, empty_value=None
    )
    difficulty = forms.TypedChoiceField(
        label=gettext_lazy("Difficulty"), coerce=int, choices=Difficulty.choices, initial=Difficulty.MEDIUM
    )
    default_mark = forms.DecimalField(
        label=gettext_lazy("Mark"), min_value=0, max_value=1000, decimal_places=2, initial=1
    )
    text = forms.CharField(label=gettext_lazy("Question text"), widget=forms.Textarea(attrs={"rows": 5}))
    answers = forms.CharField(
        label=gettext_lazy("Answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "One per line. Multiple choice and short answer: percent | answer | feedback. "
            "Numerical: percent | value | tolerance | feedback. Matching: item | its match. "
            "Ordering: the items in the right order. Write \\n for a line break and \\| for a bar inside a field."
        ),
    )
    multiple = forms.BooleanField(label=gettext_lazy("Several answers may be chosen"), required=False)
    case_sensitive = forms.BooleanField(label=gettext_lazy("Case sensitive"), required=False)
    tf_correct = forms.ChoiceField(
        label=gettext_lazy("The right answer"),
        required=False,
        choices=[("true", gettext_lazy("True")), ("false", gettext_lazy("False"))],
        widget=forms.RadioSelect,
        initial="true",
    )
    tf_feedback_true = forms.CharField(label=gettext_lazy("Feedback for “true”"), required=False)
    tf_feedback_false = forms.CharField(label=gettext_lazy("Feedback for “false”"), required=False)
    general_feedback = forms.CharField(
        label=gettext_lazy("General feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    tags = forms.CharField(
        label=gettext_lazy("Tags"), required=False, help_text=gettext_lazy("Separated by commas.")
    )
    content_page = forms.ModelChoiceField(
        label=gettext_lazy("Content page"), required=False, queryset=Page.objects.filter(depth__gt=1)
    )
    content_section = forms.ChoiceField(
        label=gettext_lazy("Section of that page"),
        required=False,
        choices=[("", gettext_lazy("The whole page")), *SECTION_CHOICES],
        help_text=gettext_lazy("A material change to another section leaves this question alone."),
    )

    def __init__(self, *args: Any, bank: QuestionBank, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bank = bank
        self.fields["category"].choices = [("", "—"), *_category_choices(bank)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        qtype = data.get("qtype")
        if qtype:
            try:
                data["data"] = data_from_answers(
                    qtype,
                    data.get("answers") or "",
                    multiple=bool(data.get("multiple")),
                    case_sensitive=bool(data.get("case_sensitive")),
                    tf={
                        "correct": data.get("tf_correct") or "true",
                        "feedback_true": data.get("tf_feedback_true") or "",
                        "feedback_false": data.get("tf_feedback_false") or "",
                    },
                )
            except ValidationError as exc:
                self.add_error("answers", exc)
        if data.get("category"):
            data["category_obj"] = Category.objects.filter(bank=self.bank, pk=data["category"]).first()
            if data["category_obj"] is None:
                self.add_error("category", _("Choose a category of this bank."))
        else:
            data["category_obj"] = None
        if data.get("content_section") and not data.get("content_page"):
            self.add_error("content_section", _("Choose the content page this section belongs to."))
        data["tag_names"] = [t.strip() for t in (data.get("tags") or "").split(",") if t.strip()]
        return data

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        latest = question.versions.order_by("-number").first()
        assert latest is not None
        data = latest.data or {}
        tf = {a["text"]: a for a in data.get("answers", [])} if latest.qtype == QuestionType.TRUEFALSE else {}
        return {
            "version": question.version,
            "name": question.name,
            "qtype": latest.qtype,
            "category": question.category_id,
            "difficulty": question.difficulty,
            "default_mark": latest.default_mark,
            "text": latest.text,
            "answers": answers_from_data(latest.qtype, data),
            "multiple": not data.get("single", True),
            "case_sensitive": bool(data.get("case_sensitive")),
            "tf_correct": "true" if tf.get("true", {}).get("fraction", 1) else "false",
            "tf_feedback_true": tf.get("true", {}).get("feedback", ""),
            "tf_feedback_false": tf.get("false", {}).get("feedback", ""),
            "general_feedback": latest.general_feedback,
            "tags": ", ".join(t.name for t in question.tags.all()),
            "content_page": question.content_page_id,
            "content_section": question.content_section,
        }


class ReviewOptionsWidget(forms.Widget):
    """Moodle's review grid: a row per timing, a native checkbox per thing shown (name `<name>_<timing>_<item>`)."""

    template_name = "exams/workbench/_review_grid.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, list[str]]:
        return {t: [i for i in ITEMS if data.get(f"{name}_{t}_{i}")] for t in TIMINGS}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an unticked box sends nothing: an all-empty grid is a choice, not an omission

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        try:
            chosen = review_options_clean(value or {})
        except ValidationError:
            chosen = {t: [] for t in TIMINGS}
        context["items"] = [ReviewItem(i).label for i in ITEMS]
        context["rows"] = [
            {
                "label": ReviewTiming(t).label,
                "timing": t,
                "cells": [
                    {"name": f"{name}_{t}_{i}", "checked": i in chosen[t], "label": ReviewItem(i).label}
                    for i in ITEMS
                ],
            }
            for t in TIMINGS
        ]
        return context


class ReviewOptionsField(forms.Field):
    widget = ReviewOptionsWidget

    def to_python(self, value: Any) -> dict[str, list[str]]:
        return review_options_clean(value or {})


class ExamForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    review_options = ReviewOptionsField(
        label=gettext_lazy("Review options"),
        required=False,
        # A declared field does not take the model field's default: a new exam starts from the same defaults.
        initial=review_options_default,
        help_text=gettext_lazy(
            "What the learner sees at each moment. “During the attempt” applies to practice exams (the Check "
            "button); “immediately after” is the two minutes after submitting; an exam without a closing "
            "date never reaches “after the exam closes” until you close it."
        ),
    )

    class Meta:
        model = Exam
        fields = list(EXAM_FIELDS)  # the same fields the service snapshots for the audit row
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_zh_hans": forms.Textarea(attrs={"rows": 3}),
        }
        # The model's foreign key has no verbose name of its own: without this the label is never translated.
        labels = {
            "bank": gettext_lazy("Bank"),
            "title_en": gettext_lazy("Title (English)"),
            "title_zh_hans": gettext_lazy("Title (Chinese)"),
            "description_en": gettext_lazy("Rules and description (English)"),
            "description_zh_hans": gettext_lazy("Rules and description (Chinese)"),
        }
        help_texts = {
            "title_zh_hans": gettext_lazy(
                "Optional: readers of the Chinese interface see the English without it."
            )
        }

    def clean_title_zh_hans(self) -> str | None:
        return self.cleaned_data.get("title_zh_hans") or None  # empty: fall back to the English

    def clean_description_zh_hans(self) -> str | None:
        return self.cleaned_data.get("description_zh_hans") or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The exam must close after it opens."))
        if data.get("certifying") and data.get("practice"):
            self.add_error("practice", _("A practice exam cannot issue a certification."))
        return data


class RuleForm(forms.Form):
    category = forms.TypedChoiceField(
        label=gettext_lazy("Category"), coerce=int, required=False, empty_value=None
    )
    difficulty = forms.TypedChoiceField(
        label=gettext_lazy("Difficulty"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", gettext_lazy("Any difficulty")), *Difficulty.choices],
    )
    count = forms.IntegerField(label=gettext_lazy("Questions"), min_value=1, max_value=500, required=False)

    def __init__(self, *args: Any, bank: QuestionBank, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *_category_choices(bank)]  # type: ignore[attr-defined]
        # The rules table's column heads are not <label>s: each control carries its column's name itself.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = str(field.label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") and not data.get("count"):
            self.add_error("count", _("How many questions should this rule draw?"))
        return data


RuleFormSet = forms.formset_factory(RuleForm, extra=2, max_num=50)


class OverrideForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Learner's email"), required=False)
    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("or a team"),
        required=False,
        queryset=None,  # type: ignore[arg-type]
    )
    opens_at = forms.DateTimeField(
        label=gettext_lazy("Opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    time_limit_minutes = forms.IntegerField(
        label=gettext_lazy("Time limit (minutes)"), required=False, min_value=1
    )
    attempts_allowed = forms.IntegerField(
        label=gettext_lazy("Attempts allowed (0 = unlimited)"), required=False, min_value=0
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from accounts.models import OrgUnit

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM).order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        from accounts.models import User

        data = super().clean() or {}
        email, team = data.get("email"), data.get("team")
        if bool(email) == bool(team):
            raise ValidationError(_("Name either one learner or one team."))
        data["user"] = None
        if email:
            data["user"] = User.objects.filter(email__iexact=email).first()
            if data["user"] is None:
                self.add_error("email", _("Nobody has this email address."))
        return data


class ReportFilterForm(forms.Form):
    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        required=False,
        queryset=None,
        empty_label=gettext_lazy("All teams"),  # type: ignore[arg-type]
    )
    since = forms.DateField(
        label=gettext_lazy("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from accounts.models import OrgUnit

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = OrgUnit.objects.filter(kind=OrgUnit.Kind.TEAM).order_by("name")  # type: ignore[attr-defined]


class QuestionFileForm(forms.Form):
    """An image added in the question editor; its checks (size, type from the bytes) are the service's."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    image = forms.FileField(
        label=gettext_lazy("Image"),
        help_text=gettext_lazy("PNG, JPEG, GIF or WebP, at most 2 MB. It is shown at the end of the text."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    alt = forms.CharField(
        label=gettext_lazy("Description for screen readers"), max_length=200, required=False
    )
