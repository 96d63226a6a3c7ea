"""Errors raised when an action would break a rule of follow-up, and the words for
the operating system's errors shown to the user."""

import errno

from followup_desktop.i18n import N_, _


class DomainError(ValueError):
    """An action that the follow-up rules do not allow; the message is for the user."""


# What an operating-system error means to someone saving a file, by its errno.
_OS_ERROR_WORDS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EFBIG: N_("the file is larger than the disk allows"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EIO: N_("the disk reported an error"),
}


def os_error_words(exc: OSError) -> str:
    """Why a file could not be written or created, in a few words for the user."""
    words = _OS_ERROR_WORDS.get(exc.errno or 0)
    if words is not None:
        return _(words)
    return exc.strerror or str(exc) or _("an unknown error")
