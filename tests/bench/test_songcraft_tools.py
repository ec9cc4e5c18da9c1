"""The vocal check, the recogniser's wrapper (with a fake recogniser), the matrix plan and
the style classifier of the songcraft benchmark."""

from pathlib import Path

import numpy as np
import pytest

from bench.songcraft.asr import clip_times, intelligibility, normalise, word_error_rate
from bench.songcraft.matrix import plan
from bench.songcraft.measure import Lyric
from bench.songcraft.score import read_song_midi
from bench.songcraft.summary import aggregate, style_distinctness
from bench.songcraft.vocal import agreement, f0_track
from tests.bench.midi_fixtures import PPQ, write_song

RATE = 16000


def sung(piece, shift: int) -> np.ndarray:
    """A sine on every note of the piece, ``shift`` semitones away (an octave-off singer)."""
    out = np.zeros(int(RATE * (piece.seconds(piece.end_tick) + 0.5)), dtype=np.float32)
    for note in piece.notes:
        a, b = int(piece.seconds(note.start) * RATE), int(piece.seconds(note.end) * RATE)
        t = np.arange(b - a) / RATE
        out[a:b] = 0.5 * np.sin(2 * np.pi * 440 * 2 ** ((note.pitch + shift - 69) / 12) * t)
    return out


@pytest.fixture
def melody(tmp_path):
    vocal = [(pitch, i * PPQ, PPQ, "la") for i, pitch in enumerate((57, 60, 64, 62, 59, 57))]
    return read_song_midi(write_song(tmp_path / "song.mid", vocal))


def test_a_vocal_on_its_notes(melody):
    figures = agreement(melody, *f0_track(sung(melody, 0), RATE))
    assert figures["f0_within_50c"] > 0.95 and figures["f0_octave_off"] == 0.0


def test_an_octave_shifted_vocal_is_caught(melody):
    figures = agreement(melody, *f0_track(sung(melody, 12), RATE))
    assert figures["f0_within_50c"] < 0.05 and figures["f0_octave_off"] > 0.95
    assert figures["f0_median_cents"] == pytest.approx(1200, abs=10)


class FakeRecogniser:
    def __init__(self, heard: str):
        self.heard, self.paths = heard, []

    def transcribe(self, path: Path) -> str:
        self.paths.append(path)
        return self.heard


def test_the_recogniser_wrapper_scores_what_it_heard(tmp_path):
    wav = tmp_path / "Vocal.wav"
    exact = intelligibility(FakeRecogniser("I walked along the River, in the morning light!"), wav,
                            "I walked along the river in the morning light")  # fmt: skip
    assert exact["wer"] == 0.0 and exact["heard"] == "i walked along the river in the morning light"
    half = intelligibility(FakeRecogniser("i talked along a river"), wav, "i walked along the river")
    assert half["wer"] == pytest.approx(2 / 5)
    assert intelligibility(FakeRecogniser(""), wav, "sing")["wer"] == 1.0


def test_the_song_is_heard_in_pieces_cut_in_its_rests():
    """Pieces of at most 28 s, each ending in the quietest stretch after its first 12 s: a rest
    between lines, never a sung word."""
    sung = np.zeros(70 * RATE)
    for start in range(0, 70, 5):  # a line every 5 s, sung for 4 s, a 1 s rest after it
        sung[start * RATE : (start + 4) * RATE] = 0.3
    sung[23 * RATE : 24 * RATE] = 0.3  # one line runs on through its rest
    times = clip_times(sung)
    starts, ends = times[::2], times[1::2]
    assert starts[0] == 0 and ends[-1] == pytest.approx(70) and starts[1:] == ends[:-1]
    assert all(0 < end - start <= 28 for start, end in zip(starts, ends))
    for cut in ends[:-1]:
        assert cut - starts[ends.index(cut)] >= 12 and sung[int(cut * RATE)] == 0.0
    assert clip_times(sung[: 20 * RATE]) == [0.0, pytest.approx(20)]  # short enough: one piece


def test_normalising_keeps_letters_and_apostrophes():
    assert normalise("Don't  STOP—me now... (twenty-four)") == "don't stop me now 24"
    assert normalise("I realised the harbour's colour") == "i realized the harbor's color"
    assert word_error_rate("Seventeen and reckless", "17 and reckless") == 0.0
    with pytest.raises(ValueError):
        word_error_rate("  ...", "anything")


