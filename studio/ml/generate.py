"""generate_melody: the pitches of the vocal line, decoded token by token.

Plain Python with callbacks (DESIGN rule 3). For lyrics the rhythm is already decided
(``studio.compose.form`` places every syllable in its phrase); the model hears the onsets,
syllables and lengths as context and samples one pitch per note, in key and in range,
steered by the phrase's arch, the section's register and its cadences. Without lyrics it
writes rhythm and pitch itself. Same request and seed, same melody.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch

from studio.core.errors import Cancelled, StudioError
from studio.core.form import TimedNote
from studio.core.lyrics import LyricsAnalysis, Syllable
from studio.core.song import Note
from studio.core.theory import Key, Meter
from studio.ml import constraints
from studio.ml.model import MelodyTransformer
from studio.ml.tokens import BAR, PITCH_HIGH, PITCH_LOW, STEP, TOKEN_ID, VOCABULARY, meter_token, nearest_duration

GUIDE_BONUS = 3.0  # logits toward the earlier verse's note at the same place (new words, same tune)
INSTRUMENTAL_BARS = 8
CONTOUR_WEIGHT = 0.4  # logits per semitone outside the band around the phrase's arch
CONTOUR_BAND = 3.0  # semitones either side of the arch the line moves in freely
ARCH_SEMITONES = 5.0  # how far the middle of a phrase rises above its ends
MOTION_BONUS = {3: 0.9, 4: 0.9, 5: 0.7, 7: 0.4}  # logits for a third, fourth or fifth: a line that moves
TONE_PENALTY = 2.0  # logits against a step that goes against a Mandarin tone (2 falling, 3 or 4 rising)
# logits for a tone of the chord under the note: (weak, strong beat or line end); at 2.4 on
# strong beats the ballad's wide arch (17 semitones) pulled 0.17 of them off the chord
CHORD_TONE_BONUS = (0.3, 3.2)
CADENCE_TONES = {  # logits per pitch class (from the tonic) for a line's last note
    "full": {0: 5.0, 4: 0.5, 3: 0.5, 7: 0.5},  # home: the tonic, or its chord
    "half": {7: 2.5, 2: 2.0, 11: 1.5},  # on the dominant chord
}


@dataclass(frozen=True)
class MelodyRequest:
    lyrics: LyricsAnalysis | None = None
    style: str = "essen"
    key: Key = field(default_factory=lambda: Key(0, "major"))
    meter: Meter = field(default_factory=Meter)
    tempo: float = 100.0
    temperature: float = 0.9
    top_p: float = 0.95
    seed: int = 0
    seed_notes: tuple[Note, ...] = ()
    range_semitones: int = 17  # a tenth to a twelfth is what an untrained voice sings
    in_key: bool = True
    density: float = 1.0  # instrumental lines: >1 favours shorter notes, <1 longer ones
    rhythm: tuple[TimedNote, ...] = ()  # the vocal line's notes, timed; pitches are chosen here
    repeat_penalty: float = 0.7  # logits against the same pitch twice in a row
    chords: tuple[tuple[int, int, tuple[int, ...]], ...] = ()  # (start, end, pitch classes from the tonic)


@dataclass(frozen=True)
class MelodyResult:
    notes: tuple[Note, ...]
    sections: tuple[tuple[str, int], ...] = ()  # (label, start tick on a bar line) per lyric section


def tonic_pitch(key: Key) -> int:
    """The tonic in the octave a guide vocal sits in: F#3..F4."""
    pitch = 60 + key.tonic
    return pitch - 12 if pitch > 65 else pitch


