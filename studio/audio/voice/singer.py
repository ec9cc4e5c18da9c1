"""The guide vocal: each phrase spoken (studio.audio.voice.box: the neural voice for English,
eSpeak NG for the rest), then re-timed and re-pitched onto its notes.

This is how UTAU-style resamplers sing without a neural singing voice. Per syllable, the onset
consonants keep their spoken length and land just before the note (singers do this), the
vowel is stretched to fill the note (a melisma carries it over several), and the coda
closes it. How it is sung (F0's glides and late vibrato, a phrase's dynamics, breaths at
rests, breathiness) is the style's Singing, carried out by studio.audio.voice.expression. Each
phrase (the notes between two rests) is then one Praat PSOLA resynthesis (see
docs/decisions.md for why PSOLA over WORLD): its pieces are laid end to end into one
source, a DurationTier stretches each piece to its place in song time and a PitchTier
sets the pitch. Between phrases there is only the inhale before the next one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from studio.audio.voice.box import VoiceBox, voice_box
from studio.audio.voice.expression import MELISMA_GAP, add_air, add_breaths, breath_times, f0_curve, phrase_dynamics
from studio.audio.voice.phonemes import SyllableSound, split_syllables
from studio.audio.voice.psola import Layout, psola
from studio.audio.voice.types import DEFAULT_VOICE, Utterance, language_for
from studio.audio.voice.vowels import Piece, steady_level, vowel_pieces
from studio.core.errors import AudioError, Cancelled
from studio.core.singing import Singing
from studio.core.song import Track, monophonic, octave_for_voice
from studio.core.timing import TempoMap

PLAIN_SINGING = Singing()  # a song without a style's [vocal] table


@dataclass(frozen=True)
class SingerTuning:
    """How the singer lays spoken sound onto notes. One frozen value handed to the Singer: a
    benchmark hears a change by passing another (``replace(TUNING, onset_max=0.1)``), never
    by changing this module's globals."""

    onset_max: float = 0.14  # seconds: a consonant cluster before the beat is at most this long
    coda_max: float = 0.14
    onset_share: float = 0.45  # of the previous note: a consonant never eats more than this of it
    coda_share: float = 0.3  # of its own note
    max_lift: float = 4.0  # +12 dB at most for a weak syllable
    lift_ramp: float = 0.005  # seconds over which one syllable's lift gives way to the next's
    pitch_step: float = 0.005  # seconds between PitchTier points
    edge_fade: float = 0.003  # seconds faded in and out where a word's sound is cut
    phrase_max: float = 4.0  # seconds: a longer run of notes without a rest is rendered in parts
    phrase_words: int = 12  # words spoken as one phrase at most (the neural voice speaks a phrase at once)
    # A phrase sung slowly is spoken slowly: its seconds per syllable over spoken_syllable is
    # how many times slower than its own rate the neural voice says it, up to pace_max.
    spoken_syllable: float = 0.4
    pace_max: float = 1.6
    held_note: float = 0.4  # seconds: a one-syllable word sung this long is sung in its strong form
    # semitones the take is sung away from its notes, after the voice's octave: 0 in the app;
    # bench_voice's register test (--transpose) sings the same take lower or higher with it
    transpose: float = 0.0


TUNING = SingerTuning()


@dataclass(frozen=True)
class SungNote:
    start: float  # seconds
    end: float
    pitch: float  # MIDI, as sung (after the voice's octave)


@dataclass
class _Syllable:
    text: str
    joins_next: bool
    notes: list[SungNote]
    sound: SyllableSound | None = None
    utterance: Utterance | None = None

    @property
    def start(self) -> float:
        return self.notes[0].start

    @property
    def end(self) -> float:
        return self.notes[-1].end


@dataclass(frozen=True)
class VocalTake:
    rate: int
    samples: np.ndarray  # float32 mono, dry
    notes: tuple[SungNote, ...]  # what was sung, at the pitch it was sung
    warnings: tuple[str, ...] = field(default=())


