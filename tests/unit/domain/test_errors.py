"""DomainError: the one error the rules raise, with a message meant for the user; and
the words for the operating system's errors."""

from __future__ import annotations

import errno
import os

import pytest

from followup_desktop.domain.errors import DomainError, os_error_words
from followup_desktop.domain.model import Stage
from followup_desktop.domain.stages import change_stage


def test_domain_error_is_a_value_error_so_callers_can_treat_it_as_bad_input() -> None:
    assert issubclass(DomainError, ValueError)


def test_domain_error_carries_the_message_for_the_user() -> None:
    with pytest.raises(DomainError) as caught:
        change_stage(Stage.PROPOSAL, Stage.LOST)
    assert str(caught.value) == "Marking a prospect lost needs the reason they gave."


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EDQUOT, "the disk quota is used up"),
        (errno.EFBIG, "the file is larger than the disk allows"),
        (errno.EROFS, "the disk is read-only"),
        (errno.ENOENT, "No such file or directory"),
    ],
)
def test_os_errors_in_words(code: int, words: str) -> None:
    assert os_error_words(OSError(code, os.strerror(code))) == words
