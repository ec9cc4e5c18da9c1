"""A spoken vowel over a long sung note: its middle is held, its glides keep near spoken speed."""

import pytest

from studio.audio.voice.phonemes import split_syllables
from studio.audio.voice.piper import neural_speaker
from studio.audio.voice.vowels import SPOKEN_STRETCH, vowel_pieces


@pytest.fixture(scope="module")
def voice():
    return neural_speaker()


def pieces_of(voice, word: str, seconds: float):
    spoken = voice.say(word)
    sound = split_syllables(spoken.phones, 1)[0]
    return spoken, vowel_pieces(spoken, sound, 0.0, seconds, 1.0)


def test_a_pure_vowel_is_held_in_its_middle(voice):
    spoken, (head, held, tail) = pieces_of(voice, "sea", 2.0)
    vowel = next(p for p in spoken.phones if p.name == "i")
    middle = (vowel.start + vowel.end) / 2
    assert held.a < middle < held.b
    assert tail.t1 - tail.t0 == pytest.approx(SPOKEN_STRETCH * (tail.b - tail.a) / spoken.rate)
