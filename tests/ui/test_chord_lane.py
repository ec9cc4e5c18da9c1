"""The chord lane: change a chord or its length, the band plays the new chords in those bars
and nowhere else, the melody stays, and Undo brings the old chords and band back."""

import mido
from PySide6.QtCore import QPoint, QPointF, Qt

from studio.core.project import load_project
from studio.formats.midi_export import write_midi
from studio.formats.musicxml import write_musicxml
from tests.ui.helpers import generate


def band_notes(song, inside):
    chords = song.track_index("Chords")
    return sorted((n.start, n.pitch) for n in song.tracks[chords].notes if inside(n.start))


def wait_for_chords(qtbot, window, before):
    qtbot.waitUntil(lambda: window.document.song.chords != before, timeout=20_000)


def test_change_a_chord_the_band_follows_there_and_undo(qtbot, window):
    generate(qtbot, window)
    song = window.document.song
    lane = window.piano.chord_lane
    assert lane.choices and song.chords
    index = 2
    chord = lane.chords[index]
    wanted = "F#m7" if chord.symbol != "F#m7" else "Bb"
    lane.choose(index, wanted)
    wait_for_chords(qtbot, window, song.chords)
    changed = window.document.song
    assert lane.chords[index].symbol == wanted and lane.chords[index].start == chord.start
    assert changed.melody_track().notes == song.melody_track().notes  # the melody stays
    bars = song.meter.bar_ticks

    def outside(tick):
        return not chord.start // bars * bars <= tick < -(-(chord.start + chord.duration) // bars) * bars

    def inside(tick):
        return chord.start <= tick < chord.start + chord.duration

    assert band_notes(changed, outside) == band_notes(song, outside)
    assert band_notes(changed, inside) != band_notes(song, inside)  # the band plays the new chord
    window.document.undo_stack.undo()
    assert window.document.song == song


def test_a_symbol_studio_cannot_play_is_said_and_changes_nothing(qtbot, window):
    generate(qtbot, window)
    song = window.document.song
    window.piano.chord_lane.choose(0, "Hxyz")
    assert "not a chord symbol" in window.statusBar().currentMessage()
    assert window.document.song == song


def test_drag_a_chords_edge_and_the_next_one_gives_way(qtbot, window):
    generate(qtbot, window)
    song = window.document.song
    roll, lane = window.piano, window.piano.chord_lane
    roll.fit(whole=True)
    first, second = lane.chords[1], lane.chords[2]
    beat = song.meter.beat_ticks
    end = first.start + first.duration
    x = int(roll.mapFromScene(QPointF(end, 0)).x())
    target = int(roll.mapFromScene(QPointF(end - 2 * beat, 0)).x())
    y = lane.height() // 2
    qtbot.mousePress(lane, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(lane, QPoint(target, y))
    qtbot.mouseRelease(lane, Qt.MouseButton.LeftButton, pos=QPoint(target, y))
    wait_for_chords(qtbot, window, song.chords)
    shorter, longer = lane.chords[1], lane.chords[2]
    assert shorter.duration == first.duration - 2 * beat
    assert longer.start == end - 2 * beat and longer.start + longer.duration == second.start + second.duration


def test_changed_chords_survive_save_midi_and_musicxml(qtbot, window, tmp_path):
    generate(qtbot, window)
    song = window.document.song
    window.piano.chord_lane.choose(1, "F#m7")
    wait_for_chords(qtbot, window, song.chords)
    path = tmp_path / "chords.studio"
    assert window.save_as(path)
    assert load_project(path).chords == window.document.song.chords
    write_midi(window.document.song, tmp_path / "song.mid")
    texts = [m.text for t in mido.MidiFile(tmp_path / "song.mid").tracks for m in t if m.type == "text"]
    assert "F#m7" in texts
    write_musicxml(window.document.song, tmp_path / "song.musicxml")
    from music21 import converter, harmony

    score = converter.parse(str(tmp_path / "song.musicxml"))
    assert "F#m7" in {c.figure for c in score.recurse().getElementsByClass(harmony.ChordSymbol)}
