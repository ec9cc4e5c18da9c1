"""Who speaks each word the singer sings: for English, Piper's neural voice (joe) in the male
part and Festival's slt voice in the female part; eSpeak NG for the rest. Where a voice cannot
load, the next one speaks and the take says so once: the female part falls back to joe with
his formants raised, and English to eSpeak."""

from __future__ import annotations

import functools

from studio.audio.voice.espeak import EspeakSpeaker, espeak_speaker
from studio.audio.voice.types import DEFAULT_VOICE, Speaker, Utterance
from studio.core.errors import AudioError

NEURAL_LANGUAGES = frozenset({"en-us"})
ESPEAK_FALLBACK = "English is sung by eSpeak NG"  # ends the notice (the bundle's smoke test looks for it)
FEMALE_FALLBACK = "the female part is sung by the male voice with its formants raised"


class VoiceBox:
    def __init__(
        self,
        espeak: EspeakSpeaker | None = None,
        neural: Speaker | None = None,
        use_neural: bool = True,
        female: Speaker | None = None,
    ):
        """``neural``: Piper's voice, ``female``: Festival's (each loaded on the
        first English word it is to say when not given); ``use_neural=False`` speaks
        everything with eSpeak (the fallback, and its tests)."""
        self._espeak = espeak
        self._neural = neural
        self._female = female
        self._use_neural = use_neural
        self._use_female = use_neural
        self.notice: str | None = None  # why a voice is not the one it should be, once it is known

    def say(self, word: str, language: str, voice: str = DEFAULT_VOICE) -> Utterance:
        if language in NEURAL_LANGUAGES and self._english(voice) is not None:
            return self.say_phrase([word], [language], voice)[0]
        return (self._espeak or espeak_speaker()).say(word, language, voice)

    def say_phrase(
        self,
        words: list[str],
        languages: list[str],
        voice: str = DEFAULT_VOICE,
        pace: float = 1.0,
        held: tuple[bool, ...] = (),
    ) -> list[Utterance]:
        """Words sung without a rest between them: an English voice speaks them as one
        phrase, with the joins of connected speech, ``pace`` times slower than it speaks,
        and the words ``held`` on long notes in their strong forms; eSpeak speaks each
        word alone, at its own rate."""
        english = self._english(voice) if languages and set(languages) <= NEURAL_LANGUAGES else None
        if english is not None:
            try:
                return english.say_words(tuple(words), voice, pace, held)
            except AudioError as exc:
                if english is not self._female:
                    raise
                self._no_female(exc)  # Festival stopped mid-song: joe sings the rest
                return self.say_phrase(words, languages, voice, pace, held)
        return [self.say(word, language, voice) for word, language in zip(words, languages)]

    def _english(self, voice: str):
        """The voice that speaks English in this part, or None where eSpeak must."""
        return (self.female() if voice == "female" else None) or self.neural()

    def neural(self):
        """The neural voice, or None (with ``notice`` set) where it cannot load."""
        if self._neural is None and self._use_neural:
            try:
                from studio.audio.voice.piper import neural_speaker

                self._neural = neural_speaker()
            except AudioError as exc:
                self._use_neural = False
                self.notice = f"{exc}; {ESPEAK_FALLBACK}"
        return self._neural if self._use_neural else None

    def female(self):
        """The female English voice, or None (with ``notice`` set) where it cannot load."""
        if self._female is None and self._use_female:
            try:
                from studio.audio.voice.festival import festival_speaker

                self._female = festival_speaker()
            except AudioError as exc:
                self._no_female(exc)
        return self._female if self._use_female else None

    def _no_female(self, why: AudioError) -> None:
        self._use_female = False
        self.notice = f"{why}; {FEMALE_FALLBACK}"


@functools.lru_cache(maxsize=1)
def voice_box() -> VoiceBox:
    return VoiceBox()
