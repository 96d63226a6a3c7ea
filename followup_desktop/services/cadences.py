"""The plans a user can put prospects on, and the settings of the persistence coach.

Built-in plans are fixed; the user's own plans, the deal-value scaling bounds
and the revive list's thresholds are small settings in the database (JSON in
the ``setting`` table), so they travel with the data file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from followup_desktop.domain.cadence import (
    Cadence,
    DealScaling,
    built_in_cadences,
    cadence_from_dict,
    cadence_to_dict,
    is_built_in,
    new_cadence_key,
    validate_cadence,
)
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.rules import RevivePolicy
from followup_desktop.i18n import _
from followup_desktop.store import Store

CUSTOM_KEY = "cadences.custom"
SCALING_KEY = "cadences.scaling"
SILENT_DAYS_KEY = "revive.silent_days"
LOST_MONTHS_KEY = "revive.lost_months"


@dataclass(frozen=True)
class PlanLibrary:
    """Every plan by key (built-in first, then the user's), and any saved plan
    that could not be read (kept in the database untouched, named here)."""

    plans: dict[str, Cadence]
    unreadable: tuple[str, ...] = ()


class CadenceSettings:
    """Reads and writes the coach's settings through the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- plans ---------------------------------------------------------------
    def library(self) -> PlanLibrary:
        plans = built_in_cadences()  # named in the user's language
        unreadable: list[str] = []
        for item in self._saved():
            try:
                plan = cadence_from_dict(item)
            except DomainError as exc:
                unreadable.append(str(exc))
                continue
            if is_built_in(plan.key):
                unreadable.append(
                    _("A saved plan uses the built-in name {name!r}.").format(name=plan.key)
                )
                continue
            plans[plan.key] = plan
        return PlanLibrary(plans, tuple(unreadable))

    def plans(self) -> dict[str, Cadence]:
        return self.library().plans

    def _saved(self) -> list[object]:
        raw = self.store.get_setting(CUSTOM_KEY)
        if not raw:
            return []
        try:
            data = json.loads(raw)
        except ValueError:
            return [None]  # reported as unreadable, left as it is
        return data if isinstance(data, list) else [None]

    def save_plan(self, plan: Cadence) -> Cadence:
        """Save a plan of the user's (a new one gets a key); DomainError says what is wrong."""
        problems = validate_cadence(plan)
        if problems:
            raise DomainError(" ".join(problems))
        if is_built_in(plan.key):
            raise DomainError(
                _("{name!r} is built in: save a copy under another name.").format(name=plan.name)
            )
        custom = self._custom()
        if not plan.key or plan.key not in custom:
            plan = replace(plan, key=new_cadence_key(plan.name, set(custom)))
        wanted = plan.name.strip().casefold()
        for key, other in self.plans().items():
            if key != plan.key and other.name.casefold() == wanted:
                raise DomainError(
                    _("There is already a plan called {name!r}.").format(name=other.name)
                )
        custom[plan.key] = replace(plan, name=plan.name.strip())
        self._write(custom)
        return custom[plan.key]

    def delete_plan(self, key: str) -> None:
        if is_built_in(key):
            raise DomainError(_("Built-in plans cannot be deleted."))
        custom = self._custom()
        if key not in custom:
            raise DomainError(_("That plan no longer exists."))
        del custom[key]
        self._write(custom)

    def _custom(self) -> dict[str, Cadence]:
        library = self.library()
        if library.unreadable:
            raise DomainError(
                _(
                    "Your saved plans could not be read, so they are left as they are: {problem}"
                ).format(problem=library.unreadable[0])
            )
        return {k: c for k, c in library.plans.items() if not is_built_in(k)}

    def _write(self, custom: dict[str, Cadence]) -> None:
        data = [cadence_to_dict(c) for c in custom.values()]
        self.store.set_setting(CUSTOM_KEY, json.dumps(data, ensure_ascii=False))

    # -- deal-value scaling ----------------------------------------------------
    def scaling(self) -> DealScaling:
        raw = self.store.get_setting(SCALING_KEY)
        if not raw:
            return DealScaling()
        try:
            return DealScaling.from_dict(json.loads(raw))
        except ValueError:
            return DealScaling()

    def set_scaling(self, scaling: DealScaling) -> None:
        problems = scaling.problems()
        if problems:
            raise DomainError(" ".join(problems))
        self.store.set_setting(SCALING_KEY, json.dumps(scaling.to_dict()))

    # -- the revive list ---------------------------------------------------------
    def revive_policy(self) -> RevivePolicy:
        default = RevivePolicy()
        return RevivePolicy(
            silent_days=self._int(SILENT_DAYS_KEY, default.silent_days, 1, 3650),
            lost_months=self._int(LOST_MONTHS_KEY, default.lost_months, 0, 120),
        )

    def set_revive_policy(self, silent_days: int, lost_months: int) -> None:
        if not 1 <= silent_days <= 3650:
            raise DomainError(_("Silent for: 1 to 3650 days."))
        if not 0 <= lost_months <= 120:
            raise DomainError(_("Lost for timing: 0 to 120 months ago."))
        with self.store.transaction():
            self.store.set_setting(SILENT_DAYS_KEY, str(silent_days))
            self.store.set_setting(LOST_MONTHS_KEY, str(lost_months))

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        raw = self.store.get_setting(key)
        try:
            value = int(raw) if raw else default
        except ValueError:
            return default
        return value if low <= value <= high else default
