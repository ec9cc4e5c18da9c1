"""Seed notes from a take: a melody played on the SoundFont comes back as its own notes, on
the grid, in the song's tempo; a file that cannot be heard is one line and nothing else."""

import numpy as np
import pytest
import soundfile

from studio.audio.soundfont import bundled_font
from studio.audio.synth import SoundFontSynth
from studio.audio.transcribe import MAX_SECONDS, heard_line, transcribe_file
from studio.core.errors import AudioError
from studio.core.song import SEED_NOTES_MAX, Note, Song, TempoChange, Track
from studio.core.theory import Key
from studio.formats.midi_import import read_seed_notes

PITCHES = [60, 62, 64, 65, 67, 67, 65, 64, 62, 60]  # a step up and back, a repeated note


@pytest.fixture(scope="module")
def take(tmp_path_factory):
    """The melody on the piano at 100 BPM, a quarter note each, from beat 2."""
    song = Song(tempos=(TempoChange(0, 100.0),))
    notes = tuple(Note(p, 480 + 480 * i, 440) for i, p in enumerate(PITCHES))
    track = Track("Lead", 0, 0, notes)
    audio = SoundFontSynth(bundled_font()).render_track(track, song.tempo_map, int(8.5 * 44100))
    path = tmp_path_factory.mktemp("take") / "take.wav"
    soundfile.write(path, audio, 44100)
    return path, song


def test_a_played_melody_comes_back_as_its_notes_on_the_grid(take):
    path, song = take
    notes = transcribe_file(path, song.tempo_map, Key(0), 120, at=1920)
    assert [n.pitch for n in notes] == PITCHES
    assert [n.start for n in notes] == [1920 + 480 * i for i in range(len(PITCHES))]  # the take's own timing
    assert all(n.seed for n in notes) and all(240 <= n.duration <= 480 for n in notes[:-1])
    assert notes[-1].duration <= 4 * 480  # the last one rings on as a piano does, not for ever


def test_silent_unreadable_and_too_long_files_are_one_line(tmp_path):
    silent = tmp_path / "silent.wav"
    soundfile.write(silent, np.zeros(44100, np.float32), 44100)
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF not really")
    long = tmp_path / "long.wav"
    soundfile.write(long, np.zeros(int((MAX_SECONDS + 1) * 100), np.float32), 100)
    tempo = Song().tempo_map
    for path, message in ((silent, "is silent"), (broken, "not an audio file"), (long, "lasts 301 s")):
        with pytest.raises(AudioError, match=message):
            transcribe_file(path, tempo, Key(0), 120)


def frames(*keys, length=40, onset_at=0):
    """Activations with ``keys`` (0-87) sounding from ``onset_at`` for ``length`` frames."""
    note, onset = np.zeros((100, 88), np.float32), np.zeros((100, 88), np.float32)
    for key, strength in keys:
        note[onset_at : onset_at + length, key] = strength
        onset[onset_at, key] = 0.9
    return note, onset


def test_the_top_line_skips_an_overtone_and_takes_the_upper_voice():
    times = np.arange(100) / 86
    note, onset = frames((39, 0.9), (51, 0.6))  # C4 and the octave above it, softer: its overtone
    assert [n.pitch for n in heard_line(times, note, onset)] == [60]
    note, onset = frames((39, 0.8), (43, 0.8))  # C4 and E4 together: the upper voice is the tune
    assert [n.pitch for n in heard_line(times, note, onset)] == [64]


def test_a_wobbling_onset_on_a_held_note_is_not_a_new_note():
    times = np.arange(100) / 86
    note, onset = frames((39, 0.9), length=60)
    onset[20, 39] = 0.6  # the vibrato of a sung vowel
    assert len(heard_line(times, note, onset)) == 1
    onset[20, 39] = 0.95  # struck again, clearly
    assert len(heard_line(times, note, onset)) == 2


def test_studio_transcribe_writes_the_seed_file_generate_takes(take, tmp_path, capsys):
    from studio.cli.main import run

    path, _ = take
    out = tmp_path / "seed.mid"
    assert run(["transcribe", str(path), "--out", str(out), "--tempo", "100"]) == 0
    assert "10 notes" in capsys.readouterr().out
    assert [n.pitch for n in read_seed_notes(out)] == PITCHES[:SEED_NOTES_MAX]
    assert run(["transcribe", str(tmp_path / "missing.wav"), "--out", str(out)]) == 2
    assert "not an audio file" in capsys.readouterr().err
