"""The questions the window asks. MainWindow holds them as attributes so tests answer them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def ask_yes_no(parent, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def ask_save_discard_cancel(parent, text: str) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes", text, parent=parent)
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    return {buttons.Save: "save", buttons.Discard: "discard"}.get(box.exec(), "cancel")
