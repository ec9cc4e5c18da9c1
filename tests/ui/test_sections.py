"""Sections as units: a right click on the ruler writes a section's melody or chords again;
the rest of the song stays, and each is one undo step."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from studio.core.commands import CommandError
from studio.core.lyrics import analyse_lyrics
from studio.core.rearrange import duplicate_section, move_section
from tests.ui.helpers import GENERATE_MS, generate


def sung_section(song):
    return next(i for i, s in enumerate(song.sections) if s.kind == "verse")


def test_right_click_a_section_offers_its_melody_and_chords(qtbot, window):
    generate(qtbot, window)
    roll = window.piano
    roll.fit(whole=True)
    index = sung_section(window.document.song)
    section = window.document.song.sections[index]
    x = int(roll.mapFromScene(QPointF(section.start + 240, 0)).x())
    qtbot.mouseClick(roll._ruler, Qt.MouseButton.RightButton, pos=QPoint(x, 8))
    texts = [a.text() for a in window.section_actions.actions() if a.text()]
    assert texts == [
        f"New melody for {section.label} (same words)",
        f"New chords for {section.label}",
        f"Duplicate {section.label}",
        f"Move {section.label} earlier",
        f"Move {section.label} later",
    ]
    window.section_actions.close()


def test_a_new_melody_for_one_section_keeps_the_rest_and_undoes(qtbot, window):
    generate(qtbot, window)
    song = window.document.song
    index = sung_section(song)
    start, end = window.section_span(index)
    with qtbot.waitSignal(window.composed, timeout=GENERATE_MS):
        window.regenerate_section(index)
    new = window.document.song
    old_in = [n for n in song.melody_track().notes if start <= n.start < end]
    new_in = [n for n in new.melody_track().notes if start <= n.start < end]
    old_out = [n for n in song.melody_track().notes if not start <= n.start < end]
    assert [n for n in new.melody_track().notes if not start <= n.start < end] == old_out
    assert [(n.start, n.lyric) for n in new_in] == [(n.start, n.lyric) for n in old_in]  # the same words and rhythm
    assert [n.pitch for n in new_in] != [n.pitch for n in old_in]
    window.document.undo_stack.undo()
    assert window.document.song == song


def test_new_chords_for_one_section_keep_the_melody_and_its_cadence(qtbot, window):
    generate(qtbot, window)
    song = window.document.song
    index = sung_section(song)
    start, end = window.section_span(index)
    window.new_chords_for_section(index)
    qtbot.waitUntil(lambda: window.document.song.chords != song.chords, timeout=20_000)
    new = window.document.song
    assert new.melody_track().notes == song.melody_track().notes
    outside = [c for c in song.chords if not start <= c.start < end]
    assert [c for c in new.chords if not start <= c.start < end] == outside
    inside = [c for c in new.chords if start <= c.start < end]
    assert inside[-1] == [c for c in song.chords if start <= c.start < end][-1]  # it comes home as before
    window.document.undo_stack.undo()
    assert window.document.song == song


def sung_words(song):
    return [n.lyric for n in sorted(song.melody_track().notes, key=lambda n: n.start) if n.lyric]


TWO_SECTIONS = "[Verse]\nsing a song of love\nbeautiful fire\n\n[Chorus]\nhold on to the light\n"


def test_duplicate_a_section_sings_it_twice_and_undoes(qtbot, window):
    window.editor.setPlainText(TWO_SECTIONS)
    generate(qtbot, window)
    song = window.document.song
    index = sung_section(song)
    start, end = window.section_span(index)
    window.rearrange_section(duplicate_section, index, "Duplicate")
    new = window.document.song
    assert new.end_tick == song.end_tick + end - start
    assert [s.label for s in new.sections if s.kind == "verse"] == ["Verse 1", "Verse 2"]
    assert len(sung_words(new)) == len(analyse_lyrics(new.lyrics).syllables) == len(sung_words(song)) + 9
    assert sung_words(new)[:9] == sung_words(new)[9:18] == sung_words(song)[:9]  # the verse, twice, then the chorus
    assert window.editor.toPlainText() == new.lyrics  # the lyric editor follows
    assert len(new.chords) > len(song.chords) and len(new.phrases) == len(song.phrases) + 2
    window.document.undo_stack.undo()
    assert window.document.song == song and window.editor.toPlainText() == song.lyrics


def test_move_a_section_later_swaps_its_words_and_notes(qtbot, window):
    window.editor.setPlainText(TWO_SECTIONS)
    generate(qtbot, window)
    song = window.document.song
    index = sung_section(song)
    moved = move_section(song, index, 1)
    assert moved.end_tick == song.end_tick and len(moved.melody_track().notes) == len(song.melody_track().notes)
    assert [s.kind for s in moved.sections if s.kind in ("verse", "chorus")] == ["chorus", "verse"]
    assert sung_words(moved) == sung_words(song)[9:] + sung_words(song)[:9]
    assert moved.lyrics.startswith("[Chorus]\nhold on to the light")
    with pytest.raises(CommandError, match="already the last"):
        move_section(moved, index + 1, 1)