def lyric(name, half, english=True):
    return Lyric(name, half, Path(f"{name}.txt"), "la", (("Verse", ("la",)),), english)


def test_the_plan_covers_the_matrix_and_hears_every_english_lyric():
    lyrics = [lyric(f"t{i}", "tune") for i in range(4)] + [lyric(f"h{i}", "held-out") for i in range(4)]
    lyrics.append(lyric("zh", "held-out", english=False))
    styles = ["pop", "rock", "folk", "ballad"]
    jobs = plan(styles, lyrics, [1, 2], dry_per_style=2, mix_per_style=1)
    assert len(jobs) == len(styles) * len(lyrics) * 2
    dry = [j for j in jobs if j.listen_dry]
    assert {j.lyric.name for j in dry} == {ly.name for ly in lyrics if ly.english}
    assert all(j.lyric.english for j in dry)
    assert {(j.style, j.lyric.name) for j in dry if j.seed == 1} == {
        (j.style, j.lyric.name) for j in dry if j.seed == 2
    }
    pop = [j for j in dry if j.style == "pop" and j.seed == 1]
    assert sorted(j.lyric.half for j in pop) == ["held-out", "tune"]  # one lyric of each half per style
    assert sum(j.listen_mix for j in jobs) == len(styles) and all(j.seed == 1 for j in jobs if j.listen_mix)
    quick = plan(styles, lyrics, [1], dry_per_style=1, mix_per_style=0)
    assert sum(j.listen_dry for j in quick) == len(styles) and not any(j.listen_mix for j in quick)
    assert {j.lyric.half for j in quick if j.listen_dry} == {"tune", "held-out"}


def test_styles_that_differ_are_told_apart_and_pooled_prosody():
    rng = np.random.default_rng(0)
    songs = []
    for style, density in (("hip-hop", 2.0), ("ballad", 0.5), ("pop", 1.0)):
        for seed in (1, 2):
            for _ in range(4):
                songs.append((style, seed, {"notes_per_beat": density + rng.normal(0, 0.05), "syncopation": 0.1}))
    result = style_distinctness(songs)
    assert result["accuracy"] == 1.0 and result["tested"] == 24
    assert result["distance"][("ballad", "hip-hop")] > result["distance"][("ballad", "pop")]
    pooled = aggregate([{"n_stressed": 10, "n_stressed_strong": 9}, {"n_stressed": 30, "n_stressed_strong": 27}])
    assert pooled["stressed_on_strong"] == pytest.approx(0.9)


def test_the_register_test_scores_the_pitch_sung_and_pairs_each_song():
    from bench.bench_voice import _Piece, paired
    from studio.core.song import Note, Song, Track

    track = Track("Vocal", notes=(Note(60, 0, 480, lyric="la"), Note(64, 480, 480, lyric="lo")))
    lower = _Piece(Song(tracks=(track,)), track, -3)
    assert [(n.pitch, n.start, n.lyric) for n in lower.notes] == [(57, 0, "la"), (61, 480, "lo")]
    rows = {("neural", 0): [(0.20, 1.0, 5.0), (0.10, 1.0, 5.0)], ("neural", -3): [(0.10, 1.0, 5.0), (0.10, 1.0, 5.0)]}
    (line,) = paired(rows)
    assert line.startswith("| neural | -3 | 2 | -0.050 +- 0.050 | 1 | 0 |")


def test_each_sung_word_is_placed_and_marked_heard_or_not(tmp_path):
    from bench.songcraft_words import heard_right, sung_word_places

    vocal = [(60, 0, PPQ, "Hold"), (62, PPQ, PPQ, "me"), (64, 4 * PPQ, PPQ, "win-"), (65, 5 * PPQ, 2 * PPQ, "ter")]
    words = sung_word_places(read_song_midi(write_song(tmp_path / "song.mid", vocal)))  # 120 BPM: 0.5 s a beat
    assert [w.token for w in words] == ["hold", "me", "winter"]
    hold, _, winter = words
    assert hold.first_phone == "HH" and hold.rest_before is None and hold.per_syllable == pytest.approx(0.5)
    assert winter.syllables == 2 and winter.pitch == 64.5 and winter.per_syllable == pytest.approx(0.75)
    assert winter.rest_before == pytest.approx(1.0)  # two beats after "me" ended
    kept, confusions = heard_right(["hold", "me", "winter"], "Fault me in winter!")
    assert kept == [False, True, True] and confusions == [("hold", "fault")]  # "in" was no one's word
