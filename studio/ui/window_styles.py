"""The window's Style menu: learn a new style from MIDI files, rename or delete one of the
musician's own; the style list follows."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from studio.app.user_styles import delete_user_style, rename_user_style
from studio.compose.styles import USER_STYLE_FILE, list_styles, read_style_table
from studio.core.errors import StudioError
from studio.ui.new_style_dialog import NewStyleDialog


class StylesMixin:
    """Mixed into MainWindow: it has ``style_panel``, ``settings``, ``ask_yes_no`` and ``status``."""

    def _build_style_menu(self, bar) -> None:
        menu = bar.addMenu("St&yle")
        self._action(menu, "&New style from MIDI files...", self.new_style_dialog)
        self.again_style_action = self._action(menu, "&Learn this style again from more files...", self.learn_again)
        self.rename_style_action = self._action(menu, "&Rename this style...", self.rename_style)
        self.delete_style_action = self._action(menu, "&Delete this style", self.delete_style)
        menu.aboutToShow.connect(self._style_menu_shown)

    def _style_menu_shown(self) -> None:
        mine = self.style_panel.style.folder is not None
        for action in (self.again_style_action, self.rename_style_action, self.delete_style_action):
            action.setEnabled(mine)

    def learn_again(self) -> NewStyleDialog:
        style = self.style_panel.style
        base = read_style_table(style.folder / USER_STYLE_FILE).get("learned", {}).get("base", "pop")
        return self.new_style_dialog(again=(style, base))

    def new_style_dialog(self, again=None) -> NewStyleDialog:
        dialog = NewStyleDialog(list_styles(), self.settings.compute_device, self.ask_yes_no, self, again)
        dialog.made.connect(self._style_made)
        dialog.show()  # not modal: the musician goes on writing while the style learns
        self._style_dialog = dialog
        return dialog

    def _style_made(self, style_id: str) -> None:
        self.style_panel.set_styles(list_styles(), chosen=style_id)
        self.status(f"the style {self.style_panel.style.name!r} is ready: Generate sings with it")

    def rename_style(self) -> None:
        style = self.style_panel.style
        name, ok = QInputDialog.getText(self, "Rename the style", "Name", text=style.name)
        if ok:
            self._change_styles(lambda: rename_user_style(style.id, name), style.id)

    def delete_style(self) -> None:
        style = self.style_panel.style
        question = f"Delete your style {style.name!r}? Songs made with it keep their notes."
        if self.ask_yes_no(self, "Delete the style?", question):
            self._change_styles(lambda: delete_user_style(style.id), "")

    def _change_styles(self, change, chosen: str) -> None:
        try:
            change()
        except (StudioError, OSError) as exc:
            self.status(str(exc))
            return
        self.style_panel.set_styles(list_styles(), chosen)
