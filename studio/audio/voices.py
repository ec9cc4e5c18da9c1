"""Who speaks each word the singer sings: the neural voice for English, eSpeak NG for the
rest, and eSpeak for English too when the neural voice cannot load (said once)."""

from __future__ import annotations

import functools

from studio.audio.speech import DEFAULT_VOICE, Speaker, Utterance, speaker
from studio.core.errors import AudioError

NEURAL_LANGUAGES = frozenset({"en-us"})
ESPEAK_FALLBACK = "English is sung by eSpeak NG"  # ends the notice (the bundle's smoke test looks for it)


class VoiceBox:
    def __init__(self, espeak: Speaker | None = None, neural=None, use_neural: bool = True):
        """``neural``: a NeuralSpeaker (loaded on first English word when not given);
        ``use_neural=False`` speaks everything with eSpeak (the fallback, and its tests)."""
        self._espeak = espeak
        self._neural = neural
        self._use_neural = use_neural
        self.notice: str | None = None  # why English is not in the neural voice, once it is known

    def say(self, word: str, language: str, voice: str = DEFAULT_VOICE) -> Utterance:
        if language in NEURAL_LANGUAGES:
            neural = self.neural()
            if neural is not None:
                return neural.say(word, voice)
        return (self._espeak or speaker()).say(word, language, voice)

    def say_phrase(
        self,
        words: list[str],
        languages: list[str],
        voice: str = DEFAULT_VOICE,
        pace: float = 1.0,
        held: tuple[bool, ...] = (),
    ) -> list[Utterance]:
        """Words sung without a rest between them: the neural voice speaks them as one
        phrase, with the joins of connected speech, ``pace`` times slower than it speaks,
        and the words ``held`` on long notes in their strong forms; eSpeak speaks each
        word alone, at its own rate."""
        neural = self.neural() if languages and set(languages) <= NEURAL_LANGUAGES else None
        if neural is not None:
            return neural.say_words(tuple(words), voice, pace, held)
        return [self.say(word, language, voice) for word, language in zip(words, languages)]

    def neural(self):
        """The neural voice, or None (with ``notice`` set) where it cannot load."""
        if self._neural is None and self._use_neural:
            try:
                from studio.audio.neural_voice import neural_speaker

                self._neural = neural_speaker()
            except AudioError as exc:
                self._use_neural = False
                self.notice = f"{exc}; {ESPEAK_FALLBACK}"
        return self._neural if self._use_neural else None


@functools.lru_cache(maxsize=1)
def voice_box() -> VoiceBox:
    return VoiceBox()
