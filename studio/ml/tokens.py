"""The melody language: a REMI-like token sequence, key-normalised, with lyric features.

One melody reads::

    <bos> style:essen meter:3/4 mode:major
    <bar> pos:0 syl:word pitch:+0 dur:24   pos:24 syl:cont eol pitch:+4 dur:48 ...  <eos>

- pitch is in semitones from the tonic, placed near the octave above middle C, so one model
  serves every key; the key is chosen when decoding.
- pos is the onset inside the bar and dur the length, both in steps of 20 ticks (1/24 of a
  quarter), which spells 32nd notes and triplets exactly.
- syl:word / syl:cont say that the note starts a syllable beginning or continuing a word;
  a note without one continues the previous syllable (a melisma). eol marks the last
  syllable of a lyric line, stress:0/1/2 the syllable's stress when it is known. These are
  conditions: when decoding they come from the lyrics, and the model predicts the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.ml.corpus import COLLECTIONS, LINE_END, SYLLABLE, WORD_START, Melody

STEP = 20  # ticks per position/duration step
MAX_BAR_STEPS = 192  # bars up to 8 quarter notes (4/2); longer ones are left out of training
PITCH_LOW, PITCH_HIGH = -24, 35  # semitones from the tonic placed at TONIC_CENTER
TONIC_CENTER = 60
STYLES = (*COLLECTIONS, *(f"user{i}" for i in range(1, 9)))  # user slots: fine-tuned styles
METERS = ("2/4", "3/4", "4/4", "6/8", "2/2", "3/8", "4/2", "9/8", "6/4", "3/2", "12/8", "5/4", "other")
DURATIONS = (*range(1, 25), 27, 30, 32, 36, 40, 42, 48, 54, 60, 64, 72, 84, 96, 108, 120, 144, 168, 192, 240, 288, 384)


def _build_vocabulary() -> list[str]:
    words = ["<pad>", "<bos>", "<eos>", "<bar>", "syl:word", "syl:cont", "eol", "stress:0", "stress:1", "stress:2"]
    words += [f"style:{s}" for s in STYLES]
    words += [f"meter:{m}" for m in METERS]
    words += ["mode:major", "mode:minor"]
    words += [f"pos:{p}" for p in range(MAX_BAR_STEPS)]
    words += [f"pitch:{p:+d}" for p in range(PITCH_LOW, PITCH_HIGH + 1)]
    words += [f"dur:{d}" for d in DURATIONS]
    return words


VOCABULARY = tuple(_build_vocabulary())
TOKEN_ID = {word: i for i, word in enumerate(VOCABULARY)}
PAD, BOS, EOS, BAR = (TOKEN_ID[w] for w in ("<pad>", "<bos>", "<eos>", "<bar>"))


def kind(token: int) -> str:
    """'pos', 'pitch', 'dur', 'syl', 'bar', ...: the part before the colon."""
    return VOCABULARY[token].split(":")[0]


def nearest_duration(steps: int) -> int:
    return min(DURATIONS, key=lambda d: (abs(d - steps), d))


def meter_token(numerator: int, denominator: int) -> int:
    name = f"{numerator}/{denominator}"
    return TOKEN_ID[f"meter:{name if name in METERS else 'other'}"]


def octave_shift(relative_pitches: list[int]) -> int:
    """Whole octaves that bring a melody's median near the tonic octave above middle C."""
    middle = sorted(relative_pitches)[len(relative_pitches) // 2]
    return -12 * ((middle + 6) // 12) if relative_pitches else 0


@dataclass(frozen=True)
class Encoded:
    tokens: list[int]
    pitch_positions: list[int]  # index of each note's pitch token, for bits-per-note


def encode(melody: Melody, style: str | None = None) -> Encoded | None:
    """Tokens of a melody, or None when it does not fit the vocabulary (very long bars)."""
    numerator, denominator = melody.meter
    bar_ticks = numerator * 1920 // denominator
    if bar_ticks // STEP > MAX_BAR_STEPS or bar_ticks % STEP:
        return None
    tonic, mode = melody.key
    relative = [p - TONIC_CENTER - tonic for p, *_ in melody.notes]
    shift = octave_shift(relative)
    tokens = [
        BOS,
        TOKEN_ID[f"style:{style or melody.collection}"],
        meter_token(*melody.meter),
        TOKEN_ID[f"mode:{mode}"],
    ]
    pitch_positions = []
    bar = -1
    for (_, start, duration, flags), rel in zip(melody.notes, relative):
        step = round(start / STEP)
        while bar < step * STEP // bar_ticks:
            tokens.append(BAR)
            bar += 1
        tokens.append(TOKEN_ID[f"pos:{(step * STEP - bar * bar_ticks) // STEP}"])
        if flags & SYLLABLE:
            tokens.append(TOKEN_ID["syl:word" if flags & WORD_START else "syl:cont"])
            if flags & LINE_END:
                tokens.append(TOKEN_ID["eol"])
        pitch = max(PITCH_LOW, min(PITCH_HIGH, rel + shift))
        pitch_positions.append(len(tokens))
        tokens.append(TOKEN_ID[f"pitch:{pitch:+d}"])
        tokens.append(TOKEN_ID[f"dur:{nearest_duration(max(1, round(duration / STEP)))}"])
    tokens.append(EOS)
    return Encoded(tokens, pitch_positions)


def decode(tokens: list[int], meter: tuple[int, int], tonic_pitch: int) -> list[tuple[int, int, int]]:
    """(pitch, start tick, duration ticks) of the notes in a token sequence.

    ``tonic_pitch`` is the MIDI pitch that pitch:+0 becomes (for example 57 for A3).
    """
    bar_ticks = meter[0] * 1920 // meter[1]
    notes, bar, position, pitch = [], -1, 0, None
    for token in tokens:
        word = VOCABULARY[token]
        if token == BAR:
            bar += 1
        elif word.startswith("pos:"):
            position = int(word[4:])
        elif word.startswith("pitch:"):
            pitch = tonic_pitch + int(word[6:])
        elif word.startswith("dur:") and pitch is not None:
            notes.append((pitch, max(bar, 0) * bar_ticks + position * STEP, int(word[4:]) * STEP))
            pitch = None
    return notes
