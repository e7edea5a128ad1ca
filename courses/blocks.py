"""StreamField blocks: the fixed sections of a product/solution page and the blocks a lesson is built from."""

from __future__ import annotations

from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock


def is_blank(value: Any) -> bool:
    """True when a block value holds no words: empty strings, empty rich text, empty lists of empty items."""
    if value is None:
        return True
    if isinstance(value, RichText):
        return not strip_tags(value.source).strip()
    if isinstance(value, str):
        return not strip_tags(value).strip()
    if isinstance(value, (blocks.StructValue, dict)):
        return all(is_blank(v) for v in value.values())
    if isinstance(value, (list, tuple, blocks.list_block.ListValue)):
        return all(is_blank(v) for v in value)
    return False


class SectionBlock(blocks.StructBlock):
    """One required section; `required_children` must all hold words before the page may be published."""

    required_children: tuple[str, ...] = ()

    def is_empty(self, value: Any) -> bool:
        if value is None:
            return True
        names = self.required_children or tuple(self.child_blocks)
        return any(is_blank(value.get(name)) for name in names)


def _notes() -> blocks.TextBlock:
    return blocks.TextBlock(
        required=False,
        label=_("Notes"),
        help_text=_("Optional: anything else a seller should know about this section."),
    )


class OverviewBlock(SectionBlock):
    text = blocks.RichTextBlock(
        required=False, label=_("Overview"), features=["bold", "italic", "ul", "link"]
    )
    required_children = ("text",)

    class Meta:
        label = _("Overview")
        icon = "doc-full"
        template = "courses/sections/overview.html"


class IdealCustomerProfileBlock(SectionBlock):
    industries = blocks.ListBlock(blocks.CharBlock(required=False), label=_("Industries"), default=[""])
    company_size = blocks.CharBlock(required=False, label=_("Company size"))
    buyer_roles = blocks.ListBlock(blocks.CharBlock(required=False), label=_("Buyer roles"), default=[""])
    notes = _notes()
    required_children = ("industries", "company_size", "buyer_roles")

    class Meta:
        label = _("Ideal customer profile")
        icon = "group"
        template = "courses/sections/icp.html"


class PainValueBlock(blocks.StructBlock):
    pain = blocks.CharBlock(required=False, label=_("Pain"))
    value = blocks.TextBlock(required=False, label=_("Value we deliver"))


class PainsValueBlock(SectionBlock):
    items = blocks.ListBlock(PainValueBlock(), label=_("Pains → value"), default=[{"pain": "", "value": ""}])
    notes = _notes()
    required_children = ("items",)

    class Meta:
        label = _("Pains → value")
        icon = "arrow-right"
        template = "courses/sections/pains_value.html"


class ElevatorPitchBlock(SectionBlock):
    pitch = blocks.TextBlock(required=False, label=_("Pitch"), help_text=_("About 30 seconds spoken aloud."))
    required_children = ("pitch",)

    class Meta:
        label = _("Elevator pitch (30 s)")
        icon = "openquote"
        template = "courses/sections/elevator_pitch.html"


class DiscoveryQuestionsBlock(SectionBlock):
    questions = blocks.ListBlock(blocks.CharBlock(required=False), label=_("Questions"), default=[""])
    notes = _notes()
    required_children = ("questions",)

    class Meta:
        label = _("Discovery questions")
        icon = "help"
        template = "courses/sections/discovery_questions.html"


class ObjectionResponseBlock(blocks.StructBlock):
    objection = blocks.CharBlock(required=False, label=_("Objection"))
    response = blocks.TextBlock(required=False, label=_("Response"))


class ObjectionsBlock(SectionBlock):
    items = blocks.ListBlock(
        ObjectionResponseBlock(), label=_("Objection → response"), default=[{"objection": "", "response": ""}]
    )
    notes = _notes()
    required_children = ("items",)

    class Meta:
        label = _("Objection → response")
        icon = "warning"
        template = "courses/sections/objections.html"


