"""DomainError: the one error the rules raise, with a message meant for the user."""

from __future__ import annotations

import pytest

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Stage
from followup_desktop.domain.stages import change_stage


def test_domain_error_is_a_value_error_so_callers_can_treat_it_as_bad_input() -> None:
    assert issubclass(DomainError, ValueError)


def test_domain_error_carries_the_message_for_the_user() -> None:
    with pytest.raises(DomainError) as caught:
        change_stage(Stage.PROPOSAL, Stage.LOST)
    assert str(caught.value) == "Marking a prospect lost needs the reason they gave."
