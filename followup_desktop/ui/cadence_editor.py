"""The follow-up plans editor: built-in plans to read, the user's own to make and
change, and how a deal's value tightens or widens every plan."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.cadence import (
    MAX_PLAN_TOUCHES,
    MAX_STEP_DAYS,
    Cadence,
    CadenceStep,
    DealScaling,
    is_built_in,
    validate_cadence,
)
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel
from followup_desktop.i18n import _, ngettext
from followup_desktop.services import StoreError
from followup_desktop.services.coach import CoachService
from followup_desktop.ui.format import CHANNEL_LABELS
from followup_desktop.ui.models import resize_sections

APP_TITLE = "FollowUp"
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _count_days(spin: QSpinBox) -> QSpinBox:
    """A spin box of days that says "1 day" and "2 days"."""

    def suffix(value: int) -> None:
        # Translators: a spin box's suffix, after the number.
        spin.setSuffix(ngettext(" day", " days", value))

    suffix(spin.value())
    spin.valueChanged.connect(suffix)
    return spin


def _channel_combo(channel: Channel) -> QComboBox:
    combo = QComboBox()
    for ch in Channel:
        combo.addItem(_(CHANNEL_LABELS[ch]), ch.value)
    combo.setCurrentIndex(combo.findData(channel.value))
    return combo


def amount_text(value: Decimal) -> str:
    """A deal value as the user's locale writes it, without grouping ("1000.5", "1000,5")."""
    text = f"{value:f}"
    return text.replace(".", QLocale().decimalPoint()) if "." in text else text


def parse_amount(text: str) -> Decimal:
    """A deal value typed in the user's locale ("1,000.50" or "1.000,50"); InvalidOperation
    when it is not a number."""
    locale = QLocale()
    group, point = locale.groupSeparator(), locale.decimalPoint()
    cleaned = "".join(text.split()).replace(group, "").replace(point, ".")
    return Decimal(cleaned)


def schedule_preview(plan: Cadence, count: int | None = None) -> list[str]:
    """The plan's touches as days from its start: "Touch 2 · day 1 · Call — purpose"."""
    lines: list[str] = []
    day = 0
    for n in range(count or plan.plan_length):
        step = plan.step(n)
        day += step.days
        when = _("day 0 (the same day)") if day == 0 else _("day {day}").format(day=day)
        channel = _(CHANNEL_LABELS[step.channel])
        if step.purpose:
            line = _("Touch {number} · {when} · {channel} — {purpose}").format(
                number=n + 1, when=when, channel=channel, purpose=step.purpose
            )
        else:
            line = _("Touch {number} · {when} · {channel}").format(
                number=n + 1, when=when, channel=channel
            )
        lines.append(line)
    return lines


