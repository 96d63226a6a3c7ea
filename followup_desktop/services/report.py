"""The persistence report of the user's database (rule 8), as of the clock's now.

The rules are in :mod:`followup_desktop.domain.report`; this reads the facts
from the store in two queries and the "went quiet" period from the same
setting as the revive list (``revive.silent_days``, 30 days by default).
"""

from __future__ import annotations

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.report import PersistenceReport, build_report
from followup_desktop.i18n import _
from followup_desktop.services.cadences import SILENT_DAYS_KEY
from followup_desktop.services.followup import FollowUpService

QUIET_DAYS_SETTING = SILENT_DAYS_KEY  # one setting: the revive list's "silent for"


# Fifty years: a longer silence is a typing mistake (and overflows a date).
MAX_QUIET_DAYS = 50 * 365


class ReportService:
    """Works out the persistence report; reads only, never writes."""

    def __init__(self, service: FollowUpService) -> None:
        self.service = service
        self.store = service.store

    def quiet_days(self) -> int:
        """How long a silence ends an open prospect: the revive list's setting, else 30."""
        return self.service.coach_settings.revive_policy().silent_days

    def report(self, quiet_days: int | None = None) -> PersistenceReport:
        """The report as of now; ``quiet_days`` overrides the setting."""
        if quiet_days is not None and quiet_days < 1:
            raise DomainError(_("The quiet period must be at least 1 day."))
        if quiet_days is not None and quiet_days > MAX_QUIET_DAYS:
            raise DomainError(
                _("The quiet period must be at most {most} days.").format(most=MAX_QUIET_DAYS)
            )
        days = self.quiet_days() if quiet_days is None else quiet_days
        prospects, touches = self.store.report_facts()
        return build_report(prospects, touches, self.service.now(), days)
