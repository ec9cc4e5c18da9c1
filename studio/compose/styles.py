"""Styles are data: ``resources/styles/<id>.toml``, read and checked here.

A musician adds a style by adding a file; every mistake in one is reported as one line
naming the file and the field. Patterns are strings with one character per step of a bar:
drums ``X`` accent, ``x`` hit, ``o`` ghost, ``.`` rest; bass ``1``-``8`` chord degree (1 root,
3 third, 5 fifth, 8 octave), ``-`` hold, ``.`` rest; chords ``x`` strike, ``-`` hold, ``.`` rest.
``[band.<section>]`` says who plays in each kind of section and how, which gives a song
its shape: a sparse verse, a pre-chorus that builds, a full chorus, a bridge that drops.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from studio.compose.request import TEMPERATURE_RANGE, TEMPO_RANGE
from studio.compose.style_melody import MelodyShape, RhythmStyle, read_melody_shape, read_rhythm
from studio.compose.style_reader import StyleError, StyleReader
from studio.core.singing import Singing, singing_from_table
from studio.core.song import VOICES
from studio.core.theory import Meter, chord_state

DRUM_KEYS = {
    "kick": 36, "rim": 37, "snare": 38, "clap": 39, "hat": 42, "pedal_hat": 44, "open_hat": 46,
    "tom_low": 45, "tom_mid": 47, "tom_high": 50, "crash": 49, "ride": 51, "tambourine": 54,
    "cowbell": 56, "shaker": 70,
}  # fmt: skip
DRUM_VELOCITY = {"X": 118, "x": 92, "o": 48}
VOICINGS = ("block", "comp", "arpeggio", "pad", "choir")
BAND_ROLES = ("chords", "bass", "drums", "pad", "lead")
BAND_SETTINGS = ("chords", "bass", "plays", "spread", "velocity")
CHORD_CHARS, BASS_CHARS = "x-.", "12345678-."  # the characters each kind of pattern may use
PLAIN_VELOCITY = 72  # the chords' loudness where a section does not say
SECTION_VELOCITY = {"chorus": 84}
CHORD_RHYTHMS = {"beat": 1, "half": 2, "bar": 4}  # beats per chord change in 4/4 (scaled by meter)
_ROMAN = re.compile(r"^(b|#)?(iii|vii|ii|iv|vi|v|i|III|VII|II|IV|VI|V|I)(°|dim|7)?$")
_DEGREE = {"i": 0, "ii": 2, "iii": 4, "iv": 5, "v": 7, "vi": 9, "vii": 11}
STYLE_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
USER_STYLE_FILE, USER_WEIGHTS = "style.toml", "melody.pt"  # inside a user style's folder


@dataclass(frozen=True)
class DrumPatterns:
    steps: int
    hits: dict[str, str]  # instrument -> pattern


@dataclass(frozen=True)
class SectionBand:
    """How the band plays one kind of section (``[band.verse]``, ``[band.chorus]`` ...)."""

    chords: str  # the comping pattern
    bass: str
    plays: frozenset[str]  # the roles heard (BAND_ROLES)
    spread: bool = False  # the chords open up: the root doubled an octave under the voicing
    velocity: int = PLAIN_VELOCITY  # the chords' loudness


def default_band(kind: str, chords: str, bass: str) -> SectionBand:
    """A section the style file says nothing about: the style's own patterns, and in the
    chorus the pad and the lead join and the chords play louder."""
    roles = BAND_ROLES if kind == "chorus" else ("chords", "bass", "drums")
    return SectionBand(chords, bass, frozenset(roles), velocity=SECTION_VELOCITY.get(kind, PLAIN_VELOCITY))


@dataclass(frozen=True)
class Style:
    id: str
    name: str
    description: str
    tempo: tuple[int, int]
    meter: Meter
    swing: float
    voice: str
    instruments: dict[str, int]  # role -> General MIDI program
    melody_style: str  # the melody model's style token
    temperature: float
    density: float  # >1: more, shorter notes (hip-hop); <1: fewer, longer (ballad)
    melody_range: int
    chord_rhythm: str
    chord_voicing: str
    chord_pattern: str
    chord_octave: int
    bass_pattern: str
    bass_octave: int
    bass_approach: bool = False  # the last bass note before a chord change leads into it
    drums: dict[str, DrumPatterns] = field(default_factory=dict)  # verse, chorus, fill, intro, ...
    harmony_bonus: dict[int, float] = field(default_factory=dict)  # chord state -> log bonus
    # chords first: section kind -> the loops it may play (chord states, one per chord slot);
    # empty for styles that harmonise the melody (chorale, folk, celtic)
    loops: dict[str, tuple[tuple[int, ...], ...]] = field(default_factory=dict)
    rhythm: RhythmStyle = field(default_factory=RhythmStyle)
    shape: MelodyShape = field(default_factory=MelodyShape)  # leaps
    chorus_lift: int = 3  # semitones the chorus's register sits above the verse's
    repeat_penalty: float = 0.7  # logits against singing the same pitch again
    run_cost: float = 0.0  # logits more for each note past three in a row on one pitch in a line
    band: dict[str, SectionBand] = field(default_factory=dict)  # section kind -> how the band plays it
    singing: Singing = field(default_factory=Singing)  # how the guide vocal sings ([vocal])
    folder: Path | None = None  # a style the musician made (compose.user_styles): its folder

    @property
    def weights(self) -> Path | None:
        """The melody weights a style learned from the musician's files; None: the shipped ones."""
        return self.folder / USER_WEIGHTS if self.folder is not None else None

    def band_for(self, kind: str) -> SectionBand:
        """The band of a section kind; an intro, outro or bridge the file leaves out plays
        the verse's band, a chorus left out plays the style's patterns in full."""
        if kind in self.band:
            return self.band[kind]
        if kind != "chorus" and "verse" in self.band:
            return self.band["verse"]
        return default_band(kind, self.chord_pattern, self.bass_pattern)

    @property
    def default_tempo(self) -> int:
        return (self.tempo[0] + self.tempo[1]) // 2