class CompetitorBlock(blocks.StructBlock):
    competitor = blocks.CharBlock(required=False, label=_("Competitor"))
    where_we_win = blocks.TextBlock(required=False, label=_("Where we win"))
    where_we_lose = blocks.TextBlock(required=False, label=_("Where we lose"))
    landmines = blocks.TextBlock(required=False, label=_("Landmines"))


class CompetitorsBlock(SectionBlock):
    items = blocks.ListBlock(
        CompetitorBlock(),
        label=_("Competitors"),
        default=[{"competitor": "", "where_we_win": "", "where_we_lose": "", "landmines": ""}],
    )
    notes = _notes()
    required_children = ("items",)

    class Meta:
        label = _("Competitor positioning")
        icon = "pick"
        template = "courses/sections/competitors.html"


class ProofPointBlock(blocks.StructBlock):
    customer = blocks.CharBlock(required=False, label=_("Customer"))
    story = blocks.TextBlock(required=False, label=_("Story"))
    result = blocks.CharBlock(required=False, label=_("Result"))


class ProofPointsBlock(SectionBlock):
    items = blocks.ListBlock(
        ProofPointBlock(), label=_("Proof points"), default=[{"customer": "", "story": "", "result": ""}]
    )
    notes = _notes()
    required_children = ("items",)

    class Meta:
        label = _("Proof points / customer stories")
        icon = "success"
        template = "courses/sections/proof_points.html"


class PricingBlock(SectionBlock):
    notes = blocks.RichTextBlock(required=False, label=_("Notes"), features=["bold", "italic", "ul", "link"])
    required_children = ("notes",)

    class Meta:
        label = _("Pricing and packaging notes")
        icon = "tag"
        template = "courses/sections/pricing.html"


# The fixed structure, in the order every product/solution page shows it.
SECTIONS: list[tuple[str, SectionBlock]] = [
    ("overview", OverviewBlock()),
    ("ideal_customer_profile", IdealCustomerProfileBlock()),
    ("pains_value", PainsValueBlock()),
    ("elevator_pitch", ElevatorPitchBlock()),
    ("discovery_questions", DiscoveryQuestionsBlock()),
    ("objections", ObjectionsBlock()),
    ("competitors", CompetitorsBlock()),
    ("proof_points", ProofPointsBlock()),
    ("pricing", PricingBlock()),
]
SECTION_CHOICES = [(name, block.meta.label) for name, block in SECTIONS]


class ContentBodyBlock(blocks.StreamBlock):
    overview = OverviewBlock()
    ideal_customer_profile = IdealCustomerProfileBlock()
    pains_value = PainsValueBlock()
    elevator_pitch = ElevatorPitchBlock()
    discovery_questions = DiscoveryQuestionsBlock()
    objections = ObjectionsBlock()
    competitors = CompetitorsBlock()
    proof_points = ProofPointsBlock()
    pricing = PricingBlock()

    class Meta:
        block_counts = {name: {"max_num": 1} for name, _block in SECTIONS}


def body_skeleton() -> list[tuple[str, Any]]:
    """Every section, empty, in order: what a new page starts with."""
    return [(name, block.get_default()) for name, block in SECTIONS]


def missing_sections(body: Any) -> list[str]:
    """Labels of the sections that are absent or empty, in the fixed order."""
    present: dict[str, Any] = {}
    for child in body or []:
        present.setdefault(child.block_type, child.value)
    missing = []
    for name, block in SECTIONS:
        if name not in present or block.is_empty(present[name]):
            missing.append(str(block.meta.label))
    return missing


# --- lesson blocks --------------------------------------------------------------------------------


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("warning", _("Watch out")), ("example", _("Example"))],
        default="tip",
        label=_("Kind"),
    )
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        label = _("Callout")
        icon = "info-circle"
        template = "courses/lesson_blocks/callout.html"


