"""Follow-up drafts: compose one for a prospect, keep the user's templates, log it sent.

The rules are in ``domain.drafts``; this joins them to a prospect's timeline,
the templates kept in the settings table, and the touch that sending logs (so
the cadence plans the next step, DOMAIN.md rule 2).
"""

from __future__ import annotations

from followup_desktop.domain.cadence import builtin_purposes
from followup_desktop.domain.drafts import (
    DEFAULT_TEMPLATES,
    Draft,
    DraftTemplate,
    HistoryFacts,
    Reason,
    history_facts,
    mailto_url,
    placeholder_values,
    render,
    suggested_next_step,
    templates_from_json,
    templates_to_json,
)
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, Direction, Outcome
from followup_desktop.domain.values import clean_line
from followup_desktop.i18n import _
from followup_desktop.services.followup import FollowUpService, LoggedTouch, NextStep

TEMPLATES_SETTING = "drafts.templates"


def _builtin_purposes() -> tuple[str, ...]:
    return builtin_purposes()  # in English and in the user's language


class DraftService:
    """Drafts of follow-up e-mails for the prospects of one user's database."""

    def __init__(self, service: FollowUpService) -> None:
        self.service = service
        self.store = service.store

    # -- templates ---------------------------------------------------------------
    def templates(self) -> dict[Reason, DraftTemplate]:
        """Every reason's template: the user's edited ones, the defaults for the rest."""
        return templates_from_json(self.store.get_setting(TEMPLATES_SETTING))

    def template(self, reason: Reason) -> DraftTemplate:
        return self.templates()[reason]

    def is_edited(self, reason: Reason) -> bool:
        return self.template(reason) != DEFAULT_TEMPLATES[reason]

    def save_template(self, reason: Reason, template: DraftTemplate) -> None:
        """Keep the user's words for a reason; an empty body is refused."""
        if not template.body.strip():
            raise DomainError(_("A template needs a body."))
        templates = self.templates()
        templates[reason] = DraftTemplate(clean_line(template.subject), template.body)
        self.store.set_setting(TEMPLATES_SETTING, templates_to_json(templates))

    def save_templates(self, templates: dict[Reason, DraftTemplate]) -> None:
        """Keep several templates at once (the template editor's Save)."""
        for template in templates.values():
            if not template.body.strip():
                raise DomainError(_("A template needs a body."))
        current = self.templates()
        for reason, template in templates.items():
            current[reason] = DraftTemplate(clean_line(template.subject), template.body)
        self.store.set_setting(TEMPLATES_SETTING, templates_to_json(current))

    def reset_template(self, reason: Reason) -> DraftTemplate:
        """Go back to the default template for a reason; returns it."""
        templates = self.templates()
        templates[reason] = DEFAULT_TEMPLATES[reason]
        self.store.set_setting(TEMPLATES_SETTING, templates_to_json(templates))
        return DEFAULT_TEMPLATES[reason]

    # -- composing -----------------------------------------------------------------
    def facts(self, prospect_id: int) -> HistoryFacts:
        """The history together as the timeline tells it (part A of the formula)."""
        prospect = self.service.get_prospect(prospect_id)
        return history_facts(
            self.service.touches(prospect_id), prospect.notes, self.service.clock.tz
        )

    def suggested_next_step(self, prospect_id: int) -> str:
        """The next step to ask for: the purpose the user gave a pending e-mail
        follow-up (the first due), or the default ask."""
        builtin = _builtin_purposes()
        emails = sorted(
            (f for f in self.service.pending(prospect_id) if f.channel is Channel.EMAIL),
            key=lambda f: f.effective_due,
        )
        own = [f.purpose for f in emails if clean_line(f.purpose) not in builtin]
        return suggested_next_step(own[0] if own else "", builtin)

    def compose(
        self,
        prospect_id: int,
        reason: Reason,
        *,
        own_line: str = "",
        next_step: str | None = None,
        my_name: str = "",
        template: DraftTemplate | None = None,
    ) -> Draft:
        """The draft for a prospect: their history, the reason and own line, one next
        step (the suggested one unless given; "" leaves it out)."""
        prospect = self.service.get_prospect(prospect_id)
        if next_step is None:
            next_step = self.suggested_next_step(prospect_id)
        values = placeholder_values(
            prospect,
            self.facts(prospect_id),
            self.service.now().astimezone(self.service.clock.tz).date(),
            my_name=my_name,
            reason_line=own_line,
            next_step=next_step,
        )
        return render(template or self.template(reason), values)

    def email(self, prospect_id: int) -> str:
        """The address the draft goes to (the prospect's first), or ""."""
        emails = self.service.get_prospect(prospect_id).emails
        return emails[0] if emails else ""

    def mailto(self, prospect_id: int, draft: Draft) -> str:
        """The mailto: URL for the draft; the prospect needs an e-mail address."""
        address = self.email(prospect_id)
        if not address:
            raise DomainError(_("This prospect has no e-mail address."))
        return mailto_url(address, draft)

    # -- sending ---------------------------------------------------------------------
    def log_sent(self, prospect_id: int, draft: Draft, answers: int | None = None) -> LoggedTouch:
        """The draft went out: an outbound e-mail touch, outcome sent, the subject as
        its summary and the body as its notes; it carries out the follow-up
        ``answers`` (by default the one due first) and the cadence plans what
        comes next."""
        return self.service.log_touch(
            prospect_id,
            Channel.EMAIL,
            direction=Direction.OUT,
            outcome=Outcome.SENT,
            summary=clean_line(draft.subject),
            notes=draft.body,
            next_step=NextStep.auto(),
            answers=answers,
        )
