"""Use cases the UI and the CLI call: log a touch, schedule, change a stage, list."""

from followup_desktop.services.followup import Agenda, FollowUpService, LoggedTouch, NextStep
from followup_desktop.store import (
    DueItem,
    ProspectSnapshot,
    ProspectSummary,
    StoreError,
    TouchSnapshot,
)

__all__ = [
    "Agenda",
    "DueItem",
    "FollowUpService",
    "LoggedTouch",
    "NextStep",
    "ProspectSnapshot",
    "ProspectSummary",
    "StoreError",
    "TouchSnapshot",
]