class SectionReferenceBlock(blocks.StructBlock):
    """Shows one section of a library page inline, always from the live version of that page, in the reader's
    language when the page has a live translation."""

    page = blocks.PageChooserBlock(page_type=["courses.ProductPage", "courses.SolutionPage"], label=_("Page"))
    section = blocks.ChoiceBlock(choices=SECTION_CHOICES, label=_("Section"))

    class Meta:
        label = _("Product/solution section")
        icon = "link"
        template = "courses/lesson_blocks/section_reference.html"

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        page = value.get("page")
        context["source"] = None
        context["section_value"] = None
        context["section_block"] = None
        if page is not None and page.live:
            # The block names the original page; the reader sees its live translation in their language.
            source = page.specific.localized
            context["source"] = source
            for child in source.body:
                if child.block_type == value.get("section"):
                    context["section_value"] = child.value
                    context["section_block"] = child.block
                    break
        return context


class ChoiceOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))
    feedback = blocks.CharBlock(required=False, label=_("Feedback"))


class KnowledgeCheckBlock(blocks.StructBlock):
    """One question with immediate feedback; never scored, never counted toward certification."""

    question = blocks.CharBlock(label=_("Question"))
    options = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, label=_("Answers"))
    explanation = blocks.TextBlock(required=False, label=_("Explanation"))

    class Meta:
        label = _("Knowledge check")
        icon = "help"
        template = "courses/lesson_blocks/knowledge_check.html"


class ScormBlock(SnippetChooserBlock):
    """A SCORM package played in the lesson, with the runtime's starting values for this learner."""

    def get_context(self, value: Any, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        from django.middleware.csrf import get_token
        from django.urls import reverse

        from .localisation import original_of
        from .scorm_services import scorm_may_play, scorm_start_values

        context: dict[str, Any] = super().get_context(value, parent_context=parent_context)
        request, page = context.get("request"), context.get("page")
        progress = context.get("progress")
        if value is None or request is None or page is None or progress is None:
            return context
        lesson = original_of(page)
        context["scorm_may_play"] = scorm_may_play(user=request.user, lesson=lesson)
        if context["scorm_may_play"]:
            context["scorm_config"] = {
                "launch": reverse("courses:scorm_file", args=[lesson.pk, value.launch.split("?")[0]])
                + (f"?{value.launch.split('?', 1)[1]}" if "?" in value.launch else ""),
                "runtime": reverse("courses:scorm_runtime", args=[lesson.pk]),
                # From the request, not the cookie: production renames the cookie (__Host-) and may make it HttpOnly.
                "csrf": get_token(request),
                "values": scorm_start_values(user=request.user, progress=progress),
                "completed": progress.completed_at is not None,
                "labels": {
                    "completed": str(_("Completed")),
                    "saved": str(_("Progress saved")),
                    "failed": str(_("Your progress could not be saved; it is kept until the next try.")),
                },
            }
        return context


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    image = ImageChooserBlock(label=_("Image"), template="courses/lesson_blocks/image.html")
    video = EmbedBlock(label=_("Video"), help_text=_("A YouTube, Vimeo or other oEmbed URL."))
    callout = CalloutBlock()
    section_reference = SectionReferenceBlock()
    knowledge_check = KnowledgeCheckBlock()
    scorm = ScormBlock(
        "courses.ScormPackage",
        label=_("SCORM package"),
        icon="media",
        template="courses/lesson_blocks/scorm.html",
        help_text=_("Plays the package in the lesson; a passed or completed status completes the lesson."),
    )


def referenced_page_ids(body: Any) -> set[int]:
    """Ids of the library pages a lesson body points at."""
    ids: set[int] = set()
    for child in body or []:
        if child.block_type == "section_reference":
            page = child.value.get("page")
            if page is not None:
                ids.add(page.pk)
    return ids
