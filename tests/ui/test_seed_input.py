"""Seed notes from outside the window: a hummed or played take (WAV) heard as notes."""

import soundfile

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
