"""The main window (for now a summary of what needs attention).

The full layout (prospect list, card, timeline, calendar and agenda) comes
with the main-window work; this window already shows what is due in words
and, on an empty database, what to do first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.errors import DomainError
from followup_desktop.services import FollowUpService, StoreError
from followup_desktop.services.demo import generate_demo


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class MainWindow(QMainWindow):
    """What needs attention today, in words; an empty state on first run."""

    demo_loaded = Signal()

    def __init__(self, service: FollowUpService) -> None:
        super().__init__()
        self._service = service
        self.setWindowTitle("FollowUp")
        self.resize(900, 600)
        self._init_actions()
        self._init_pages()
        self.refresh()

    def _init_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.load_demo_action = QAction("Load &demo data", self)
        self.load_demo_action.triggered.connect(self._on_load_demo_triggered)
        file_menu.addAction(self.load_demo_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def _init_pages(self) -> None:
        self._pages = QStackedWidget()
        self.setCentralWidget(self._pages)

        empty = QWidget()
        layout = QVBoxLayout(empty)
        layout.addStretch()
        self.empty_label = _plain_label(
            "No prospects yet. Add your first one from the command line "
            "(followup-desktop add NAME), or load demo data to look around."
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label)
        self.demo_button = QPushButton("Load demo data")
        self.demo_button.clicked.connect(self._on_load_demo_triggered)
        layout.addWidget(self.demo_button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        self._pages.addWidget(empty)

        summary = QWidget()
        layout = QVBoxLayout(summary)
        self.summary_label = _plain_label()
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.summary_label.setFont(font)
        layout.addWidget(self.summary_label)
        self.due_label = _plain_label()
        self.due_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.due_label, 1)
        self._pages.addWidget(summary)

    def refresh(self) -> None:
        """Re-read what is due and show it."""
        service = self._service
        if service.store.prospect_count() == 0:
            self._pages.setCurrentIndex(0)
            self.statusBar().showMessage("No prospects yet")
            return
        now = service.now()
        end_of_day = now.replace(hour=23, minute=59, second=59, microsecond=0)
        due_today = service.due(end_of_day)
        overdue = [d for d in due_today if d.follow_up.effective_due < now]
        missing = service.count_without_next_step()
        words = (
            f"{len(due_today) - len(overdue)} due today · {len(overdue)} overdue · "
            f"{missing} open prospects have no next step"
        )
        self.summary_label.setText(words)
        lines = [
            f"{d.follow_up.effective_due:%a %d %b %H:%M}  {d.prospect_name}: "
            f"{d.follow_up.channel.value}, {d.follow_up.purpose}"
            for d in due_today[:30]
        ]
        self.due_label.setText("\n".join(lines) or "Nothing is due today.")
        self.statusBar().showMessage(words)
        self._pages.setCurrentIndex(1)

    def _on_load_demo_triggered(self) -> None:
        if self._service.store.prospect_count():
            QMessageBox.information(
                self, "FollowUp", "Demo data goes in an empty database; this one has prospects."
            )
            return
        try:
            generate_demo(self._service)
        except (StoreError, DomainError) as exc:
            QMessageBox.critical(self, "FollowUp", str(exc))
            return
        self.refresh()
        self.demo_loaded.emit()
