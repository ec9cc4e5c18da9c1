"""How a style sets words to rhythm (``[rhythm]``) and shapes its tune (``[melody]``): the
parts of a style file the vocal line reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.compose.style_reader import StyleReader
from studio.core.theory import Meter


@dataclass(frozen=True)
class RhythmStyle:
    """How the style sets words to rhythm (``[rhythm]``): a grid of ``grid`` steps per beat."""

    grid: int = 4  # steps per beat syllables are placed on (sixteenths in 4/4)
    onsets: tuple[float, ...] = (1.0, 0.3, 0.8, 0.4)  # weight of a syllable starting on each step of a beat
    lengths: dict[int, float] = field(default_factory=lambda: {1: 0.3, 2: 1.0, 3: 0.4, 4: 0.7, 6: 0.3, 8: 0.2})
    syllables_per_beat: float = 1.5  # the delivery phrases are sized for
    phrase_bars: tuple[int, ...] = (2, 4)  # bars a line may take
    line_end: int = 4  # steps the last syllable of a line lasts at least
    breath: int = 2  # steps of rest after each line at least
    pickup: int = 4  # steps a line may start before its bar line
    focus: float = 2.5  # >1 keeps to the best rhythms, <1 wanders among near-best ones
    melisma: float = 0.0  # chance a line sings one long stressed vowel over two or three notes
    sequence: float = 0.0  # chance a line answering the one before sings its opening a step lower

    def __post_init__(self) -> None:
        if not self.lengths:
            raise ValueError("rhythm.lengths needs at least one length")


@dataclass(frozen=True)
class MelodyShape:
    """The tune's shape beyond its notes' steps (``[melody]``)."""

    leap: float = 0.0  # chance a line opens with a leap up a sixth or an octave (then steps back)


def read_rhythm(r: StyleReader, meter: Meter) -> RhythmStyle:
    default = RhythmStyle()
    grid = r.get("rhythm.grid", int, default.grid)
    if not 1 <= grid <= 12 or meter.beat_ticks % grid:
        r.fail("rhythm.grid", f"should divide the beat of {meter} evenly (steps per beat, 1-12)")
    onsets = r.get("rhythm.onsets", list, list(default.onsets) if grid == default.grid else [1.0] * grid)
    if len(onsets) != grid or not all(isinstance(w, (int, float)) and w >= 0 for w in onsets) or not onsets[0]:
        r.fail("rhythm.onsets", f"should be {grid} weights >= 0, one per grid step of a beat, the first above 0")
    lengths = {}
    for steps, weight in r.get("rhythm.lengths", dict, default.lengths).items():
        if not str(steps).isdigit() or int(steps) < 1 or not isinstance(weight, (int, float)) or weight <= 0:
            r.fail(f"rhythm.lengths.{steps}", "should map a length in grid steps (1, 2, ...) to a weight above 0")
        lengths[int(steps)] = float(weight)
    phrase_bars = r.get("rhythm.phrase_bars", list, list(default.phrase_bars))
    if not phrase_bars or not all(isinstance(b, int) and 1 <= b <= 8 for b in phrase_bars):
        r.fail("rhythm.phrase_bars", "should list the bars a line may take (1-8)")
    values = {}
    for name, kind in (("syllables_per_beat", float), ("line_end", int), ("breath", int), ("pickup", int),
                       ("focus", float)):  # fmt: skip
        values[name] = r.get(f"rhythm.{name}", kind, getattr(default, name))
        if values[name] < 0 or (name in ("syllables_per_beat", "focus") and not values[name]):
            r.fail(f"rhythm.{name}", "should be above 0")
    for name in ("melisma", "sequence"):
        values[name] = r.chance(f"rhythm.{name}", getattr(default, name))
    return RhythmStyle(grid, tuple(float(w) for w in onsets), lengths, phrase_bars=tuple(sorted(phrase_bars)),
                       **values)  # fmt: skip


def read_melody_shape(r: StyleReader) -> MelodyShape:
    return MelodyShape(leap=r.chance("melody.leap", MelodyShape().leap))
