"""A spoken vowel over a long sung note: the right part of it is held."""

import pytest

from studio.audio.neural_voice import neural_speaker
from studio.audio.phonemes import split_syllables
from studio.audio.vowels import OFFGLIDE_STRETCH, SPOKEN_STRETCH, vowel_pieces


@pytest.fixture(scope="module")
def voice():
    return neural_speaker()


def pieces_of(voice, word: str, seconds: float):
    spoken = voice.say(word)
    sound = split_syllables(spoken.phones, 1)[0]
    return spoken, vowel_pieces(spoken, sound, 0.0, seconds, 1.0)


@pytest.mark.parametrize(("word", "nucleus"), [("row", "o"), ("day", "e"), ("light", "a"), ("now", "a")])
def test_a_diphthong_is_held_on_its_first_vowel_and_glides_at_the_end(voice, word, nucleus):
    spoken, (head, held, tail) = pieces_of(voice, word, 2.0)
    first = next(p for p in spoken.phones if p.name == nucleus)
    assert held.steady and first.start <= held.a < held.b <= first.end  # "o" held, not "ʊ"
    assert held.t1 - held.t0 > 1.0  # most of the note
    spoken_tail = (tail.b - tail.a) / spoken.rate
    assert tail.t1 - tail.t0 <= OFFGLIDE_STRETCH * spoken_tail + 1e-9  # the glide near spoken speed
    assert tail.t1 == pytest.approx(2.0)


def test_a_pure_vowel_is_held_in_its_middle(voice):
    spoken, (head, held, tail) = pieces_of(voice, "sea", 2.0)
    vowel = next(p for p in spoken.phones if p.name == "i")
    middle = (vowel.start + vowel.end) / 2
    assert held.a < middle < held.b
    assert tail.t1 - tail.t0 == pytest.approx(SPOKEN_STRETCH * (tail.b - tail.a) / spoken.rate)
