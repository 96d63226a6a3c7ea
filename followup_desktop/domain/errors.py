"""Errors raised when an action would break a rule of follow-up."""


class DomainError(ValueError):
    """An action that the follow-up rules do not allow; the message is for the user."""
