"""The track strips: pick a band part and edit it in the roll, change its instrument, pan
and mute it; each change is one undo step."""

from PySide6.QtCore import Qt

from studio.core.commands import add_notes
from studio.core.song import Note
from tests.ui.helpers import generate


def test_pick_a_band_track_and_edit_it_in_the_roll(qtbot, window):
    generate(qtbot, window)
    song = window.document.song
    strips = window.tracks.strips
    vocal, bass = song.track_index(song.melody_track().name), song.track_index("Bass")
    assert strips[vocal].name.isChecked() and window.piano.track_index == vocal  # the vocal by default
    qtbot.mouseClick(strips[bass].name, Qt.MouseButton.LeftButton)
    assert window.piano.track_index == bass and strips[bass].name.isChecked()
    assert len(window.piano._items) == len(song.tracks[bass].notes)  # the bass's notes, the rest ghosts
    window.edit(add_notes(bass, [Note(40, 0, 240)]))
    assert Note(40, 0, 240) in window.document.song.tracks[bass].notes
    assert window.piano.track_index == bass  # an edit keeps the roll on the track
    window.document.undo_stack.undo()
    assert window.document.song.tracks[bass].notes == song.tracks[bass].notes


def test_change_an_instrument_pan_and_mute_then_undo(qtbot, window):
    generate(qtbot, window)
    song = window.document.song
    bass = song.track_index("Bass")
    strip = window.tracks.strips[bass]
    wanted = 38 if song.tracks[bass].program != 38 else 39  # a synth bass
    strip.instrument.setCurrentIndex(strip.instrument.findData(wanted))
    assert window.document.song.tracks[bass].program == wanted
    assert "Synth Bass" in strip.instrument.currentText()
    strip.pan.setValue(-50)
    assert window.document.song.tracks[bass].pan == -0.5
    qtbot.mouseClick(strip.mute, Qt.MouseButton.LeftButton)
    assert window.document.song.tracks[bass].muted
    for _ in range(3):
        window.document.undo_stack.undo()
    assert window.document.song == song
    assert strip.instrument.currentData() == song.tracks[bass].program and strip.pan.value() == 0


def test_the_drum_track_has_a_kit_not_a_melodic_instrument(qtbot, window):
    generate(qtbot, window)
    drums = window.document.song.track_index("Drums")
    assert not window.tracks.strips[drums].instrument.isEnabled()