def roman_to_state(numeral: str) -> int:
    """'V7' -> dominant seventh on the fifth degree; 'vi' -> minor on the sixth; 'bVII' -> major on b7."""
    m = _ROMAN.match(numeral.strip())
    if not m:
        raise ValueError(f"{numeral!r} is not a roman numeral chord (try I, ii, V7, bVII, vii°)")
    accidental, degree, suffix = m.groups()
    root = _DEGREE[degree.lower()] + {"b": -1, "#": 1}.get(accidental, 0)
    if suffix in ("°", "dim"):
        quality = "dim"
    elif suffix == "7":
        quality = "7"
    else:
        quality = "maj" if degree.isupper() else "min"
    return chord_state(root, quality)


def parse_style(data: dict, style_id: str, source: str = "") -> Style:
    r = StyleReader(data, source or f"{style_id}.toml")
    try:
        meter_text = r.get("meter", str, "4/4")
        numerator, denominator = (int(x) for x in meter_text.split("/"))
        meter = Meter(numerator, denominator)
    except ValueError as exc:
        r.fail("meter", f"is not a time signature ({exc})")
    tempo = r.get("tempo", list)
    low, high = TEMPO_RANGE
    if len(tempo) != 2 or not all(isinstance(t, int) and low <= t <= high for t in tempo) or tempo[0] > tempo[1]:
        r.fail("tempo", f"should be [lowest, highest] BPM between {low} and {high}")
    instruments = r.get("instruments", dict)
    for role, program in instruments.items():
        if not isinstance(program, int) or not 0 <= program <= 127:
            r.fail(f"instruments.{role}", "should be a General MIDI program 0-127")
    for role in ("chords", "bass"):
        if role not in instruments:
            r.fail(f"instruments.{role}", "is missing")
    drums = {}
    for section, table in r.get("drums", dict, {}).items():
        if not isinstance(table, dict) or not table:
            r.fail(f"drums.{section}", "should be a table of instrument patterns")
        steps = None
        hits = {}
        for instrument, text in table.items():
            if instrument not in DRUM_KEYS:
                r.fail(f"drums.{section}.{instrument}", f"is not a drum (use {', '.join(DRUM_KEYS)})")
            if not isinstance(text, str):
                r.fail(f"drums.{section}.{instrument}", "should be a pattern string")
            hits[instrument] = r.pattern(f"drums.{section}.{instrument}", text, "Xxo.", steps)
            steps = len(text)
        drums[section] = DrumPatterns(steps, hits)
    bar_ticks = meter.bar_ticks
    patterns = [(f"drums.{name}", d.steps) for name, d in drums.items()]
    for where in ("chords.pattern", "bass.pattern"):
        patterns.append((where, len(r.get(where, str))))
    for where, steps in patterns:
        if bar_ticks % steps:
            r.fail(where, f"has {steps} steps, which do not divide a bar of {meter_text} evenly")
    if drums and "verse" not in drums:  # a style may have no drums at all (a chorale)
        r.fail("drums.verse", "is missing")
    bonus = {}
    for numeral, value in r.get("harmony.prefer", dict, {}).items():
        try:
            state = roman_to_state(numeral)
        except ValueError as exc:
            r.fail(f"harmony.prefer.{numeral}", str(exc))
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            r.fail(f"harmony.prefer.{numeral}", "should be a number (log bonus, negative to avoid)")
        bonus[state] = float(value)
    loops = {}
    for kind, options in r.get("harmony.loops", dict, {}).items():
        if not isinstance(options, list) or not options or not all(isinstance(o, str) for o in options):
            r.fail(f"harmony.loops.{kind}", 'should list progressions such as "I V vi IV"')
        try:
            loops[kind] = tuple(tuple(roman_to_state(n) for n in option.split()) for option in options)
        except ValueError as exc:
            r.fail(f"harmony.loops.{kind}", str(exc))
    if loops and "verse" not in loops:
        r.fail("harmony.loops.verse", "is missing (other sections fall back to the verse's loops)")
    rhythm = r.get("harmony.chord_rhythm", str, "bar")
    if rhythm not in CHORD_RHYTHMS:
        r.fail("harmony.chord_rhythm", f"should be one of {', '.join(CHORD_RHYTHMS)}")
    voicing = r.get("chords.voicing", str)
    if voicing not in VOICINGS:
        r.fail("chords.voicing", f"should be one of {', '.join(VOICINGS)}")
    swing = r.get("swing", float, 0.0)
    if not 0.0 <= swing <= 0.5:
        r.fail("swing", "should be between 0 (straight) and 0.5")
    temperature = r.get("melody.temperature", float, 0.9)
    density = r.get("melody.density", float, 1.0)
    low, high = TEMPERATURE_RANGE
    if not low <= temperature <= high or not 0.25 <= density <= 4.0:
        r.fail("melody", f"temperature should be {low:g}-{high:g} and density 0.25-4")
    rhythm_style = read_rhythm(r, meter)
    voice = r.get("voice", str, VOICES[0])
    if voice not in VOICES:
        r.fail("voice", f"should be one of {', '.join(VOICES)}")
    chord_pattern = r.pattern("chords.pattern", r.get("chords.pattern", str), CHORD_CHARS)
    bass_pattern = r.pattern("bass.pattern", r.get("bass.pattern", str), BASS_CHARS)
    return Style(
        id=style_id,
        name=r.get("name", str),
        description=r.get("description", str),
        tempo=(tempo[0], tempo[1]),
        meter=meter,
        swing=swing,
        voice=voice,
        instruments=dict(instruments),
        melody_style=r.get("melody.style_token", str, "essen"),
        temperature=temperature,
        density=density,
        melody_range=r.get("melody.range", int, 15),
        chord_rhythm=rhythm,
        chord_voicing=voicing,
        chord_pattern=chord_pattern,
        chord_octave=r.get("chords.octave", int, 4),
        bass_pattern=bass_pattern,
        bass_octave=r.get("bass.octave", int, 2),
        bass_approach=r.get("bass.approach", bool, False),
        drums=drums,
        harmony_bonus=bonus,
        loops=loops,
        rhythm=rhythm_style,
        shape=read_melody_shape(r),
        chorus_lift=r.get("melody.chorus_lift", int, 3),
        repeat_penalty=r.get("melody.repeat_penalty", float, 0.7),
        run_cost=r.get("melody.run_cost", float, 0.0),
        band=_band(r, meter, chord_pattern, bass_pattern),
        singing=_singing(r),
    )


