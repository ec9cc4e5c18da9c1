"""The female English voice (Festival's slt): it loads, its phoneme times fit its sound, and
where it cannot load or stops mid-song the male voice sings the female part, said once."""

import numpy as np
import pytest

import studio.audio.voice.festival as festival_voice
from studio.audio.voice.box import FEMALE_FALLBACK, VoiceBox
from studio.audio.voice.festival import FestivalSpeaker, festival_speaker
from studio.audio.voice.phonemes import split_syllables
from studio.audio.voice.piper import neural_speaker
from studio.audio.voice.pitch import pitch_report
from studio.audio.voice.singer import Singer
from studio.core.errors import AudioError
from studio.core.song import Note, Track
from studio.core.timing import TempoMap

TEMPO = TempoMap([(0, 120.0)])  # a quarter note is half a second
WORDS = zip((62, 64, 65, 67), "oh my lovely day".split())
LINE = tuple(Note(pitch, 960 + 480 * i, 480, 90, word) for i, (pitch, word) in enumerate(WORDS))


@pytest.fixture(scope="module")
def voice() -> FestivalSpeaker:
    return festival_speaker()


def crossing_rate(part: np.ndarray) -> float:
    return float(np.mean(np.abs(np.diff(np.sign(part))) > 0))


def test_the_female_voice_loads_and_speaks_a_word_at_a_womans_pitch(voice):
    import parselmouth

    spoken = FestivalSpeaker().say("window")
    assert spoken.rate == 32000
    assert [p.name for p in spoken.phones][0] == "w" and sum(p.is_vowel for p in spoken.phones) >= 2
    pitch = parselmouth.Sound(spoken.samples.astype(np.float64), spoken.rate).to_pitch().selected_array["frequency"]
    assert 150 < np.median(pitch[pitch > 0]) < 260  # joe speaks near 110 Hz


def test_a_consonant_is_noise_and_the_vowel_after_it_is_voice(voice):
    spoken = voice.say("sister")
    s, vowel = spoken.phones[0], next(p for p in spoken.phones if p.is_vowel)
    assert s.name == "s" and s.end <= vowel.start
    hiss, voiced = spoken.samples[s.start : s.end], spoken.samples[vowel.start : vowel.end]
    assert crossing_rate(hiss) > 0.3 > crossing_rate(voiced)
    assert np.sqrt(np.mean(voiced**2)) > 2 * np.sqrt(np.mean(hiss**2))


def test_a_phrase_comes_back_one_utterance_per_word_in_order(voice):
    words = ("up", "from", '"the"', "underground", "--", "17")  # quotes would end Festival's string
    spoken = voice.say_words(words)
    assert len(spoken) == 6 and all(u.samples is spoken[0].samples for u in spoken)
    assert spoken[4].phones == ()  # nothing to say in it
    said = [u for u in spoken if u.phones]
    edges = [(u.phones[0].start, u.phones[-1].end) for u in said]
    assert all(a[1] <= b[0] for a, b in zip(edges, edges[1:]))
    assert [len(split_syllables(u.phones, n)) for u, n in zip(said, (1, 1, 1, 3, 3))] == [1, 1, 1, 3, 3]
    yes = voice.say("yes").phones[0]
    assert yes.name == "j" and not yes.is_vowel  # Festival's "y" would read as a vowel


def test_the_same_words_sound_the_same_every_time(voice):
    again, words = FestivalSpeaker(), ("morning", "light")
    assert np.array_equal(voice.say_words(words)[0].samples, again.say_words(words)[0].samples)
    again.close()


def test_a_slower_pace_says_the_same_phones_for_longer(voice):
    quick, slow = voice.say_words(("morning",))[0], voice.say_words(("morning",), pace=1.6)[0]
    assert [p.name for p in slow.phones] == [p.name for p in quick.phones]
    assert slow.phones[-1].end - slow.phones[0].start > 1.3 * (quick.phones[-1].end - quick.phones[0].start)


def test_the_female_part_is_sung_by_the_female_voice_on_its_own_notes(voice):
    box = VoiceBox(neural=neural_speaker(), female=voice)
    take = Singer(box).sing(Track("Vocal", 53, 0, LINE), TEMPO, "female")
    assert not take.warnings and box.female() is voice
    report = pitch_report(take.samples, take.rate, take.notes)
    assert report.notes_heard == 4 and report.share >= 0.9, report


def test_without_festival_the_male_voice_sings_the_female_part_with_one_notice(monkeypatch):
    def missing():
        raise AudioError("the female voice needs Festival (test)")

    monkeypatch.setattr(festival_voice, "festival_speaker", missing)
    take = Singer(VoiceBox(neural=neural_speaker())).sing(Track("Vocal", 53, 0, LINE), TEMPO, "female")
    assert list(take.warnings) == [f"the female voice needs Festival (test); {FEMALE_FALLBACK}"]
    assert pitch_report(take.samples, take.rate, take.notes).notes_heard == 4


def test_festival_stopping_mid_song_loses_no_words():
    stopping = FestivalSpeaker()
    first = tuple(Note(62, 960 * i, 480, 90, w) for i, w in enumerate(("hold", "on")))
    later = tuple(Note(64, 4800 + 960 * i, 480, 90, w) for i, w in enumerate(("to", "me")))

    class StopsAfterOnePhrase(VoiceBox):
        def say_phrase(self, words, languages, voice="male", pace=1.0, held=()):
            if words[0] == "to":
                stopping.close()  # the process is gone before the second phrase
            return super().say_phrase(words, languages, voice, pace, held)

    box = StopsAfterOnePhrase(neural=neural_speaker(), female=stopping)
    take = Singer(box).sing(Track("Vocal", 53, 0, first + later), TEMPO, "female")
    assert len(take.warnings) == 1 and take.warnings[0].endswith(FEMALE_FALLBACK)
    assert pitch_report(take.samples, take.rate, take.notes).notes_heard == 4
