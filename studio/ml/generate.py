"""generate_melody: the pitches of the vocal line, decoded token by token.

Plain Python with callbacks (DESIGN rule 3). For lyrics the rhythm is already decided
(``studio.compose.form`` places every syllable in its phrase); the model hears the onsets,
syllables and lengths as context and samples one pitch per note, in key and in range,
steered by the phrase's arch, the section's register and its cadences. Without lyrics it
writes rhythm and pitch itself. Same request and seed, same melody.
"""

from __future__ import annotations

import math
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
from studio.ml.steering import pitch_bonus
from studio.ml.tokens import BAR, PITCH_HIGH, PITCH_LOW, STEP, TOKEN_ID, VOCABULARY, meter_token, nearest_duration
from studio.ml.tune import Tune

INSTRUMENTAL_BARS = 8


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
    run_cost: float = 0.0  # logits more for each note past three in a row on one pitch (steering.RUN_FREE)
    chords: tuple[tuple[int, int, tuple[int, ...]], ...] = ()  # (start, end, pitch classes from the tonic)
    voice_range: tuple[int, int] | None = None  # lowest and highest MIDI note the singer takes
    leap: float = 0.0  # chance a line opens with a leap up a sixth or an octave


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
    """(the MIDI pitch of the tonic, lowest and highest pitch from it): a fourth or fifth
    below the tonic up to the style's range, moved by octaves and clipped into the voice's
    range; centred on the musician's seed notes when there are some."""
    tonic = tonic_pitch(request.key)
    low = -5 if request.key.mode == "major" else -7  # a fourth or fifth below the tonic
    if request.seed_notes:  # the musician's opening sets the register: centre the range on it
        seed_pitches = sorted(n.pitch - tonic for n in request.seed_notes)
        low = seed_pitches[len(seed_pitches) // 2] - request.range_semitones // 2
        return tonic, low, low + request.range_semitones
    if request.voice_range is None:
        return tonic, low, low + request.range_semitones
    bottom, top = request.voice_range
    width = min(request.range_semitones, top - bottom)
    middle = (bottom + top - width) / 2  # the span's lowest note when centred in the voice

    def placed(octave: int) -> tuple[int, int]:
        lowest = min(max(tonic + octave + low, bottom), top - width)
        return lowest, abs(lowest - (tonic + octave + low)) + abs(lowest - middle) / 12

    octave = min((-12, 0, 12), key=lambda o: placed(o)[1])
    lowest = placed(octave)[0]
    return tonic + octave, lowest - tonic - octave, lowest - tonic - octave + width


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
    phrase's contour, the section's register, the chords and its cadences (``steering``)."""
    meter = request.meter
    bar_steps = meter.bar_ticks // STEP
    tonic, low, high = _range(request)
    allowed = constraints.pitches(request.key.mode, low, high, request.in_key)
    values = [int(VOCABULARY[t][6:]) for t in allowed]
    decoder = _Decoder(model, request)
    for token in decoder.header:
        decoder.push(token)
    tune = Tune(request, (low, high), set(values))
    notes: list[Note] = []
    bar = -1
    for index, timed in enumerate(request.rhythm):
        if should_stop and should_stop():
            raise Cancelled("melody generation was cancelled")
        onset = timed.start // STEP
        while bar < onset // bar_steps:
            decoder.push(BAR)
            bar += 1
        decoder.push(constraints.POSITION_TOKENS[onset - bar * bar_steps])
        _push_syllable(decoder, timed.syllable)
        fixed = tune.given(index)
        if index < len(request.seed_notes):
            fixed = request.seed_notes[index].pitch - tonic
        if fixed is not None:
            pitch = max(PITCH_LOW, min(PITCH_HIGH, fixed))
            decoder.push(constraints.PITCH_TOKENS[pitch])
        else:
            context = tune.context(index)
            bonus = pitch_bonus(allowed, values, context, request.repeat_penalty, (low, high), request.run_cost)
            pitch = int(VOCABULARY[decoder.choose(allowed, bonus)][6:])
        decoder.push(constraints.DURATION_TOKENS[nearest_duration(max(1, round(timed.duration / STEP)))])
        tune.sung(index, pitch)
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
    return MelodyResult(tuple(notes), tuple((labels[k], v) for k, v in sorted(tune.starts.items()) if labels))


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