class PlansDialog(QDialog):
    """Tools › Follow-up plans: pick a plan on the left, read or edit it on the right."""

    plans_changed = Signal()

    STEP_DAYS, STEP_CHANNEL, STEP_PURPOSE = range(3)

    def __init__(self, coach: CoachService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Follow-up plans"))
        self.setObjectName("plans_dialog")
        self._coach = coach
        self._key = ""
        self._dirty = False
        self._loading = False
        self._build()
        self._load_list()
        self._load_scaling()
        self.plan_list.setCurrentRow(0)
        self.resize(1000, 700)

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        self.plan_list = QListWidget()
        self.plan_list.setAccessibleName(_("Plans"))
        self.new_button = QPushButton(_("&New plan"))
        self.copy_button = QPushButton(_("D&uplicate"))
        self.delete_button = QPushButton(_("&Delete…"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.plan_list, 1)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.copy_button, self.delete_button):
            buttons.addWidget(b)
        left_layout.addLayout(buttons)

        self.built_in_label = _plain(
            _("A built-in plan cannot be changed: Duplicate makes a copy of your own.")
        )
        self.built_in_label.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(80)
        self.description_edit = QLineEdit()
        self.steps_table = QTableWidget(0, 3)
        self.steps_table.setAccessibleName(_("Steps"))
        self.steps_table.setHorizontalHeaderLabels(
            [_("Days after the touch before"), _("Channel"), _("Purpose")]
        )
        header = self.steps_table.horizontalHeader()
        header.setSectionResizeMode(self.STEP_PURPOSE, QHeaderView.ResizeMode.Stretch)
        resize_sections(header, {self.STEP_DAYS: 190, self.STEP_CHANNEL: 170})
        self.steps_table.verticalHeader().setDefaultSectionSize(30)
        self.steps_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps_table.setTabKeyNavigation(False)
        self.steps_table.setMinimumHeight(150)
        self.add_step_button = QPushButton(_("&Add step"))
        self.remove_step_button = QPushButton(_("&Remove step"))
        self.up_button = QPushButton(_("Move u&p"))
        self.down_button = QPushButton(_("Move do&wn"))
        step_buttons = QHBoxLayout()
        for b in (self.add_step_button, self.remove_step_button, self.up_button, self.down_button):
            step_buttons.addWidget(b)
        step_buttons.addStretch()

        self.every_spin = QSpinBox()
        self.every_spin.setRange(1, MAX_STEP_DAYS)
        _count_days(self.every_spin)
        self.widening_spin = QDoubleSpinBox()
        self.widening_spin.setRange(1.0, 3.0)
        self.widening_spin.setSingleStep(0.05)
        self.widening_spin.setPrefix("× ")
        self.max_spin = QSpinBox()
        self.max_spin.setRange(1, MAX_STEP_DAYS)
        _count_days(self.max_spin)
        self.then_channels = QWidget()
        self.then_channels.setAccessibleName(_("Channels after the steps"))
        grid = QGridLayout(self.then_channels)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.channel_checks: dict[Channel, QCheckBox] = {}
        for n, ch in enumerate(Channel):
            check = QCheckBox(_(CHANNEL_LABELS[ch]))
            self.channel_checks[ch] = check
            grid.addWidget(check, n // 3, n % 3)
        self.then_purpose_edit = QLineEdit()
        self.touches_spin = QSpinBox()
        self.touches_spin.setRange(1, MAX_PLAN_TOUCHES)
        self.touches_spin.setMaximumWidth(140)
        # Translators: a spin box's suffix, after the number of touches (2 to 30).
        self.touches_spin.setSuffix(_(" touches"))
        self.touches_spin.setToolTip(
            _(
                "How many touches the plan counts (\u201ctouch 3 of a 7-touch plan\u201d); "
                "past them it keeps going until a Yes or a No"
            )
        )

        form = QFormLayout()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("Descr&iption:"), self.description_edit)
        tail = QFormLayout()
        every = QHBoxLayout()
        every.addWidget(self.every_spin)
        # Translators: the row reads "Then every [14 days] widening [× 1.5] up to [60 days]".
        every.addWidget(_plain(_("widening")))
        every.addWidget(self.widening_spin)
        every.addWidget(_plain(_("up to")))
        every.addWidget(self.max_spin)
        every.addStretch()
        # A row of several widgets has no buddy of its own: the label's mnemonic
        # would show as a stray "&" without one.
        every_label = QLabel(_("Then e&very:"))
        every_label.setBuddy(self.every_spin)
        tail.addRow(every_label, every)
        tail.addRow(_("On these channels, in turn:"), self.then_channels)
        tail.addRow(_("With the purpose:"), self.then_purpose_edit)
        tail.addRow(_("The plan &counts:"), self.touches_spin)
        tail_box = QGroupBox(_("After the steps, until a Yes or a No"))
        tail_box.setLayout(tail)

        self.preview_label = _plain()
        self.preview_label.setWordWrap(True)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.problems_label = _plain()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b3261e;")
        self.save_button = QPushButton(_("&Save plan"))
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(_("Re&vert"))

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.built_in_label)
        right_layout.addLayout(form)
        right_layout.addWidget(_plain(_("Steps (each counted from the touch before it):")))
        right_layout.addWidget(self.steps_table, 2)
        right_layout.addLayout(step_buttons)
        middle = QHBoxLayout()
        middle.addWidget(tail_box, 3)
        preview_box = QGroupBox(_("How it runs"))
        preview_box.setMinimumWidth(360)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.preview_label)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(4, 4, 4, 4)
        preview_layout.addWidget(scroll)
        middle.addWidget(preview_box, 2)
        right_layout.addLayout(middle)
        right_layout.addWidget(self.problems_label)
        save_row = QHBoxLayout()
        save_row.addStretch()
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)
        right_layout.addLayout(save_row)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 740])

        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self._build_scaling(), 3)
        bottom.addWidget(self._build_revive(), 1)
        layout.addLayout(bottom)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

        self.plan_list.currentItemChanged.connect(self._on_plan_list_current_item_changed)
        self.new_button.clicked.connect(self.new_plan)
        self.copy_button.clicked.connect(self.duplicate_plan)
        self.delete_button.clicked.connect(self.delete_plan)
        self.add_step_button.clicked.connect(self.add_step)
        self.remove_step_button.clicked.connect(self._on_remove_step_button_clicked)
        self.up_button.clicked.connect(lambda: self._move_step(-1))
        self.down_button.clicked.connect(lambda: self._move_step(1))
        self.save_button.clicked.connect(self.save_plan)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        for edit in (self.name_edit, self.description_edit, self.then_purpose_edit):
            edit.textEdited.connect(self._mark_dirty)
        for spin in (self.every_spin, self.max_spin, self.touches_spin):
            spin.valueChanged.connect(self._mark_dirty)
        self.widening_spin.valueChanged.connect(self._mark_dirty)
        for check in self.channel_checks.values():
            check.toggled.connect(self._mark_dirty)
        self.steps_table.itemChanged.connect(self._mark_dirty)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_plan)

    def _build_scaling(self) -> QGroupBox:
        box = QGroupBox(_("Bigger deals, tighter follow-up"))
        self.scaling_check = QCheckBox(_("Scale every plan's intervals with the deal's value"))
        self.small_value_edit = QLineEdit()
        self.small_value_edit.setMaximumWidth(110)
        self.small_factor_spin = QDoubleSpinBox()
        self.small_factor_spin.setRange(1.0, 4.0)
        self.small_factor_spin.setSingleStep(0.05)
        self.small_factor_spin.setPrefix("× ")
        self.large_value_edit = QLineEdit()
        self.large_value_edit.setMaximumWidth(110)
        self.large_factor_spin = QDoubleSpinBox()
        self.large_factor_spin.setRange(0.25, 1.0)
        self.large_factor_spin.setSingleStep(0.05)
        self.large_factor_spin.setPrefix("× ")
        self.scaling_preview = _plain()
        self.save_scaling_button = QPushButton(_("Save scali&ng"))
        row1 = QHBoxLayout()
        # Translators: the row reads "A deal worth [1000] or less: intervals [× 1.5]
        # worth [25000] or more: intervals [× 0.7]".
        row1.addWidget(_plain(_("A deal worth")))
        row1.addWidget(self.small_value_edit)
        row1.addWidget(_plain(_("or less: intervals")))
        row1.addWidget(self.small_factor_spin)
        row1.addSpacing(16)
        row1.addWidget(_plain(_("worth")))
        row1.addWidget(self.large_value_edit)
        row1.addWidget(_plain(_("or more: intervals")))
        row1.addWidget(self.large_factor_spin)
        row1.addStretch()
        row2 = QHBoxLayout()
        row2.addWidget(self.scaling_preview, 1)
        row2.addWidget(self.save_scaling_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.scaling_check)
        layout.addLayout(row1)
        layout.addLayout(row2)
        self.save_scaling_button.clicked.connect(self.save_scaling)
        for edit in (self.small_value_edit, self.large_value_edit):
            edit.textChanged.connect(self._update_scaling_preview)
        for spin in (self.small_factor_spin, self.large_factor_spin):
            spin.valueChanged.connect(self._update_scaling_preview)
        self.scaling_check.toggled.connect(self._update_scaling_preview)
        return box

    def _build_revive(self) -> QGroupBox:
        box = QGroupBox(_("The revive list holds"))
        policy = self._coach.settings.revive_policy()
        self.silent_spin = QSpinBox()
        self.silent_spin.setRange(1, 3650)
        _count_days(self.silent_spin)
        self.silent_spin.setValue(policy.silent_days)
        self.silent_spin.setToolTip(
            _("Open prospects dropped after one or two touches and silent for longer than this")
        )
        self.lost_spin = QSpinBox()
        self.lost_spin.setRange(0, 120)
        # Translators: a spin box's suffix, after a number of months (0 to 120).
        self.lost_spin.setSuffix(_(" months"))
        self.lost_spin.setValue(policy.lost_months)
        self.lost_spin.setToolTip(_("Prospects lost for timing (“not now”), this long ago"))
        form = QFormLayout(box)
        form.addRow(_("Silent for over:"), self.silent_spin)
        form.addRow(_("Lost for timing:"), self.lost_spin)
        self.silent_spin.valueChanged.connect(self._save_revive)
        self.lost_spin.valueChanged.connect(self._save_revive)
        return box

    def _save_revive(self, *_args: object) -> None:
        try:
            self._coach.settings.set_revive_policy(self.silent_spin.value(), self.lost_spin.value())
        except (DomainError, StoreError) as exc:
            QMessageBox.warning(self, _(APP_TITLE), str(exc))
            return
        self.plans_changed.emit()

    # -- the list of plans -----------------------------------------------------------
    def _load_list(self, select: str | None = None) -> None:
        self._loading = True
        self.plan_list.clear()
        library = self._coach.settings.library()
        for key, plan in library.plans.items():
            label = (
                _("{name}  (built in)").format(name=plan.name) if is_built_in(key) else plan.name
            )
            item = QListWidgetItem(label)
            item.setData(KEY_ROLE, key)
            item.setToolTip(plan.description)
            self.plan_list.addItem(item)
        self._loading = False
        if library.unreadable:
            self.problems_label.setText(library.unreadable[0])
        if select is not None:
            self._select_key(select)

    def _select_key(self, key: str) -> None:
        for row in range(self.plan_list.count()):
            item = self.plan_list.item(row)
            if item.data(KEY_ROLE) == key:
                self._loading = True
                self.plan_list.setCurrentRow(row)
                self._loading = False
                self._show_plan(self._coach.service.plans()[key])
                return

    def _on_plan_list_current_item_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if self._loading or current is None:
            return
        key = str(current.data(KEY_ROLE))  # saving below rebuilds the list and its items
        if not self.confirm_discard():
            self._loading = True
            if previous is not None:
                self.plan_list.setCurrentItem(previous)
            else:  # an unsaved new plan: no row is its own
                self.plan_list.setCurrentRow(-1)
            self._loading = False
            return
        self._select_key(key)

    def confirm_discard(self) -> bool:
        """True when there are no unsaved changes, or the user lets them go."""
        if not self._dirty:
            return True
        answer = QMessageBox.question(
            self,
            _(APP_TITLE),
            _("Save the changes to {name}?").format(name=self.name_edit.text().strip())
            if self.name_edit.text().strip()
            else _("Save the changes to this plan?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save_plan()
        return answer == QMessageBox.StandardButton.Discard

    # -- one plan ----------------------------------------------------------------------
    def _show_plan(self, plan: Cadence) -> None:
        self._loading = True
        self._key = plan.key
        built_in = is_built_in(plan.key)
        self.name_edit.setText(plan.name)
        self.description_edit.setText(plan.description)
        self.steps_table.setRowCount(0)
        for step in plan.steps:
            self._append_step(step)
        self.every_spin.setValue(plan.then_every_days)
        self.widening_spin.setValue(plan.widening)
        self.max_spin.setValue(plan.max_interval_days)
        for ch, check in self.channel_checks.items():
            check.setChecked(ch in plan.then_channels)
        self.then_purpose_edit.setText(plan.then_purpose)
        self.touches_spin.setValue(plan.plan_length)
        for w in (
            self.name_edit,
            self.description_edit,
            self.steps_table,
            self.every_spin,
            self.widening_spin,
            self.max_spin,
            self.then_channels,
            self.then_purpose_edit,
            self.touches_spin,
            self.add_step_button,
            self.remove_step_button,
            self.up_button,
            self.down_button,
        ):
            w.setEnabled(not built_in)
        self.built_in_label.setVisible(built_in)
        self.delete_button.setEnabled(not built_in and bool(plan.key))
        self._loading = False
        self._dirty = False
        self._update_state()

    def _append_step(self, step: CadenceStep) -> None:
        row = self.steps_table.rowCount()
        self.steps_table.insertRow(row)
        days = QSpinBox()
        days.setRange(0, MAX_STEP_DAYS)
        days.setSpecialValueText(_("the same day"))
        _count_days(days)
        days.setValue(step.days)
        days.valueChanged.connect(self._mark_dirty)
        combo = _channel_combo(step.channel)
        combo.currentIndexChanged.connect(self._mark_dirty)
        self.steps_table.setCellWidget(row, self.STEP_DAYS, days)
        self.steps_table.setCellWidget(row, self.STEP_CHANNEL, combo)
        self.steps_table.setItem(row, self.STEP_PURPOSE, QTableWidgetItem(step.purpose))

    def current_plan(self) -> Cadence:
        """The plan as the form shows it (not checked)."""
        steps = []
        for row in range(self.steps_table.rowCount()):
            days = self.steps_table.cellWidget(row, self.STEP_DAYS)
            combo = self.steps_table.cellWidget(row, self.STEP_CHANNEL)
            assert isinstance(days, QSpinBox)
            assert isinstance(combo, QComboBox)
            purpose = self.steps_table.item(row, self.STEP_PURPOSE)
            text = purpose.text().strip() if purpose is not None else ""
            steps.append(CadenceStep(days.value(), Channel(combo.currentData()), text))
        channels = tuple(ch for ch, check in self.channel_checks.items() if check.isChecked())
        return Cadence(
            key=self._key,
            name=self.name_edit.text().strip(),
            description=self.description_edit.text().strip(),
            steps=tuple(steps),
            then_every_days=self.every_spin.value(),
            widening=round(self.widening_spin.value(), 2),
            max_interval_days=self.max_spin.value(),
            then_channels=channels,
            then_purpose=self.then_purpose_edit.text().strip(),
            touches=self.touches_spin.value(),
        )

    def _mark_dirty(self, *_args: object) -> None:
        if self._loading:
            return
        self._dirty = True
        self._update_state()

    def _update_state(self) -> None:
        plan = self.current_plan()
        built_in = is_built_in(self._key)
        problems = [] if built_in else validate_cadence(plan)
        self.problems_label.setText("\n".join(problems))
        self.save_button.setEnabled(not built_in and self._dirty and not problems)
        self.revert_button.setEnabled(self._dirty)
        row = self.steps_table.currentRow()
        self.remove_step_button.setEnabled(not built_in and row >= 0)
        if plan.steps and plan.then_channels and plan.then_every_days > 0:
            self.preview_label.setText("\n".join(schedule_preview(plan)))
        else:
            self.preview_label.setText(_("Add a step and choose a channel to see the plan run."))

    # -- commands --------------------------------------------------------------------------
    def new_plan(self) -> None:
        if not self.confirm_discard():
            return
        plan = Cadence(
            key="",
            name=_("New plan"),
            description="",
            steps=(
                CadenceStep(0, Channel.EMAIL, _("First contact")),
                CadenceStep(3, Channel.CALL, _("Follow up")),
            ),
            then_every_days=14,
            widening=1.5,
            max_interval_days=60,
            then_channels=(Channel.EMAIL, Channel.CALL, Channel.ARTICLE),
            then_purpose=_("Keep in touch: add something of value"),
            touches=7,
        )
        self._start_unsaved(plan)

    def duplicate_plan(self) -> None:
        if not self.confirm_discard():
            return
        plan = self.current_plan()
        self._start_unsaved(
            replace(plan, key="", name=_("{name} (my copy)").format(name=plan.name))
        )

    def _start_unsaved(self, plan: Cadence) -> None:
        self._loading = True
        self.plan_list.clearSelection()
        self.plan_list.setCurrentRow(-1)
        self._loading = False
        self._show_plan(plan)
        self._dirty = True
        self._update_state()
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def add_step(self) -> None:
        plan = self.current_plan()
        last = plan.steps[-1].channel if plan.steps else Channel.CALL
        channel = Channel.CALL if last is not Channel.CALL else Channel.EMAIL
        self._append_step(CadenceStep(7, channel, ""))
        self.steps_table.setCurrentCell(self.steps_table.rowCount() - 1, self.STEP_PURPOSE)
        self._mark_dirty()

    def _on_remove_step_button_clicked(self) -> None:
        row = self.steps_table.currentRow()
        if row >= 0:
            self.steps_table.removeRow(row)
            self._mark_dirty()

    def _move_step(self, delta: int) -> None:
        row = self.steps_table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.steps_table.rowCount():
            return
        plan = self.current_plan()
        steps = list(plan.steps)
        steps[row], steps[target] = steps[target], steps[row]
        self._loading = True
        self.steps_table.setRowCount(0)
        for step in steps:
            self._append_step(step)
        self._loading = False
        self.steps_table.setCurrentCell(target, self.STEP_PURPOSE)
        self._mark_dirty()

    def save_plan(self) -> bool:
        try:
            saved = self._coach.save_plan(self.current_plan())
        except (DomainError, StoreError) as exc:
            self.problems_label.setText(str(exc))
            return False
        self._dirty = False
        self._load_list(select=saved.key)
        self.plans_changed.emit()
        return True

    def _on_revert_button_clicked(self) -> None:
        plan = self._coach.service.plans().get(self._key)
        self._dirty = False
        if plan is not None:
            self._show_plan(plan)
        else:
            self.plan_list.setCurrentRow(0)
            self._on_plan_list_current_item_changed(self.plan_list.currentItem(), None)

    def delete_plan(self) -> None:
        key = self._key
        if not key or is_built_in(key):
            return
        name = self.name_edit.text().strip()
        using = len(self._coach.prospects_on(key))
        question = _("Delete the plan “{name}”?").format(name=name)
        if using:
            moved = ngettext(
                "{count} prospect follows it: it moves to the plan for its source "
                "and keeps the follow-ups already planned.",
                "{count} prospects follow it: they move to the plan for their source "
                "and keep the follow-ups already planned.",
                using,
            ).format(count=QLocale().toString(using))
            question = f"{question} {moved}"
        answer = QMessageBox.question(self, _(APP_TITLE), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._coach.delete_plan(key)
        except (DomainError, StoreError) as exc:
            QMessageBox.warning(self, _(APP_TITLE), str(exc))
            return
        self._dirty = False
        self._load_list()
        self.plan_list.setCurrentRow(0)
        self.plans_changed.emit()

    # -- scaling -------------------------------------------------------------------------------
    def _load_scaling(self) -> None:
        scaling = self._coach.settings.scaling()
        self.scaling_check.setChecked(scaling.enabled)
        self.small_value_edit.setText(amount_text(scaling.small_value))
        self.small_factor_spin.setValue(scaling.small_factor)
        self.large_value_edit.setText(amount_text(scaling.large_value))
        self.large_factor_spin.setValue(scaling.large_factor)
        self._update_scaling_preview()

    def current_scaling(self) -> DealScaling | None:
        try:
            small = parse_amount(self.small_value_edit.text())
            large = parse_amount(self.large_value_edit.text())
        except InvalidOperation:
            return None
        return DealScaling(
            enabled=self.scaling_check.isChecked(),
            small_value=small,
            small_factor=round(self.small_factor_spin.value(), 2),
            large_value=large,
            large_factor=round(self.large_factor_spin.value(), 2),
        )

    def _update_scaling_preview(self, *_args: object) -> None:
        scaling = self.current_scaling()
        if scaling is None:
            self.scaling_preview.setText(
                _("Write the deal values as numbers, e.g. {example}.").format(
                    example=amount_text(Decimal(1000))
                )
            )
            self.save_scaling_button.setEnabled(False)
            return
        problems = scaling.problems()
        if problems:
            self.scaling_preview.setText(problems[0])
        elif not scaling.enabled:
            self.scaling_preview.setText(_("Every deal follows its plan as written."))
        else:
            examples = [Decimal(v) for v in (1000, 5000, 25000)]
            days = [max(1, round(14 * scaling.factor(v))) for v in examples]
            locale = QLocale()
            # Grouped even in the C locale, which leaves the separator out by default.
            locale.setNumberOptions(
                locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator
            )
            parts = [
                ngettext(
                    "{count} day for a {value} deal", "{count} days for a {value} deal", d
                ).format(count=d, value=locale.toString(int(v)))
                for v, d in zip(examples, days, strict=True)
            ]
            self.scaling_preview.setText(
                _("A 14-day interval becomes {examples}.").format(examples=", ".join(parts))
            )
        self.save_scaling_button.setEnabled(not problems)

    def save_scaling(self) -> bool:
        scaling = self.current_scaling()
        if scaling is None:
            return False
        try:
            self._coach.settings.set_scaling(scaling)
        except (DomainError, StoreError) as exc:
            self.scaling_preview.setText(str(exc))
            return False
        self.scaling_preview.setText(
            _("{preview} Saved.").format(preview=self.scaling_preview.text())
        )
        self.plans_changed.emit()
        return True

    def reject(self) -> None:
        if self.confirm_discard():
            super().reject()


class ApplyPlanDialog(QDialog):
    """Prospect › Put on a plan: choose the plan the chosen prospects start afresh."""

    def __init__(
        self, coach: CoachService, count: int, current: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Put on a plan"))
        self._coach = coach
        self.plan_combo = QComboBox()
        self.plan_combo.setAccessibleName(_("Plan"))
        for key, name in coach.service.cadence_names().items():
            self.plan_combo.addItem(name, key)
        index = self.plan_combo.findData(current)
        self.plan_combo.setCurrentIndex(max(0, index))
        intro = _plain(
            ngettext(
                "Start the plan afresh for this prospect: follow-ups already planned are "
                "skipped and the plan's first step is scheduled. Closed prospects are left "
                "as they are.",
                "Start the plan afresh for these {n} prospects: follow-ups already planned "
                "are skipped and the plan's first step is scheduled. Closed prospects are left "
                "as they are.",
                count,
            ).format(n=QLocale().toString(count))
        )
        intro.setWordWrap(True)
        self.preview_label = _plain()
        self.preview_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Start plan"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Plan:"), self.plan_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview_label)
        layout.addWidget(buttons)
        self.plan_combo.currentIndexChanged.connect(self._update_preview)
        self._update_preview()
        self.resize(520, 300)

    def plan_key(self) -> str:
        return str(self.plan_combo.currentData())

    def _update_preview(self, *_args: object) -> None:
        plan = self._coach.service.plans().get(self.plan_key())
        if plan is None:
            self.preview_label.setText("")
            return
        lines = schedule_preview(plan, min(4, plan.plan_length))
        more = (
            ""
            if plan.plan_length <= 4
            else "\n" + _("… {count}-touch plan").format(count=plan.plan_length)
        )
        self.preview_label.setText("\n".join(lines) + more)
