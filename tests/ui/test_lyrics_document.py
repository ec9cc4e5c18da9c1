"""The typed lyrics are part of the song: undo, the unsaved mark, the prompt on closing and
the autosave all cover them."""

from PySide6.QtCore import Qt

from studio.core.project import load_project
from studio.core.song import Song
from studio.ui import files
from studio.ui.lyric_editor import ANALYSIS_DELAY_MS, LyricEditor
from tests.ui.helpers import LYRICS


def type_at_end(qtbot, window, text: str) -> None:
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, text)


def test_the_starting_lyrics_are_the_songs_and_nothing_is_unsaved(window):
    assert window.document.song.lyrics == LYRICS
    assert not window.document.modified
    assert window.statusBar().currentMessage() == "9 syllables in 2 lines"  # said at once


def test_the_starting_lyrics_are_analysed_once_not_again_after_a_pause(qtbot):
    # a late second analysis would write over what the status bar says next ("cancelled")
    editor = LyricEditor(LYRICS)
    qtbot.addWidget(editor)
    assert editor.counts == {2: 5, 3: 4}
    with qtbot.assertNotEmitted(editor.analysed, wait=2 * ANALYSIS_DELAY_MS):
        pass


def test_typing_changes_the_song_and_marks_it_unsaved(qtbot, window):
    type_at_end(qtbot, window, "under the moon")
    assert window.document.song.lyrics == LYRICS + "under the moon"
    assert window.windowTitle().endswith("* - Studio")


def test_closing_after_typing_asks_and_cancel_keeps_the_words(qtbot, window):
    type_at_end(qtbot, window, "under the moon")
    asked = []
    window.ask_save = lambda text: asked.append(text) or "cancel"
    window.close()
    assert asked and window.isVisible()
    assert window.editor.toPlainText().endswith("under the moon")


def test_one_undo_takes_back_one_burst_of_typing(qtbot, window):
    type_at_end(qtbot, window, "under")
    window.editor.end_burst()  # the musician paused
    type_at_end(qtbot, window, " the moon")
    assert window.document.undo_stack.count() == 2
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the window's undo
    assert window.editor.toPlainText() == LYRICS + "under"
    window.document.undo_stack.undo()
    assert window.editor.toPlainText() == LYRICS and not window.document.modified
    window.document.undo_stack.redo()
    assert window.document.song.lyrics == window.editor.toPlainText() == LYRICS + "under"


def test_typed_words_survive_a_crash_through_the_autosave(qtbot, window):
    type_at_end(qtbot, window, "under the moon")
    window.autosave()  # what the timer does every half minute
    assert load_project(files.untitled_autosave()).lyrics.endswith("under the moon")
    window.document.reset(Song())  # Studio died; it starts again with nothing
    assert window.editor.toPlainText() == ""
    assert window.recover_untitled()
    assert window.editor.toPlainText().endswith("under the moon")
    assert window.document.modified


def test_opening_a_song_shows_its_lyrics_and_saving_keeps_what_was_typed(qtbot, window, tmp_path):
    path = tmp_path / "words.studio"
    type_at_end(qtbot, window, "under the moon")
    assert window.save_as(path)
    assert load_project(path).lyrics.endswith("under the moon")
    window.new_song()
    assert window.editor.toPlainText() == ""
    assert window.open_file(path)
    assert window.editor.toPlainText().endswith("under the moon") and not window.document.modified