def _singing(r: StyleReader) -> Singing:
    try:
        return singing_from_table(r.get("vocal", dict, {}))
    except (TypeError, ValueError) as exc:
        r.fail("vocal", f"has a bad setting: {exc}")


def _band(r: StyleReader, meter: Meter, chords: str, bass: str) -> dict[str, SectionBand]:
    band = {}
    for kind, table in r.get("band", dict, {}).items():
        where = f"band.{kind}"
        if not isinstance(table, dict):
            r.fail(where, f"should be a table ({', '.join(BAND_SETTINGS)})")
        default = default_band(kind, chords, bass)
        unknown = set(table) - set(BAND_SETTINGS)
        if unknown:
            r.fail(f"{where}.{sorted(unknown)[0]}", f"is not a band setting ({', '.join(BAND_SETTINGS)})")
        patterns = {}
        for part, allowed in (("chords", CHORD_CHARS), ("bass", BASS_CHARS)):
            text = r.get(f"{where}.{part}", str, getattr(default, part))
            patterns[part] = r.pattern(f"{where}.{part}", text, allowed)
            if meter.bar_ticks % len(text):
                r.fail(f"{where}.{part}", f"has {len(text)} steps, which do not divide a bar of {meter} evenly")
        plays = r.get(f"{where}.plays", list, sorted(default.plays))
        if not plays or any(role not in BAND_ROLES for role in plays):
            r.fail(f"{where}.plays", f"should list roles from {', '.join(BAND_ROLES)}")
        velocity = r.get(f"{where}.velocity", int, default.velocity)
        if not 1 <= velocity <= 127:
            r.fail(f"{where}.velocity", "should be a MIDI velocity 1-127")
        spread = table.get("spread", False)
        if not isinstance(spread, bool):
            r.fail(f"{where}.spread", "should be true or false")
        band[kind] = SectionBand(patterns["chords"], patterns["bass"], frozenset(plays), spread, velocity)
    return band


