"""The guide vocal: pitch, timing, languages and what it does with text it cannot say."""

import numpy as np
import pytest

from studio.audio.render import render_song
from studio.audio.soundfont import bundled_font
from studio.audio.synth import SoundFontSynth
from studio.audio.voice.espeak import ESPEAK_VARIANTS, espeak_speaker
from studio.audio.voice.fx import finish_vocal, vocal_blocks
from studio.audio.voice.phonemes import split_syllables
from studio.audio.voice.pitch import pitch_report
from studio.audio.voice.singer import Singer, octave_shift
from studio.audio.voice.types import Phone, language_for
from studio.core.errors import AudioError, Cancelled
from studio.core.song import VOICES, Note, Song, Track
from studio.core.timing import TempoMap

TEMPO = TempoMap([(0, 120.0)])  # a quarter note is half a second
LINE = [("Sing", False), ("a", False), ("song", False), ("of", False), ("love", False)]
LINE += [("beau", True), ("ti", True), ("ful", False), ("fire", False)]


def vocal_track(syllables, pitches, beats=None, start=960) -> Track:
    notes, tick = [], start
    for (text, joins), pitch, length in zip(syllables, pitches, beats or [1] * len(pitches)):
        notes.append(Note(pitch, tick, int(480 * length), 90, text, joins))
        tick += int(480 * length)
    return Track("Vocal", 53, 0, tuple(notes))


@pytest.fixture(scope="module")
def singer():
    return Singer()


@pytest.mark.parametrize("voice", VOICES)
def test_a_sung_line_follows_its_notes(singer, voice):
    track = vocal_track(LINE, [60, 62, 64, 65, 67, 69, 67, 65, 64], [1, 1, 1, 1, 2, 1, 0.5, 0.5, 2])
    take = singer.sing(track, TEMPO, voice)
    report = pitch_report(take.samples, take.rate, take.notes)
    assert report.notes_heard == report.notes == 9
    assert report.share >= 0.9, report
    assert abs(report.median_cents) < 10


def test_every_syllable_sounds_at_its_notes_time_and_rests_are_silent_but_for_a_breath(singer):
    track = vocal_track(LINE, [64] * 9, [0.5] * 9, start=1920)
    take = singer.sing(track, TEMPO)
    rate = take.rate
    for note in take.notes:
        window = take.samples[int(note.start * rate) : int((note.start + 0.1) * rate)]
        assert np.sqrt(np.mean(window**2)) > 0.01, f"nothing sung at {note.start:.2f} s"
    assert np.abs(take.samples[: int(1.3 * rate)]).max() == 0.0  # silence, then the inhale
    inhale = take.samples[int(1.3 * rate) : int(1.8 * rate)]  # the first consonant may start just before 2.0 s
    sung = take.samples[int(2.0 * rate) : int(6.5 * rate)]
    level = 20 * np.log10(rms(inhale) / rms(sung))
    assert -44 < level < -20  # heard, well under the voice


def rms(block):
    return float(np.sqrt(np.mean(np.square(block, dtype=np.float64))))


def test_consonants_come_before_the_beat(singer):
    # "song" starts with an s: its hiss must be under way before the note's start.
    track = vocal_track([("la", False), ("song", False)], [64, 64], [1, 1])
    take = singer.sing(track, TEMPO)
    note = take.notes[1]
    rate = take.rate
    just_before = take.samples[int((note.start - 0.04) * rate) : int(note.start * rate)]
    assert np.sqrt(np.mean(just_before**2)) > 0.003


def test_a_melisma_carries_the_vowel_over_its_notes(singer):
    notes = (Note(62, 960, 480, 90, "love"), Note(64, 1440, 480), Note(65, 1920, 480))
    take = singer.sing(Track("Vocal", notes=notes), TEMPO)
    assert len(take.notes) == 3
    report = pitch_report(take.samples, take.rate, take.notes)
    assert report.notes_heard == 3 and report.share >= 0.85


@pytest.mark.parametrize(
    "syllables", [("我", "爱", "你"), ("さ", "く", "ら"), ("사", "랑", "해")], ids=["Mandarin", "Japanese", "Korean"]
)
def test_mandarin_japanese_and_korean_lyrics_are_sung_by_espeak(singer, syllables):
    track = vocal_track([(syllable, False) for syllable in syllables], [62, 64, 67], [1, 1, 2])
    take = singer.sing(track, TEMPO)
    assert not take.warnings
    report = pitch_report(take.samples, take.rate, take.notes)
    assert report.notes_heard == 3 and report.share >= 0.85


