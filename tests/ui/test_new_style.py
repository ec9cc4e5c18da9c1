"""Style > New style from MIDI files, end to end in the window: the files are read and timed
in the background, the style learns in a process of its own (on the debug model, a few
steps), appears in the list selected, and can be renamed and deleted; Cancel leaves nothing."""

import pytest

from studio.app.user_styles import rename_user_style
from studio.compose.styles import user_style_folder
from studio.ml.model import MelodyConfig, save_checkpoint
from studio.ml.train import new_model
from studio.ui import new_style_dialog
from tests.songs import midi_folder


@pytest.fixture
def quick_training(tmp_path, monkeypatch):
    """The window's training command, on the debug model and for ``steps`` steps."""
    weights = tmp_path / "debug.pt"
    save_checkpoint(new_model(MelodyConfig.debug()), weights)
    command = new_style_dialog.training_command
    steps = {"count": 4}

    def quick(*args, **kwargs):
        return command(*args, **kwargs) + ["--init", str(weights), "--steps", str(steps["count"])]

    monkeypatch.setattr(new_style_dialog, "training_command", quick)
    return steps


def scanned(window, qtbot, tmp_path):
    dialog = window.new_style_dialog()
    dialog.choose([midi_folder(tmp_path / "harbour songs")])
    qtbot.waitUntil(dialog.learn.isEnabled, timeout=60_000)
    return dialog


def test_a_style_learned_from_a_folder_joins_the_list_and_can_be_renamed_and_deleted(
    window, qtbot, tmp_path, quick_training
):
    dialog = scanned(window, qtbot, tmp_path)
    assert dialog.name.text() == "harbour songs"
    assert dialog.found.text().startswith("4 melodies (96 notes) in 7 MIDI files; 3 skipped.")
    assert "to learn on this computer" in dialog.found.text()
    dialog.base.setCurrentIndex(dialog.base.findData("folk"))
    with qtbot.waitSignal(dialog.made, timeout=120_000) as made:
        dialog.learn.click()
    assert made.args == ["harbour-songs"]
    assert window.style_panel.style.id == "harbour-songs"
    assert window.style_panel.list.currentItem().text() == "harbour songs (yours)"
    window._style_menu_shown()
    assert window.delete_style_action.isEnabled()
    window._change_styles(lambda: rename_user_style("harbour-songs", "Sea Songs"), "harbour-songs")
    assert window.style_panel.list.currentItem().text() == "Sea Songs (yours)"
    again = window.learn_again()  # more files, the same style: its name and base are kept
    assert again.name.text() == "Sea Songs" and again.name.isReadOnly() and again.base.currentData() == "folk"
    again.choose([tmp_path / "harbour songs"])
    qtbot.waitUntil(again.learn.isEnabled, timeout=60_000)
    with qtbot.waitSignal(again.made, timeout=120_000) as made:
        again.learn.click()
    assert made.args == ["harbour-songs"] and window.style_panel.style.name == "Sea Songs"
    window.delete_style()  # the window's ask_yes_no says yes in tests
    assert "harbour-songs" not in window.style_panel.styles and window.style_panel.style.id == "pop"
    window._style_menu_shown()
    assert not window.delete_style_action.isEnabled()  # pop is Studio's own


def test_cancel_stops_the_learning_and_leaves_no_style(window, qtbot, tmp_path, quick_training):
    dialog = scanned(window, qtbot, tmp_path)
    quick_training["count"] = 5000
    dialog.learn.click()
    qtbot.waitUntil(lambda: "step" in dialog.progress.format(), timeout=60_000)
    dialog.cancel.click()
    qtbot.waitUntil(lambda: dialog.process is None, timeout=30_000)
    assert dialog.found.text().startswith("Stopped") or "not made" in dialog.found.text()
    assert not list(user_style_folder().iterdir())
    assert all(style.folder is None for style in window.style_panel.styles.values())


def test_a_folder_without_midi_says_so(window, qtbot, tmp_path, quick_training):
    dialog = window.new_style_dialog()
    (tmp_path / "empty").mkdir()
    dialog.choose([tmp_path / "empty"])
    qtbot.waitUntil(lambda: dialog.process is None, timeout=60_000)
    assert dialog.found.text().startswith("no MIDI files") and not dialog.learn.isEnabled()
