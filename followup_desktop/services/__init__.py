"""Use cases the UI and the CLI call: log a touch, schedule, change a stage, list."""

from followup_desktop.services.followup import FollowUpService, LoggedTouch, NextStep
from followup_desktop.store import DueItem, ProspectSummary, StoreError

__all__ = ["DueItem", "FollowUpService", "LoggedTouch", "NextStep", "ProspectSummary", "StoreError"]
