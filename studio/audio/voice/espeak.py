"""Speech with phoneme timings from eSpeak NG, driven through its C API.

The ``espeakng-loader`` wheel ships libespeak-ng and its data, so nothing is installed on
the system. eSpeak is one global C state and not thread-safe: every call goes through one
lock. Words are spoken one at a time and cached, since a song sings the same words again.
"""

from __future__ import annotations

import ctypes
import functools
import os
import threading

import numpy as np

from studio.audio.voice.types import DEFAULT_VOICE, PAUSES, Phone, Utterance, language_for
from studio.core.errors import AudioError

_SYNCHRONOUS = 2  # AUDIO_OUTPUT_SYNCHRONOUS: audio comes back through the callback
_PHONEME_EVENTS, _DONT_EXIT = 0x0001, 0x8000
_POS_CHARACTER, _CHARS_UTF8 = 1, 1
_EVENT_END_OF_LIST, _EVENT_PHONEME = 0, 7
_PARAM_RATE, _PARAM_PITCH, _PARAM_RANGE = 1, 3, 4
SPEAKING_RATE = 150  # words per minute: a little slower than eSpeak's 175 gives clearer consonants

# How each of the song's voices (core.song.VOICES) is made: eSpeak's base voice or a variant.
ESPEAK_VARIANTS = {"female": "+f3", "male": ""}
RANDOM_SEED = 1


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),  # a union in C; for phoneme events the mnemonic
    ]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


class EspeakSpeaker:
    """One per process (see ``espeak_speaker()``): eSpeak keeps its state in the C library."""

    def __init__(self):
        try:
            import espeakng_loader
        except ImportError:  # pragma: no cover - a dependency of the package
            raise AudioError("the guide vocal needs the espeakng-loader package") from None
        self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
        data_parent = os.path.dirname(espeakng_loader.get_data_path())
        self.rate = self._lib.espeak_Initialize(_SYNCHRONOUS, 0, data_parent.encode(), _PHONEME_EVENTS | _DONT_EXIT)
        if self.rate <= 0:
            raise AudioError(f"eSpeak NG could not start (data folder {data_parent})")
        self._lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._events: list[tuple[str, int]] = []
        self._callback = _CALLBACK(self._receive)  # kept on self: C holds only a raw pointer
        self._lib.espeak_SetSynthCallback(self._callback)
        self._voice = b""  # the eSpeak voice name last set
        self._say = functools.lru_cache(maxsize=4096)(self._say_uncached)

    def _receive(self, wav, count, events) -> int:
        if count:
            self._chunks.append(np.ctypeslib.as_array(wav, (count,)).copy())
        i = 0
        while events[i].type != _EVENT_END_OF_LIST:
            if events[i].type == _EVENT_PHONEME:
                name = events[i].id.decode("ascii", "replace").replace("'", "").replace(",", "")
                self._events.append((name, events[i].sample))
            i += 1
        return 0

    def say(self, word: str, language: str, voice: str = DEFAULT_VOICE, pitch: int = 50) -> Utterance:
        """One word, monotone at eSpeak pitch 0-100. Cached: a song sings its words again."""
        if voice not in ESPEAK_VARIANTS:
            raise AudioError(f"unknown voice {voice!r}; the voices are {', '.join(ESPEAK_VARIANTS)}")
        return self._say(word, language, voice, int(pitch))

    def say_words(
        self, words: tuple[str, ...], voice: str = DEFAULT_VOICE, pace: float = 1.0, held: tuple[bool, ...] = ()
    ) -> list[Utterance]:
        """Each word alone, in the language its script says, at eSpeak's own rate (``pace`` and
        ``held`` are for the voices that speak a phrase at once)."""
        return [self.say(word, language_for(word) or "en-us", voice) for word in words]

    def _say_uncached(self, word: str, language: str, voice: str, pitch: int) -> Utterance:
        with self._lock:
            name = (language + ESPEAK_VARIANTS[voice]).encode()
            if name != self._voice:
                # The first SetVoiceByName after start-up can drop the +variant; setting it
                # twice makes the female voice stick (measured in shared notes).
                for _ in range(2):
                    if self._lib.espeak_SetVoiceByName(name) != 0:
                        raise AudioError(f"eSpeak NG has no voice {name.decode()}")
                self._voice = name
            self._lib.espeak_SetParameter(_PARAM_RATE, SPEAKING_RATE, 0)
            self._lib.espeak_SetParameter(_PARAM_PITCH, pitch, 0)
            self._lib.espeak_SetParameter(_PARAM_RANGE, 0, 0)  # monotone: the melody brings the pitch
            self._chunks, self._events = [], []
            # eSpeak's noise (breath, fricatives) is random unless seeded. Its glottal phase
            # still carries over from the word before, so a word is spoken once and cached:
            # a song renders the same within a session, and a fresh process renders it alike.
            self._lib.espeak_ng_SetRandSeed(ctypes.c_long(RANDOM_SEED))
            text = word.encode("utf-8")
            self._lib.espeak_Synth(text, len(text) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            self._lib.espeak_Synchronize()
            chunks, events = self._chunks, self._events
        samples = np.concatenate(chunks).astype(np.float32) / 32768.0 if chunks else np.zeros(0, np.float32)
        ends = [sample for _, sample in events[1:]] + [len(samples)]
        phones = tuple(
            Phone(name, start, min(end, len(samples)))
            for (name, start), end in zip(events, ends)
            if name not in PAUSES and end > start
        )
        return Utterance(self.rate, samples, phones)


@functools.lru_cache(maxsize=1)
def espeak_speaker() -> EspeakSpeaker:
    return EspeakSpeaker()