def read_style_table(path: Path) -> dict:
    """A style file's TOML as a table; unreadable or invalid is a StyleError naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StyleError(f"cannot read style {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise StyleError(f"style {path.name} is not valid TOML ({exc})") from None


def load_style(path: Path) -> Style:
    """A shipped style (``<id>.toml``) or a musician's (``<id>/style.toml``, its weights beside it)."""
    data = read_style_table(path)
    if path.name == USER_STYLE_FILE:
        return replace(parse_style(data, path.parent.name, f"{path.parent.name}/{path.name}"), folder=path.parent)
    return parse_style(data, path.stem, path.name)


def style_folder() -> Path:
    from studio.core.paths import resource_path

    return resource_path("styles")


def user_style_folder() -> Path:
    """The musician's styles, one folder each, in their data folder (never the installation)."""
    from studio.core.settings import data_dir

    return data_dir() / "styles"


def user_style_files() -> list[Path]:
    """The style files of the musician's finished styles: a folder still being written (its
    name starts with a dot) or without its style file is not a style yet."""
    folder = user_style_folder()
    if not folder.is_dir():
        return []
    finished = [p for p in folder.iterdir() if STYLE_ID.fullmatch(p.name) and (p / USER_WEIGHTS).is_file()]
    return sorted(p / USER_STYLE_FILE for p in finished if (p / USER_STYLE_FILE).is_file())


def list_styles(folder: Path | None = None) -> list[Style]:
    """Every style in the folder, sorted by id (a broken file raises its StyleError); without
    a folder, the shipped styles and then the musician's (a broken one of theirs is left out:
    ``user_style_problems`` says why)."""
    if folder is not None:
        return [load_style(p) for p in sorted(folder.glob("*.toml"))]
    shipped = list_styles(style_folder())
    taken = {s.id for s in shipped}
    mine = []
    for path in user_style_files():
        try:
            style = load_style(path)
        except StyleError:
            continue
        if style.id not in taken:
            mine.append(style)
    return shipped + mine


def user_style_problems() -> list[str]:
    """One line per style of the musician's that cannot be used."""
    problems = []
    for path in user_style_files():
        try:
            load_style(path)
        except StyleError as exc:
            problems.append(str(exc))
    return problems


def get_style(style_id: str, folder: Path | None = None) -> Style:
    paths = [(folder or style_folder()) / f"{style_id}.toml"]
    if folder is None:
        paths.append(user_style_folder() / style_id / USER_STYLE_FILE)
    found = [p for p in paths if p.is_file() and (p.name != USER_STYLE_FILE or (p.parent / USER_WEIGHTS).is_file())]
    if not STYLE_ID.fullmatch(style_id) or not found:
        known = ", ".join(s.id for s in list_styles(folder))
        raise StyleError(f"unknown style {style_id!r} (choose from {known})")
    return load_style(found[0])


def singing_for(style_id: str) -> Singing:
    """How a song of this style sings; with no style, or one no longer installed, plainly."""
    try:
        return get_style(style_id).singing if style_id else Singing()
    except StyleError:
        return Singing()
