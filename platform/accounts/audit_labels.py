"""Human, translatable names for the audit log's verbs (the stored verb stays the stable machine key)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERB_LABELS: dict[str, Promise] = {
    "accommodation.grant": _("Accommodation granted"),
    "api_token.create": _("API token created"),
    "api_token.revoke": _("API token revoked"),
    "attempt.regrade": _("Attempt regraded"),
    "calendar_feed.reset": _("Calendar feed address reset"),
    "candidate.anonymise": _("Candidate anonymised"),
    "candidate.declined": _("Candidate declined the offer"),
    "candidate.hired": _("Candidate hired"),
    "candidate.import": _("Candidates imported"),
    "candidate.rejected": _("Candidate rejected"),
    "candidate.stage": _("Candidate moved to another stage"),
    "candidate.withdrawn": _("Candidate withdrew"),
    "certification.issue": _("Certification issued"),
    "certification.recert_due": _("Recertification due"),
    "certification.revoke": _("Certification revoked"),
    "certification.superseded": _("Certification superseded by a newer one"),
    "coaching.engagement_create": _("Coaching engagement started"),
    "coaching.fieldday_cancel": _("Field day cancelled"),
    "coaching.program_create": _("Coaching program created"),
    "coaching.program_edit": _("Coaching program edited"),
    "coaching.program_version": _("Coaching program saved as a new version"),
    "coaching.qualification_appeal": _("Qualification decision appealed"),
    "coaching.qualification_apply": _("Qualification applied for"),
    "coaching.qualification_decide": _("Qualification decided"),
    "coaching.qualification_restore": _("Qualification restored"),
    "coaching.qualification_suspend": _("Qualification suspended"),
    "coaching.session_acknowledge": _("Coaching session acknowledged"),
    "coaching.session_close": _("Coaching session closed without the self-rating"),
    "coaching.session_coach_rate": _("Coaching session rated by the coach"),
    "coaching.session_create": _("Coaching session started"),
    "coaching.session_self_rate": _("Coaching session self-rated"),
    "exam.create": _("Exam created"),
    "exam.override": _("Exam terms overridden"),
    "exam.override_remove": _("Exam override removed"),
    "exam.pass_mark_adopt": _("Pass mark adopted"),
    "exam.publish": _("Exam published"),
    "exam.update": _("Exam settings changed"),
    "interview.assign": _("Interviewer assigned"),
    "interview.cancel": _("Interview cancelled"),
    "interview.reschedule": _("Interview rescheduled"),
    "interview.schedule": _("Interview scheduled"),
    "membership.add": _("Added to a team"),
    "membership.remove": _("Removed from a team"),
    "performance.api_write": _("Performance records written through the API"),
    "performance.import": _("Performance records imported"),
    "question.approve": _("Question approved"),
    "question.create": _("Question created"),
    "question.edit": _("Question edited"),
    "question.move": _("Question moved"),
    "question.retire": _("Question retired"),
    "question.tag": _("Question tagged"),
    "questions.import": _("Questions imported"),
    "recertification_step.close": _("Recertification step closed"),
    "recertification_step.open": _("Recertification step assigned"),
    "requisition.create": _("Requisition created"),
    "requisition.plan_save": _("Interview plan saved"),
    "requisition.status": _("Requisition status changed"),
    "requisition.update": _("Requisition updated"),
    "response.grade": _("Answer graded"),
    "response.grade_rubric": _("Answer graded with a rubric"),
    "response.mark_override": _("Answer mark overridden"),
    "role.grant": _("Role granted"),
    "role.revoke": _("Role revoked"),
    "rubric.create": _("Rubric created"),
    "rubric.version_create": _("Rubric version created"),
    "rubric.version_lock": _("Rubric version locked"),
    "scorecard.amend": _("Scorecard corrected"),
    "scorecard.submit": _("Scorecard submitted"),
    "user.create": _("Person added"),
    "user.language": _("Preferred language changed"),
    "validity_study.create": _("Validity study started"),
    "validity_study.done": _("Validity study finished"),
    "weight_proposal.adopt": _("Weight proposal adopted"),
    "weight_proposal.create": _("Weight proposal made"),
    "weight_proposal.override": _("Weight proposal adopted despite a warning"),
    "weight_proposal.reject": _("Weight proposal rejected"),
}


def verb_label(verb: str) -> str:
    """The verb in words; a verb added later without a label still reads as words, not `a_b.c_d`."""
    label = VERB_LABELS.get(verb)
    if label is not None:
        return str(label)
    words = verb.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]
