"""Seed notes from outside the window: a hummed or played take (WAV) heard as notes, and a
MIDI keyboard (a fake port) played while Rec is on."""

import mido
import soundfile
from PySide6.QtCore import Qt

from studio.audio.soundfont import bundled_font
from studio.audio.synth import SoundFontSynth
from studio.core.song import Note, Song, Track


def test_import_a_rendered_take_as_seed_notes_and_undo(qtbot, window, tmp_path):
    pitches = [64, 65, 67, 72, 67]
    played = Track("Lead", 73, 0, tuple(Note(p, 480 * i, 400) for i, p in enumerate(pitches)))
    path = tmp_path / "hummed.wav"
    soundfile.write(path, SoundFontSynth(bundled_font()).render_track(played, Song().tempo_map, 3 * 44100), 44100)
    window.document.reset(Song(tracks=(Track("Vocal", 53, 0),)))
    window.import_audio_seed(path)
    qtbot.waitUntil(lambda: bool(window.document.song.tracks[0].notes), timeout=30_000)
    seeds = window.document.song.tracks[0].notes
    assert [n.pitch for n in seeds] == pitches and all(n.seed for n in seeds)
    assert "5 seed notes from hummed.wav" in window.statusBar().currentMessage()
    window.document.undo_stack.undo()
    assert not window.document.song.tracks[0].notes


def test_a_file_that_is_not_audio_is_one_line_and_changes_nothing(qtbot, window, tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("not audio")
    song = window.document.song
    window.import_audio_seed(path)
    qtbot.waitUntil(lambda: "not an audio file" in window.statusBar().currentMessage(), timeout=30_000)
    assert window.document.song == song


class FakeKeyboard:
    """A port that the test plays: ``window.keyboard_take._port.play(...)``."""

    name = "Fake Keys"

    def __init__(self, name, callback):
        self.callback = callback

    def play(self, note, velocity=90):
        self.callback(mido.Message("note_on", note=note, velocity=velocity))

    def close(self):
        pass


def test_record_seed_notes_from_a_fake_midi_keyboard_and_undo(qtbot, window, monkeypatch):
    monkeypatch.setattr("studio.app.midi_input.open_port", FakeKeyboard)
    window.document.reset(Song(tracks=(Track("Vocal", 53, 0),)))
    window.playback.seek(2.0)  # the playhead in bar 2 at 120 BPM: the take goes there
    qtbot.mouseClick(window.transport.record, Qt.MouseButton.LeftButton)
    assert "recording from Fake Keys" in window.statusBar().currentMessage()
    take, clock = window.keyboard_take, iter([0.5, 1.0, 1.0, 1.5, 2.0])  # each message, then Stop
    take._clock, take._started = lambda: next(clock), 0.0
    port = take._port
    port.play(60)  # 0.5 s after Rec
    port.play(60, 0)  # released at 1.0 s
    port.play(64)  # 1.0 s
    port.play(64, 0)  # 1.5 s
    qtbot.mouseClick(window.transport.record, Qt.MouseButton.LeftButton)  # 2.0 s
    seeds = window.document.song.tracks[0].notes
    assert [(n.pitch, n.start, n.duration) for n in seeds] == [(60, 1920 + 480, 480), (64, 1920 + 960, 480)]
    assert all(n.seed for n in seeds) and "2 seed notes from Fake Keys" in window.statusBar().currentMessage()
    window.document.undo_stack.undo()
    assert not window.document.song.tracks[0].notes


def test_no_keyboard_is_one_notice_and_rec_stays_off(qtbot, window, monkeypatch):
    from studio.core.errors import MidiError

    def none_there(name, callback):
        raise MidiError("no MIDI keyboard is connected: plug one in, then choose it in Settings")

    monkeypatch.setattr("studio.app.midi_input.open_port", none_there)
    qtbot.mouseClick(window.transport.record, Qt.MouseButton.LeftButton)
    assert not window.transport.record.isChecked() and window.keyboard_take is None
    assert "no MIDI keyboard" in window.statusBar().currentMessage() and len(window.notices) == 1
