"""The neural English voice: it ships, loads offline, and its phoneme times fit its sound."""

import numpy as np
import pytest

from studio.audio.voice.box import VoiceBox
from studio.audio.voice.phonemes import split_syllables
from studio.audio.voice.piper import NeuralSpeaker, _strong_form, neural_speaker
from studio.audio.voice.pitch import pitch_report
from studio.audio.voice.singer import Singer
from studio.core.errors import AudioError
from studio.core.singing import BREATH_OFF_DB, Singing
from studio.core.song import VOICES, Note, Track
from studio.core.timing import TempoMap

TEMPO = TempoMap([(0, 120.0)])  # a quarter note is half a second


@pytest.fixture(scope="module")
def voice() -> NeuralSpeaker:
    return neural_speaker()


def frames(samples: np.ndarray, rate: int, start: int, end: int, size: float = 0.01):
    """(RMS, zero-crossing rate) of each 10 ms frame in samples[start:end]."""
    n = int(size * rate)
    part = samples[start : start + (end - start) // n * n].reshape(-1, n).astype(np.float64)
    rms = np.sqrt(np.mean(part**2, axis=1))
    crossings = np.mean(np.abs(np.diff(np.sign(part), axis=1)) > 0, axis=1)
    return rms, crossings


def test_the_shipped_voice_loads_offline_and_speaks_a_word(voice, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    spoken = NeuralSpeaker().say("window")
    assert spoken.rate == 22050
    assert 0.2 < len(spoken.samples) / spoken.rate < 1.5
    assert np.abs(spoken.samples).max() > 0.1
    assert [p.name for p in spoken.phones][0] == "w"
    assert sum(p.is_vowel for p in spoken.phones) >= 2


def test_a_consonant_is_noise_and_the_vowel_after_it_is_voice(voice):
    spoken = voice.say("sister")
    s, vowel = spoken.phones[0], next(p for p in spoken.phones if p.is_vowel)
    assert s.name == "s" and s.end <= vowel.start
    s_rms, s_crossings = frames(spoken.samples, spoken.rate, s.start, s.end)
    v_rms, v_crossings = frames(spoken.samples, spoken.rate, vowel.start, vowel.end)
    assert np.median(s_crossings) > 0.3 > np.median(v_crossings)  # hiss against a periodic wave
    assert np.median(v_rms) > 2 * np.median(s_rms)


def test_a_phrase_comes_back_one_utterance_per_word_in_order(voice):
    words = ("up", "from", "the", "underground")  # eSpeak alone runs "from the" together
    spoken = voice.say_words(words)
    assert len(spoken) == 4
    assert all(u.samples is spoken[0].samples for u in spoken)  # one phrase, cut by times
    edges = [(u.phones[0].start, u.phones[-1].end) for u in spoken]
    assert all(a[1] <= b[0] for a, b in zip(edges, edges[1:]))
    assert [len(split_syllables(u.phones, n)) for u, n in zip(spoken, (1, 1, 1, 3))] == [1, 1, 1, 3]


def test_the_same_word_sounds_the_same_every_time(voice):
    first = NeuralSpeaker().say("morning").samples
    again = NeuralSpeaker().say("morning").samples
    assert np.array_equal(first, again)


def test_a_sung_word_puts_its_consonant_before_the_beat_and_its_vowel_on_the_note(voice):
    track = Track("Vocal", 53, 0, (Note(57, 960, 960, 90, "sing"),))  # beat at 1.0 s, one second long
    no_breath = Singing(breath_db=BREATH_OFF_DB)  # silence before the word, to hear the "s" against
    take = Singer(VoiceBox(neural=voice)).sing(track, TEMPO, "male", singing=no_breath)
    rate = take.rate
    beat = rate  # sample of the note's start
    before_rms, before_crossings = frames(take.samples, rate, beat - int(0.08 * rate), beat)
    note_rms, note_crossings = frames(take.samples, rate, beat + int(0.1 * rate), beat + int(0.8 * rate))
    silence = np.abs(take.samples[: beat - int(0.2 * rate)]).max()
    assert silence < 1e-3
    assert np.median(before_rms) > 10 * max(silence, 1e-5)  # the "s" sounds before the beat ...
    assert np.median(before_crossings) > 0.3  # ... as hiss
    assert np.median(note_crossings) < 0.2 and np.median(note_rms) > np.median(before_rms)  # the vowel holds
    report = pitch_report(take.samples, rate, take.notes)
    assert report.share >= 0.9


@pytest.mark.parametrize("sung_voice", VOICES)
def test_the_stem_sings_the_tracks_own_octave_in_every_voice(voice, sung_voice):
    pitches = {"male": [50, 52, 53, 55], "female": [62, 64, 65, 67]}[sung_voice]
    notes = tuple(
        Note(p, 960 + 480 * i, 480, 90, w) for i, (p, w) in enumerate(zip(pitches, "oh my lovely day".split()))
    )
    take = Singer(VoiceBox(neural=voice)).sing(Track("Vocal", 53, 0, notes), TEMPO, sung_voice)
    assert [n.pitch for n in take.notes] == pitches  # written for this voice: sung where written
    report = pitch_report(take.samples, take.rate, take.notes)
    assert report.notes_heard == 4 and report.share >= 0.9, report


def test_without_the_neural_voice_english_is_sung_by_espeak_with_one_notice(monkeypatch):
    import studio.audio.voice.piper as neural_voice

    def broken():
        raise AudioError("the neural voice could not load: test")

    monkeypatch.setattr(neural_voice, "neural_speaker", broken)
    box = VoiceBox()
    notes = (Note(60, 960, 480, 90, "hello"), Note(62, 1440, 480, 90, "world"))
    take = Singer(box).sing(Track("Vocal", 53, 0, notes), TEMPO, "male")
    assert take.warnings[0] == "the neural voice could not load: test; English is sung by eSpeak NG"
    assert sum("neural" in w for w in take.warnings) == 1
    assert pitch_report(take.samples, take.rate, take.notes).notes_heard == 2


def test_a_slower_pace_says_the_same_phones_for_longer(voice):
    quick, slow = voice.say_words(("morning",))[0], voice.say_words(("morning",), pace=1.6)[0]
    assert [p.name for p in slow.phones] == [p.name for p in quick.phones]
    assert 1.4 < len(slow.samples) / len(quick.samples) < 1.8


def test_a_function_word_held_on_a_long_note_is_said_in_its_strong_form(voice):
    """Said alone "the" is weak (ðə, short and quiet); held, it is "thuh": a full vowel,
    louder and longer. A word without a weak vowel is said the same either way."""

    def vowel(utterance):
        phone = next(p for p in utterance.phones if p.is_vowel)
        part = utterance.samples[phone.start : phone.end].astype(np.float64)
        return phone.name, (phone.end - phone.start) / utterance.rate, np.sqrt(np.mean(part**2))

    weak, strong = voice.say_words(("the", "sun"))[0], voice.say_words(("the", "sun"), held=(True, False))[0]
    (weak_name, weak_length, weak_level), (strong_name, strong_length, strong_level) = vowel(weak), vowel(strong)
    assert (weak_name, strong_name) == ("ə", "ʌ")
    assert strong_length > weak_length and strong_level > 1.4 * weak_level  # +3 dB at least
    for words in (("morning",), ("let", "it", "go")):  # "it" stressed sang an octave low
        plain, held = voice.say_words(words)[0], voice.say_words(words, held=(True,) * len(words))[0]
        assert np.array_equal(plain.samples, held.samples)


def test_an_unstressed_word_held_on_a_long_note_is_stressed(voice):
    """Said alone, "and" has no stress; held, it is said as a stressed word: the same
    phones, its vowel longer. A held "it" keeps its own (its t would end in a glottal stop)."""
    plain, held = voice.say_words(("and", "time"))[0], voice.say_words(("and", "time"), held=(True, False))[0]
    assert [p.name for p in held.phones] == [p.name for p in plain.phones]

    def vowel_length(utterance):
        phone = next(p for p in utterance.phones if p.is_vowel)
        return phone.end - phone.start

    assert vowel_length(held) > 1.5 * vowel_length(plain)
    assert _strong_form(("ɪ", "t")) == ("ɪ", "t")


def test_the_before_a_vowel_is_thee(voice):
    """Each word is said alone and joined, which would leave "the" weak everywhere; before
    a vowel speech says "thee"."""
    assert [p.name for p in voice.say_words(("the", "alarm"))[0].phones] == ["ð", "i"]
    assert [p.name for p in voice.say_words(("the", "sun"))[0].phones] == ["ð", "ə"]


class PhraseRecorder(VoiceBox):
    """What the singer asks of the voice: each phrase's pace and which words it holds."""

    def __init__(self, neural):
        super().__init__(neural=neural)
        self.paces: list[float] = []
        self.held: list[tuple[bool, ...]] = []

    def say_phrase(self, words, languages, voice="male", pace=1.0, held=()):
        self.paces.append(pace)
        self.held.append(held)
        return super().say_phrase(words, languages, voice, pace, held)


def line(words: str, start: int, length: int) -> tuple[Note, ...]:
    return tuple(Note(57, start + length * i, length, 90, w) for i, w in enumerate(words.split()))


def test_a_phrase_sung_slowly_is_spoken_slowly_first(voice):
    """Two beats a syllable (one second) against a quarter of a beat: the slow line is said
    slower, so its vowels are stretched less; the quick one at the voice's own rate."""
    box = PhraseRecorder(voice)
    take = Singer(box).sing(
        Track("Vocal", 53, 0, line("hold me near", 0, 960) + line("hold me near", 4800, 120)), TEMPO, "male"
    )
    slow, quick = box.paces
    assert slow >= 1.5 and quick == 1.0
    assert pitch_report(take.samples, take.rate, take.notes).notes_heard == 6


def test_only_the_words_on_long_notes_are_held(voice):
    box = PhraseRecorder(voice)
    notes = line("in the", 0, 960) + (Note(57, 1920, 1920, 90, "mor", joins_next=True), Note(57, 3840, 960, 90, "ning"))
    Singer(box).sing(Track("Vocal", 53, 0, notes + line("in the night", 6720, 120)), TEMPO, "male")
    assert box.held == [(True, True, False), (False, False, False)]  # a word of two syllables has its own stress
