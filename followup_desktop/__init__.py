"""FollowUp Desktop: systematic sales follow-up for solo consultants."""

__version__ = "0.1.0"
