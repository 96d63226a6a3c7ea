"""Errors raised when an action would break a rule of follow-up, and the words for
the operating system's errors shown to the user."""

import errno


class DomainError(ValueError):
    """An action that the follow-up rules do not allow; the message is for the user."""


# What an operating-system error means to someone saving a file, by its errno.
_OS_ERROR_WORDS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than the disk allows",
    errno.EROFS: "the disk is read-only",
    errno.EIO: "the disk reported an error",
}


def os_error_words(exc: OSError) -> str:
    """Why a file could not be written or created, in a few words for the user."""
    words = _OS_ERROR_WORDS.get(exc.errno or 0)
    if words is not None:
        return words
    return exc.strerror or str(exc) or "an unknown error"