class _Decoder:
    def __init__(self, model: MelodyTransformer, request: MelodyRequest):
        self.model = model
        self.request = request
        self.generator = torch.Generator().manual_seed(request.seed)
        self.header = [
            TOKEN_ID["<bos>"],
            TOKEN_ID[f"style:{request.style}"] if f"style:{request.style}" in TOKEN_ID else TOKEN_ID["style:essen"],
            meter_token(request.meter.numerator, request.meter.denominator),
            TOKEN_ID[f"mode:{request.key.mode}"],
        ]
        self.tokens: list[int] = []
        self.caches = None
        self.fed = 0  # tokens already in the cache
        self.logits = None

    def _sync(self) -> None:
        """Bring the cache up to date with self.tokens, sliding the window when it is full."""
        context = self.model.config.context
        if len(self.tokens) >= context:
            # keep the header and the most recent half context, starting on a bar line
            recent = self.tokens[-(context // 2) :]
            if BAR in recent:
                recent = recent[recent.index(BAR) :]
            self.tokens = self.header + recent
            self.caches, self.fed = None, 0
        if self.fed < len(self.tokens):
            device = self.model.head.weight.device  # CUDA or MPS when the studio runs there
            new = torch.tensor([self.tokens[self.fed :]], dtype=torch.long, device=device)
            logits, self.caches = self.model.step(new, self.caches, start=self.fed)
            self.logits = logits[0, -1].float().cpu()  # sampling stays on the CPU: same seed, same melody
            self.fed = len(self.tokens)

    def push(self, token: int) -> None:
        self.tokens.append(token)

    def choose(self, allowed: list[int], bonus: dict[int, float] | None = None) -> int:
        """Sample one of ``allowed`` from the model's distribution (temperature, top-p)."""
        if len(allowed) == 1:
            self.push(allowed[0])
            return allowed[0]
        self._sync()
        index = torch.tensor(allowed)
        logits = self.logits[index] / max(self.request.temperature, 1e-3)
        if bonus:
            logits = logits + torch.tensor([bonus.get(t, 0.0) for t in allowed])
        probabilities = torch.softmax(logits, dim=0)
        ordered, order = torch.sort(probabilities, descending=True)
        keep = torch.cumsum(ordered, 0) - ordered < self.request.top_p  # nucleus, always >= 1
        ordered = ordered * keep
        choice = order[torch.multinomial(ordered / ordered.sum(), 1, generator=self.generator)].item()
        self.push(allowed[choice])
        return allowed[choice]


@contextmanager
def _one_thread():
    """Decoding is one token at a time with small matrices: a second thread gains nothing
    and, on a busy machine, oversubscription made a 2 s melody take 60 s (measured)."""
    before = torch.get_num_threads()
    if before == 1:  # already (the window's worker sets it once): changing it rebuilds the
        yield  # thread pool while holding Python's lock, a 100 ms freeze of the GUI thread
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def generate_melody(
    model: MelodyTransformer,
    request: MelodyRequest,
    on_progress: Callable[[str, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> MelodyResult:
    """The melody as Notes carrying the syllable each starts (lyric text, joins_next).

    Each lyric section starts on a bar line; a section that repeats an earlier one (a
    chorus) sings the same notes again, which the model then hears as context.
    """
    with _one_thread(), torch.inference_mode():
        return _generate(model, request, on_progress, should_stop)


def _range(request: MelodyRequest) -> tuple[int, int, int]:
    """(tonic MIDI pitch, lowest and highest pitch from the tonic): a range centred on the
    musician's seed notes when there are some."""
    tonic = tonic_pitch(request.key)
    low = -5 if request.key.mode == "major" else -7  # a fourth or fifth below the tonic
    if request.seed_notes:  # the musician's opening sets the register: centre the range on it
        seed_pitches = sorted(n.pitch - tonic for n in request.seed_notes)
        low = seed_pitches[len(seed_pitches) // 2] - request.range_semitones // 2
    return tonic, low, low + request.range_semitones


def _generate(model, request, on_progress, should_stop) -> MelodyResult:
    if request.lyrics is not None and not request.lyrics.syllables:
        raise StudioError("the lyrics have nothing to sing")
    if request.lyrics is not None and not request.rhythm:
        raise StudioError("the lyrics need their rhythm planned before pitches are chosen")
    if request.rhythm:
        return _pitch_rhythm(model, request, on_progress, should_stop)
    return _instrumental(model, request, on_progress, should_stop)


def _pitch_rhythm(model, request, on_progress, should_stop) -> MelodyResult:
    """Pitches for the planned rhythm, one sampled token per note: the model hears the
    onsets, syllables and lengths as context and chooses where the line goes, steered by the
    phrase's contour, the section's register and its cadences."""
    meter = request.meter
    bar_steps = meter.bar_ticks // STEP
    tonic, low, high = _range(request)
    allowed = constraints.pitches(request.key.mode, low, high, request.in_key)
    values = [int(VOCABULARY[t][6:]) for t in allowed]
    decoder = _Decoder(model, request)
    for token in decoder.header:
        decoder.push(token)
    notes: list[Note] = []
    written: dict[int, list[int]] = {}  # section -> relative pitches in order
    by_line: dict[tuple[int, int], list[int]] = {}  # (section, line) -> relative pitches in order
    sections: dict[int, int] = {}  # section -> first onset tick
    bar, previous, source, current = -1, None, None, None
    for index, timed in enumerate(request.rhythm):
        if should_stop and should_stop():
            raise Cancelled("melody generation was cancelled")
        if timed.section != current:
            current = timed.section
            sections.setdefault(current, timed.start)
            source = _repeated_section(request.lyrics, current, written)
        onset = timed.start // STEP
        while bar < onset // bar_steps:
            decoder.push(BAR)
            bar += 1
        decoder.push(constraints.POSITION_TOKENS[onset - bar * bar_steps])
        _push_syllable(decoder, timed.syllable)
        so_far = written.setdefault(current, [])
        this_line = by_line.setdefault((current, timed.line), [])
        hook = by_line.get((current, timed.echo), []) if timed.echo >= 0 else []
        earlier = written[source[0]] if source is not None and len(so_far) < len(written[source[0]]) else None
        if index < len(request.seed_notes):
            pitch = request.seed_notes[index].pitch - tonic
            decoder.push(constraints.PITCH_TOKENS[max(PITCH_LOW, min(PITCH_HIGH, pitch))])
        elif earlier is not None and source[1]:  # the same words again: the same tune
            pitch = earlier[len(so_far)]
            decoder.push(constraints.PITCH_TOKENS[pitch])
        elif len(this_line) < len(hook):  # the hook: the chorus's first line returns
            pitch = hook[len(this_line)]
            decoder.push(constraints.PITCH_TOKENS[pitch])
        else:
            guide = earlier[len(so_far)] if earlier is not None else None
            in_line = index > 0 and not request.rhythm[index - 1].line_end
            chord = _chord_at(request.chords, timed.start)
            bonus = _pitch_bonus(allowed, values, timed, previous, guide, request, (low, high), in_line, chord)
            pitch = int(VOCABULARY[decoder.choose(allowed, bonus)][6:])
        decoder.push(constraints.DURATION_TOKENS[nearest_duration(max(1, round(timed.duration / STEP)))])
        so_far.append(pitch)
        this_line.append(pitch)
        previous = pitch
        syllable = timed.syllable
        notes.append(
            Note(
                max(0, min(127, tonic + pitch)),
                timed.start,
                timed.duration,
                90,
                syllable.text if syllable else "",
                bool(syllable and not syllable.word_end),
                seed=index < len(request.seed_notes),
            )
        )
        if on_progress:
            on_progress("melody", (index + 1) / len(request.rhythm))
    labels = [s.label for s in request.lyrics.sections] if request.lyrics else []
    return MelodyResult(tuple(notes), tuple((labels[k], v) for k, v in sorted(sections.items()) if labels))


def _chord_at(chords, tick: int) -> tuple[int, ...]:
    index = bisect_right(chords, tick, key=lambda chord: chord[0]) - 1
    return chords[index][2] if index >= 0 and tick < chords[index][1] else ()


def _pitch_bonus(allowed, values, timed, previous, guide, request, span, in_line, chord) -> dict[int, float]:
    """Logits added to each allowed pitch: the phrase's arch around its section's register
    (not at the final cadence, which goes home wherever the arch is), some motion by thirds
    and fourths and fewer repeated notes (the model alone writes narrower lines than Essen's),
    the cadence's tones at a line's end, the earlier verse's note, and inside a line the
    direction of a Mandarin syllable's tone (a rising tone not reached by a fall, a low or
    falling one not by a rise: the pitch-direction principle of tone-language song). Over a
    planned chord its tones are preferred, on strong beats and line ends most, and a cadence
    rests on that chord (the tonic first where the chord holds it)."""
    low, high = span
    tone = timed.syllable.tone if timed.syllable is not None and in_line else None
    centre = (low + high) / 2 - 2 + timed.lift
    target = centre + ARCH_SEMITONES * (math.sin(math.pi * timed.place) - 0.5)
    cadence = CADENCE_TONES.get(timed.cadence, {})
    if chord and timed.cadence:
        cadence = {tone: (5.0 if tone == 0 else 2.5 if tone == chord[0] else 1.0) for tone in chord}
    chord_bonus = CHORD_TONE_BONUS[int(timed.strong or timed.line_end)]
    bonus = {}
    for token, pitch in zip(allowed, values):
        away = max(0.0, abs(pitch - target) - CONTOUR_BAND)
        value = 0.0 if timed.cadence == "full" else -CONTOUR_WEIGHT * away
        if previous is not None:
            value += MOTION_BONUS.get(abs(pitch - previous), 0.0)
            value -= request.repeat_penalty * (pitch == previous)
        value += cadence.get(pitch % 12, 0.0)
        if pitch % 12 in chord:
            value += chord_bonus
        if tone is not None and previous is not None:
            against = pitch < previous if tone == 2 else pitch > previous if tone in (3, 4) else False
            value -= TONE_PENALTY * against
        if guide is not None and pitch == guide:
            value += GUIDE_BONUS
        bonus[token] = value
    return bonus


def _instrumental(model, request, on_progress, should_stop) -> MelodyResult:
    """No words: the model writes rhythm and pitch, continuing any seed notes."""
    meter = request.meter
    bar_steps = meter.bar_ticks // STEP
    tonic, low, high = _range(request)
    allowed_pitches = constraints.pitches(request.key.mode, low, high, request.in_key)
    decoder = _Decoder(model, request)
    for token in decoder.header:
        decoder.push(token)
    notes: list[Note] = []
    bar, now = -1, 0  # current bar index; earliest onset in steps from the song start
    seed = list(request.seed_notes)
    total = INSTRUMENTAL_BARS * bar_steps
    while now < total or seed:
        if should_stop and should_stop():
            raise Cancelled("melody generation was cancelled")
        if seed:
            note = seed.pop(0)
            onset, pitch_rel, length = round(note.start / STEP), note.pitch - tonic, max(1, round(note.duration / STEP))
            bar = _force(decoder, bar, bar_steps, onset, pitch_rel, length)
        else:
            onset = _choose_onset(decoder, meter, bar, now)
            bar = onset // bar_steps
            pitch_rel = int(VOCABULARY[decoder.choose(allowed_pitches)][6:])
            allowed_lengths = constraints.durations(STEP, 2 * meter.bar_ticks)
            length_bonus = _density_bonus(allowed_lengths, request.density, meter.beat_ticks)
            length = int(VOCABULARY[decoder.choose(allowed_lengths, length_bonus)][4:])
        notes.append(
            Note(max(0, min(127, tonic + pitch_rel)), onset * STEP, length * STEP, 90,
                 seed=len(notes) < len(request.seed_notes))
        )  # fmt: skip
        now = onset + length
        if on_progress:
            on_progress("melody", min(1.0, now / total))
    return MelodyResult(tuple(notes))


def _repeated_section(lyrics: LyricsAnalysis | None, section: int, written: dict) -> tuple[int, bool] | None:
    """(earlier section to follow, whether its words are the same) once its notes are written.

    A section that repeats word for word sings the same notes; a later section of the same
    kind with new words (verse 2) is guided by the first one of its kind.
    """
    if lyrics is None:
        return None
    current = lyrics.sections[section]
    if current.repeat_of is not None:
        source = next(i for i, s in enumerate(lyrics.sections) if s.label == current.repeat_of)
        if source in written and source != section:
            return source, True
    earlier = [i for i, s in enumerate(lyrics.sections[:section]) if s.kind == current.kind and i in written]
    return (earlier[0], False) if earlier else None


def _force(decoder: _Decoder, bar: int, bar_steps: int, onset: int, pitch: int, length: int) -> int:
    """Write a seed note of an instrumental line; returns the bar."""
    while bar < onset // bar_steps:
        decoder.push(BAR)
        bar += 1
    decoder.push(TOKEN_ID[f"pos:{onset - bar * bar_steps}"])
    decoder.push(constraints.PITCH_TOKENS[max(-24, min(35, pitch))])
    decoder.push(constraints.durations(length * STEP, length * STEP)[0])
    return bar


def _density_bonus(allowed: list[int], density: float, beat_ticks: int) -> dict[int, float]:
    """Logit bonus per duration: log(density) per halving of the note against the beat."""
    if density == 1.0:
        return {}
    weight = math.log(density)
    return {t: -weight * math.log2(int(VOCABULARY[t][4:]) * STEP / beat_ticks) for t in allowed}


def _push_syllable(decoder: _Decoder, syllable: Syllable | None) -> None:
    if syllable is None:
        return
    decoder.push(TOKEN_ID["syl:word" if syllable.word_start else "syl:cont"])
    if syllable.line_end:
        decoder.push(TOKEN_ID["eol"])


def _choose_onset(decoder: _Decoder, meter: Meter, bar: int, now: int) -> int:
    """Write <bar> and pos tokens; returns the onset in steps from the song start.

    The model may rest to the next bar line once per note (a <bar> instead of a pos), never
    for several empty bars in a row.
    """
    bar_steps = meter.bar_ticks // STEP
    rested = False
    while True:
        allowed = constraints.positions(meter, now - bar * bar_steps) if bar >= 0 else []
        if not allowed:  # before the first bar, or nothing left in this one
            decoder.push(BAR)
            bar += 1
            now = max(now, bar * bar_steps)
            continue
        token = decoder.choose(allowed + ([] if rested else [BAR]))
        if token != BAR:
            return bar * bar_steps + _pos(token)
        rested = True
        bar += 1
        now = max(now, bar * bar_steps)


def _pos(token: int) -> int:
    return int(VOCABULARY[token][4:])