def octave_shift(pitches, voice: str) -> int:
    """What the singer moves a line by to sing it: nothing for a song written for this
    voice (compose puts the melody there); a MIDI file written for another voice, or
    with the musician's seed notes elsewhere, is sung in the voice's octave."""
    return octave_for_voice(pitches, voice)


def _singable(text: str) -> str:
    return "".join(ch for ch in text if ch == "'" or unicodedata.category(ch)[0] in "LM")


@dataclass(frozen=True)
class VocalPlan:
    """Everything decided before the resynthesis: the benchmark renders it with WORLD too."""

    rate: int
    phrases: list[Layout]
    notes: tuple[SungNote, ...]
    warnings: tuple[str, ...]
    singing: Singing = PLAIN_SINGING


class Singer:
    def __init__(self, voice_source: VoiceBox | None = None, tuning: SingerTuning = TUNING):
        self._speaker = voice_source
        self.tuning = tuning

    def sing(
        self,
        track: Track,
        tempo_map: TempoMap,
        voice: str = DEFAULT_VOICE,
        on_progress: Callable[[str, float], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        *,
        singing: Singing = PLAIN_SINGING,
    ) -> VocalTake:
        """The track's lyric notes, sung the style's way. Words no voice can say are left
        out with a warning."""
        plan = self.plan(track, tempo_map, voice, on_progress, should_stop, singing=singing)
        if on_progress:
            on_progress("singing", 0.85)
        samples = assemble(plan, psola, should_stop)
        return VocalTake(plan.rate, samples, plan.notes, plan.warnings)

    def plan(
        self,
        track: Track,
        tempo_map: TempoMap,
        voice: str = DEFAULT_VOICE,
        on_progress: Callable[[str, float], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        *,
        singing: Singing = PLAIN_SINGING,
    ) -> VocalPlan:
        """Speak every word and lay the pieces out in song time."""
        speech = self._speaker or voice_box()
        syllables = _syllables(track, tempo_map)
        if not syllables:
            raise AudioError(f"track {track.name!r} has no lyrics to sing")
        shift = octave_shift([n.pitch for s in syllables for n in s.notes], voice)
        for s in syllables:
            s.notes = [SungNote(n.start, n.end, n.pitch + shift + self.tuning.transpose) for n in s.notes]
        warnings: list[str] = []
        phrases = _phrases(_words(syllables), self.tuning.phrase_words)
        for i, phrase in enumerate(phrases):
            if should_stop and should_stop():
                raise Cancelled("singing was cancelled")
            if on_progress and i % 4 == 0:
                on_progress("singing", 0.8 * i / len(phrases))
            _voice_phrase(speech, phrase, voice, warnings, self.tuning)
        if speech.notice:
            warnings.insert(0, speech.notice)
        sung = [s for s in syllables if s.sound is not None]
        if not sung:
            raise AudioError("none of the lyrics can be sung: " + "; ".join(warnings[:3]))
        phrases = _lay_out(sung, singing, self.tuning)
        notes = tuple(n for s in sung for n in s.notes)
        return VocalPlan(sung[0].utterance.rate, phrases, notes, tuple(warnings), singing)


def assemble(plan: VocalPlan, engine: Callable[[Layout, int], np.ndarray], should_stop=None) -> np.ndarray:
    """Each phrase rendered by ``engine`` and put in its place, the style's breathiness
    over it and an inhale at the end of each rest; silence otherwise.

    Phrase by phrase because Praat holds Python's lock while it works: one call for the
    whole song froze the window's thread for 170 ms, a phrase takes a few ms."""
    end = max(p.offset + p.length for p in plan.phrases)
    out = np.zeros(int(round(end * plan.rate)) + 1, np.float32)
    for phrase in plan.phrases:
        if should_stop and should_stop():
            raise Cancelled("singing was cancelled")
        sung = engine(phrase, plan.rate)
        at = int(round(phrase.offset * plan.rate))
        out[at : at + len(sung)] += sung[: len(out) - at]
    singing = plan.singing
    out = add_air(out, plan.rate, singing.breathiness)
    if singing.breathes:
        sounding = [(p.offset, p.offset + p.length) for p in plan.phrases]
        out = add_breaths(out, plan.rate, breath_times(sounding), singing.breath_db)
    return out


def _syllables(track: Track, tempo_map: TempoMap) -> list[_Syllable]:
    seconds = tempo_map.tick_to_seconds
    syllables: list[_Syllable] = []
    for note, length in monophonic(track.notes):
        sung = SungNote(seconds(note.start), seconds(note.start + length), float(note.pitch))
        if note.lyric.strip():
            syllables.append(_Syllable(note.lyric.strip(), note.joins_next, [sung]))
        elif syllables and sung.start - syllables[-1].end <= MELISMA_GAP:
            syllables[-1].notes.append(sung)  # a melisma: the vowel goes on
    return syllables


def _words(syllables: list[_Syllable]) -> list[list[_Syllable]]:
    words, current = [], []
    for s in syllables:
        current.append(s)
        if not s.joins_next:
            words.append(current)
            current = []
    if current:
        words.append(current)
    return words


def _phrases(words: list[list[_Syllable]], most_words: int) -> list[list[list[_Syllable]]]:
    """Words between rests: a singer joins them as speech joins the words of a phrase."""
    phrases: list[list[list[_Syllable]]] = []
    for word in words:
        if not phrases or word[0].start - phrases[-1][-1][-1].end > MELISMA_GAP or len(phrases[-1]) >= most_words:
            phrases.append([])
        phrases[-1].append(word)
    return phrases


def _voice_phrase(
    speech: VoiceBox, phrase: list[list[_Syllable]], voice: str, warnings: list[str], tuning: SingerTuning
) -> None:
    said = []  # (word, as written, its singable text, its language)
    for word in phrase:
        written = "".join(s.text for s in word)
        text = _singable(written)
        language = language_for(text) if text else None
        if language is None:
            warnings.append(f"not sung: {written!r} (no voice can say it)")
        else:
            said.append((word, written, text, language))
    if not said:
        return
    words, written, texts, languages = zip(*said)
    pace = _pace(phrase, tuning)
    held = tuple(len(word) == 1 and word[0].end - word[0].start >= tuning.held_note for word in words)
    spoken = speech.say_phrase(list(texts), list(languages), voice, pace, held)
    for word, as_written, utterance in zip(words, written, spoken):
        sounds = split_syllables(utterance.phones, len(word))
        if not sounds:
            warnings.append(f"not sung: {as_written!r} (the voice found nothing to sing in it)")
            continue
        for s, sound in zip(word, sounds):
            s.sound, s.utterance = sound, utterance


def _pace(phrase: list[list[_Syllable]], tuning: SingerTuning) -> float:
    """How much slower than its own rate the voice says a phrase: a vowel stretched from
    0.2 s of speech to a second of song loses the word, said slowly it stretches less."""
    syllables = sum(len(word) for word in phrase)
    per_syllable = (phrase[-1][-1].end - phrase[0][0].start) / syllables
    return float(np.clip(per_syllable / tuning.spoken_syllable, 1.0, tuning.pace_max))


def _lay_out(sung: list[_Syllable], singing: Singing, tuning: SingerTuning) -> list[Layout]:
    """Every syllable's pieces in song time, cut into phrases at rests (and at a syllable
    when a phrase runs past ``tuning.phrase_max`` seconds)."""
    rate = sung[0].utterance.rate
    onsets = []
    for i, s in enumerate(sung):
        room = tuning.onset_share * (sung[i - 1].end - sung[i - 1].start) if i else s.start
        if i and s.start - sung[i - 1].end > MELISMA_GAP:
            room = max(room, min(s.start - sung[i - 1].end, tuning.onset_max))  # after a rest
        onsets.append(min(s.sound.onset_samples / rate, tuning.onset_max, room, s.start))
    heard = [SungNote(s.start, s.end, s.notes[0].pitch) for s in sung]
    swells = phrase_dynamics(heard, singing.swell_db)
    lifts = [lift * swell for lift, swell in zip(_lifts(sung, tuning.max_lift), swells)]
    phrases: list[list[Piece]] = []
    clock = -1.0
    for i, s in enumerate(sung):
        begin = s.start - onsets[i]
        if begin > clock + 1e-4 or begin - phrases[-1][0].t0 > tuning.phrase_max:
            phrases.append([])
        finish = min(s.end, sung[i + 1].start - onsets[i + 1]) if i + 1 < len(sung) else s.end
        coda = min(s.sound.coda_samples / rate, tuning.coda_max, tuning.coda_share * (finish - s.start))
        u, sound = s.utterance, s.sound
        phrases[-1].append(Piece(u, sound.onset, sound.vowel_start, begin, s.start, gain=lifts[i]))
        phrases[-1] += vowel_pieces(u, sound, s.start, finish - coda, lifts[i])
        phrases[-1].append(Piece(u, sound.vowel_end, sound.coda_end, finish - coda, finish, gain=lifts[i]))
        clock = finish
    notes = [n for s in sung for n in s.notes]
    return [_phrase(pieces, notes, rate, singing, tuning) for pieces in phrases]


def _lifts(sung: list[_Syllable], most: float) -> list[float]:
    """A gain per syllable that brings a weak vowel up towards the take's typical vowel.
    Speech drops unstressed syllables 10-15 dB below stressed ones (the neural voice says
    "beautiful" with its last two vowels at -48 and -31 dB against -28); a note is sung
    out whatever its stress, so a quiet syllable is lifted, by ``most`` at most."""
    levels = np.array([_rms(s.utterance.samples[s.sound.vowel_start : s.sound.vowel_end]) for s in sung])
    target = float(np.median(levels))
    return [float(np.clip(target / max(level, 1e-6), 1.0, most)) for level in levels]


def _rms(block: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if len(block) else 0.0


def _phrase(pieces: list[Piece], notes: list[SungNote], rate: int, singing: Singing, tuning: SingerTuning) -> Layout:
    offset, length = pieces[0].t0, pieces[-1].t1 - pieces[0].t0
    blocks, gains, durations, times, song_times = [], [], [], [], []
    at = 0  # samples of source laid so far
    previous = None
    fade = int(tuning.edge_fade * rate)
    for utterance, a, b, t0, t1, steady, gain in pieces:
        if t1 - t0 < 1e-4 or b <= a:
            continue
        block = utterance.samples[a:b].copy()
        if steady:
            block = steady_level(block, rate)
        if previous != (id(utterance), a):  # a cut into the word: fade so it cannot click
            block[:fade] *= np.linspace(0, 1, min(fade, len(block)), dtype=np.float32)
            if blocks and len(blocks[-1]) > fade:
                blocks[-1][-fade:] *= np.linspace(1, 0, fade, dtype=np.float32)
        s0, s1 = at / rate, (at + len(block)) / rate
        durations.append((s0, s1, (t1 - t0) / (s1 - s0)))
        t = np.arange(t0, t1, tuning.pitch_step)
        times.append(s0 + (t - t0) / (t1 - t0) * (s1 - s0))
        song_times.append(t)
        blocks.append(block)
        gains.append(np.full(len(block), gain, np.float32))
        at += len(block)
        previous = (id(utterance), b)
    if blocks:
        blocks[-1][-fade:] *= np.linspace(1, 0, min(fade, len(blocks[-1])), dtype=np.float32)
    # Praat's overlap-add writes at most three times its source's length: a phrase of long
    # notes from short spoken words needs silent source behind it to have room.
    room = int((length / 2.5) * rate) - at
    if room > 0:
        blocks.append(np.zeros(room, np.float32))
        gains.append(np.ones(room, np.float32))
        durations.append((at / rate, (at + room) / rate, 1.0))
    pitch_points = (np.concatenate(times), f0_curve(np.concatenate(song_times), notes, singing))
    # The syllables' lifts, changing over a few milliseconds (a step would click).
    ramp = max(1, int(tuning.lift_ramp * rate))
    gain = np.convolve(np.concatenate(gains), np.full(ramp, 1.0 / ramp, np.float32), mode="same")
    return Layout(offset, np.concatenate(blocks) * gain, durations, pitch_points, length)