def test_text_no_voice_can_say_is_skipped_with_a_warning(singer):
    syllables = [("hello", False), ("★", False), ("ሰላም", False), ("world", False)]
    take = singer.sing(vocal_track(syllables, [60, 62, 64, 65]), TEMPO)
    assert len(take.notes) == 2  # hello, world
    assert any("★" in w for w in take.warnings) and any("ሰላም" in w for w in take.warnings)
    with pytest.raises(AudioError, match="none of the lyrics can be sung"):
        singer.sing(vocal_track([("∑∑", False), ("ሰላም", False)], [60, 62]), TEMPO)


def test_cancel_stops_singing(singer):
    with pytest.raises(Cancelled):
        singer.sing(vocal_track(LINE, [60] * 9), TEMPO, should_stop=lambda: True)


def test_the_male_voice_sings_an_octave_below_a_treble_melody(singer):
    assert octave_shift([64, 67, 72], "male") == -12
    assert octave_shift([60, 64, 67], "male") == 0  # in the range already: sung as written
    assert octave_shift([60, 64, 67], "female") == 0
    assert octave_shift([45, 48, 52], "female") == 12
    take = singer.sing(vocal_track(LINE[:3], [69, 71, 72]), TEMPO, "male")
    assert [n.pitch for n in take.notes] == [57, 59, 60]


def test_the_voices_of_the_song_model_all_have_an_espeak_voice():
    assert set(VOICES) == set(ESPEAK_VARIANTS)


def test_language_comes_from_the_script():
    assert language_for("don't") == "en-us"
    assert language_for("café") == "en-us"
    assert language_for("爱") == "cmn"
    assert language_for("さくら") == "ja"
    assert language_for("사랑") == "ko"
    assert language_for("ሰላም") is None
    assert language_for("★") is None
    assert language_for("hello爱") is None  # mixed in one word: no single voice


def test_espeak_reports_phonemes_with_their_times():
    spoken = espeak_speaker().say("beautiful", "en-us")
    names = [p.name for p in spoken.phones]
    assert names[0] == "b" and sum(p.is_vowel for p in spoken.phones) == 3
    assert all(a.end <= b.start + 1 for a, b in zip(spoken.phones, spoken.phones[1:]))
    assert spoken.phones[-1].end <= len(spoken.samples)


def phones(*names):
    return tuple(Phone(n, 100 * i, 100 * (i + 1)) for i, n in enumerate(names))


def test_syllables_split_consonants_between_vowels():
    # b j u: t# i f @L -> "beau-ti-ful": V.CV gives the t to "ti", VC.CV splits "f" to "ful"
    parts = split_syllables(phones("b", "j", "u:", "t#", "i", "f", "@L"), 3)
    assert [(s.onset, s.vowel_start, s.vowel_end, s.coda_end) for s in parts] == [
        (0, 200, 300, 300),
        (300, 400, 500, 500),
        (500, 600, 700, 700),
    ]
    assert split_syllables(phones("s", "t", "aI", "l", "d"), 1)[0].onset_samples == 200


def test_syllable_counts_are_fitted_to_the_lyrics():
    merged = split_syllables(phones("f", "aI", "@"), 1)  # "fire" said in two vowels, sung in one
    assert len(merged) == 1 and merged[0].vowel_samples == 200
    split = split_syllables(phones("l", "V", "v"), 2)  # "lo-ove"
    assert len(split) == 2 and split[0].vowel_end == split[1].vowel_start
    assert split_syllables(phones("s", "t"), 1) == []  # nothing to sing


def test_the_vocal_strip_resamples_to_stereo_and_cuts_rumble():
    rate = 22050
    t = np.arange(rate) / rate
    rumble = finish_vocal(0.1 * np.sin(2 * np.pi * 40 * t).astype(np.float32), rate, 44100)
    voice = finish_vocal(0.1 * np.sin(2 * np.pi * 400 * t).astype(np.float32), rate, 44100)
    assert voice.shape == (44100, 2) and voice.dtype == np.float32
    assert np.sqrt(np.mean(rumble**2)) < 0.25 * np.sqrt(np.mean(voice**2))
    assert not np.allclose(voice[:, 0], voice[:, 1])  # the room is stereo
    assert np.array_equal(voice, finish_vocal(0.1 * np.sin(2 * np.pi * 400 * t).astype(np.float32), rate, 44100))


