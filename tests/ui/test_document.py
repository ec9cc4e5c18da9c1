"""The window's one undo model: core commands on a QUndoStack (ui.document)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.core.commands import CommandError, ReplaceSong, add_notes, delete_notes, move_notes, resize_notes, set_lyric
from studio.core.song import Note, Song, Track
from studio.ui.document import SongDocument


def song_with(*notes):
    return Song(tracks=(Track("Vocal", notes=tuple(notes)),))


class History:
    """The document driven as the window drives it, in the words of these tests."""

    def __init__(self, song: Song):
        self.document = SongDocument(song)
        self.document.undo_stack.setClean()

    @property
    def song(self) -> Song:
        return self.document.song

    def do(self, command):
        problem = self.document.apply(command)
        assert problem is None, problem

    def undo(self):
        self.document.undo_stack.undo()

    def redo(self):
        self.document.undo_stack.redo()

    @property
    def can_undo(self) -> bool:
        return self.document.undo_stack.canUndo()


def test_add_then_undo_then_redo(qapp):
    history = History(song_with())
    note = Note(60, 0, 480)
    history.do(add_notes(0, [note]))
    assert history.song.tracks[0].notes == (note,)
    history.undo()
    assert history.song.tracks[0].notes == ()
    history.redo()
    assert history.song.tracks[0].notes == (note,)


def test_a_drag_is_one_undo_step(qapp):
    note = Note(60, 0, 480)
    original = song_with(note)
    history = History(original)
    current = note
    for _ in range(5):  # five mouse-move events of one drag
        command = move_notes(0, [current], 120, 1, merge_key="drag-1")
        history.do(command)
        current = command.added[0]
    assert history.song.tracks[0].notes == (Note(65, 600, 480),)
    history.undo()
    assert history.song == original
    assert not history.can_undo


def test_separate_gestures_do_not_merge(qapp):
    note = Note(60, 0, 480)
    history = History(song_with(note))
    first = move_notes(0, [note], 120, 0, merge_key="drag-1")
    history.do(first)
    history.do(move_notes(0, first.added, 120, 0, merge_key="drag-2"))
    history.undo()
    assert history.song.tracks[0].notes == first.added


def test_stale_selection_is_a_clear_message(qapp):
    history = History(song_with(Note(60, 0, 480)))
    assert "no longer" in history.document.apply(delete_notes(0, [Note(61, 0, 480)]))
    assert not history.can_undo


def test_set_lyric_and_resize(qapp):
    note = Note(60, 0, 480)
    history = History(song_with(note))
    history.do(set_lyric(0, note, "love", joins_next=False))
    lyric_note = history.song.tracks[0].notes[0]
    assert lyric_note.lyric == "love"
    history.do(resize_notes(0, [lyric_note], -1000))
    assert history.song.tracks[0].notes[0].duration == 1  # never shorter than a tick


def test_replace_song_is_undoable_and_tracks_saved_state(qapp):
    before, after = song_with(), song_with(Note(60, 0, 480))
    history = History(before)
    assert not history.document.modified
    history.do(ReplaceSong(before, after, "Apply generated song"))
    assert history.document.modified
    history.document.undo_stack.setClean()
    assert not history.document.modified
    history.undo()
    assert history.song == before and history.document.modified


notes_strategy = st.builds(Note, st.integers(24, 100), st.integers(0, 7680), st.integers(1, 1920), st.integers(1, 127))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(notes_strategy, max_size=6), st.lists(st.tuples(st.integers(0, 3), st.integers(-3, 3)), max_size=25))
def test_any_edit_sequence_undoes_back_to_the_original(qapp, initial, edits):
    original = song_with(*initial)
    history = History(original)
    for kind, amount in edits:
        notes = history.song.tracks[0].notes
        try:
            if kind == 0 or not notes:
                command = add_notes(0, [Note(60 + amount, 480 * abs(amount), 240)])
            elif kind == 1:
                command = delete_notes(0, notes[:1])
            elif kind == 2:
                command = move_notes(0, notes[-1:], 60 * amount, amount, merge_key="drag")
            else:
                command = resize_notes(0, notes[:2], 30 * amount, merge_key="resize")
        except CommandError:
            continue  # a move off the keyboard is refused and changes nothing
        history.document.apply(command)  # a command that no longer fits is refused with a message
    while history.can_undo:
        history.undo()
    assert history.song == original