def test_the_vocal_strip_in_blocks_is_the_strip_in_one_piece():
    rate = 22050
    dry = (0.1 * np.random.default_rng(5).standard_normal(20 * rate)).astype(np.float32)  # all frequencies
    whole = dict(vocal_blocks(dry, rate, 44100, 45 * 44100, block_in=len(dry)))
    pieces = dict(vocal_blocks(dry, rate, 44100, 45 * 44100, block_in=rate))  # 20 blocks of 1 s
    whole, pieces = (np.concatenate([blocks[k] for k in sorted(blocks)]) for blocks in (whole, pieces))
    assert whole.shape == pieces.shape == (45 * 44100, 2)
    assert np.abs(whole - pieces).max() < 1e-5 * np.abs(whole).max()  # -100 dB: no block edges to hear
    tail = whole[20 * 44100 :]
    assert np.abs(tail[: 44100 // 2]).max() > 1e-3  # the room rings on after the voice
    assert np.abs(tail[3 * 44100 :]).max() < 1e-6  # and dies away


def test_the_song_renders_a_vocal_stem_in_the_mix(singer):
    vocal = vocal_track(LINE, [60, 62, 64, 65, 67, 69, 67, 65, 64])
    bass = Track("Bass", 33, 2, tuple(Note(36, i * 960, 960, 90) for i in range(6)))
    synth = SoundFontSynth(bundled_font())
    rendering = render_song(Song(tracks=(vocal, bass)), synth, singer=singer)
    assert set(rendering.stems) == {"Vocal", "Bass"}
    assert np.allclose(sum(rendering.stems.values()), rendering.mix, atol=1e-6)
    sung = rendering.stems["Vocal"]
    assert sung.shape == rendering.mix.shape and np.sqrt(np.mean(sung**2)) > 0.01


def test_an_unsingable_vocal_falls_back_to_its_instrument(singer):
    vocal = vocal_track([("★", False), ("∑", False)], [60, 62])
    rendering = render_song(Song(tracks=(vocal,)), SoundFontSynth(bundled_font()), singer=singer)
    assert "Vocal" in rendering.stems and np.abs(rendering.stems["Vocal"]).max() > 0.01
    assert any("guide vocal was left out" in w for w in rendering.warnings)


def test_a_long_note_on_a_short_word_is_held_to_its_end(singer):
    # Praat writes at most 3x its source: a 4 s note from a 0.3 s word needs room behind it.
    take = singer.sing(Track("Vocal", notes=(Note(60, 0, 3840, 90, "I"),)), TEMPO)
    tail = take.samples[int(3.7 * take.rate) : int(3.9 * take.rate)]
    assert np.sqrt(np.mean(tail**2)) > 0.01


@pytest.mark.parametrize("band_velocity", [70, 120])
def test_the_vocal_sits_above_the_band_however_loud_it_plays(singer, band_velocity):
    from studio.audio.render import VOCAL_OVER_BAND_DB

    vocal = vocal_track(LINE, [60, 62, 64, 65, 67, 69, 67, 65, 64])
    chords = tuple(Note(p, i * 480, 480, band_velocity) for i in range(12) for p in (48, 52, 55, 60))
    band = Track("Chords", 0, 1, chords)
    rendering = render_song(Song(tracks=(vocal, band)), SoundFontSynth(bundled_font()), singer=singer)
    rate = 44100
    start, stop = int(TEMPO.tick_to_seconds(960) * rate), int(TEMPO.tick_to_seconds(vocal.end) * rate)

    def level(audio):
        return 10 * np.log10(np.mean(audio[start:stop].astype(np.float64) ** 2))

    above = level(rendering.stems["Vocal"]) - level(rendering.stems["Chords"])
    assert abs(above - VOCAL_OVER_BAND_DB) < 3.0  # the channel strip's level is of the sung parts only


def test_a_ballad_holds_a_long_note_straight_longer_than_rock_before_its_vibrato(singer):
    from studio.compose.styles import get_style

    track = vocal_track([("home", False)], [57], [4], start=960)  # 1.0 s to 3.0 s
    swings = {}
    for style in ("ballad", "rock"):
        take = singer.sing(track, TEMPO, "male", singing=get_style(style).singing)
        cents, times = sung_cents(take)
        swings[style] = [swing(cents, times, a, b) for a, b in ((1.3, 1.45), (2.0, 2.8))]  # early, late
    assert swings["ballad"][0] < 12 < swings["rock"][0]  # rock's vibrato has begun, the ballad's not
    assert swings["ballad"][1] > 25 and swings["rock"][1] > 30  # later both swing


def sung_cents(take):
    """Cents off the take's first note at each voiced 5 ms frame (Praat's pitch), and the times."""
    import parselmouth

    pitch = parselmouth.Sound(take.samples.astype(np.float64), take.rate).to_pitch(0.005, 60.0, 600.0)
    hz, times = pitch.selected_array["frequency"], pitch.xs()
    target = 440 * 2 ** ((take.notes[0].pitch - 69) / 12)
    voiced = hz > 0
    return 1200 * np.log2(hz[voiced] / target), times[voiced]


def swing(cents, times, a, b):
    inside = (times >= a) & (times < b)
    return float(np.percentile(cents[inside], 95) - np.percentile(cents[inside], 5))
