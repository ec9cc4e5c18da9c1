"""From per-song figures to the rows a musician reads: each figure over a set of songs,
its goal, and how far apart the styles are."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from statistics import mean, median

import numpy as np

POOLED_COUNTS = {  # figure -> (hits, of): pooled over the songs, as the human figure is
    "chanted_notes": ("n_chanted", "n_pitched"),
    "trilled_notes": ("n_trilled", "n_pitched"),
    "melisma_by_step": ("n_held_by_step", "n_held"),
    "endings_by_step": ("n_endings_by_step", "n_endings"),
    "stressed_on_strong": ("n_stressed_strong", "n_stressed"),
    "stressed_on_beat": ("n_stressed_beat", "n_stressed"),
    "unstressed_on_beat": ("n_unstressed_beat", "n_unstressed"),
}
# the goals are means over songs (shares of songs for the yes/no figures); the rest are medians
MEANS = ("wer_dry", "wer_mix", "weak_held_long", "long_rest_in_section", "chorus_peak", "hook_varied", "sequence",
         "song_ends_on_tonic")  # fmt: skip


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    goal: str = ""
    low: float | None = None  # met when the value is at least this
    high: float | None = None  # and at most this

    def met(self, value) -> bool | None:
        if value is None or (self.low is None and self.high is None):
            return None
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


FIGURES = (
    Figure("words_sung", "lyric words sung, in order", "1.00", 1.0),
    Figure("stressed_on_strong", "stressed syllables on a strong beat", ">= 0.90", 0.90),
    Figure("stressed_on_beat", "stressed syllables on a beat"),
    Figure("unstressed_on_beat", "unstressed syllables on a beat", "0.35-0.70", 0.35, 0.70),
    Figure("syllables_on_strong", "syllable onsets on a strong beat", ">= 0.50", 0.50),
    Figure("strong_beats_sung", "strong beats inside a line that start a syllable"),
    Figure("breath_after_line", "line ends followed by a rest >= an eighth", ">= 0.90", 0.90),
    Figure("lines_on_grid", "lines starting on the bar grid", ">= 0.90", 0.90),
    Figure("phrase_bars_median", "bars per line (median)", "2 or 4"),
    Figure("phrases_of_2_or_4_bars", "lines taking exactly 2 or 4 bars", ">= 0.90", 0.90),
    Figure("sections_whole", "sections of 4, 8, 12 or 16 bars", ">= 0.90", 0.90),
    Figure(
        "long_rest_in_section",
        "lines followed by a vocal rest of 2 bars or more in their section",
        "<= 0.05",
        None,
        0.05,
    ),
    Figure("length_entropy", "note-length entropy, bits", ">= 1.4", 1.4),
    Figure("common_length_share", "most common note length, share", "<= 0.60", None, 0.60),
    Figure("syncopation", "onsets off the beat", "pop/rock/el./hip-hop >= 0.15"),
    Figure("notes_per_beat", "notes per beat"),
    Figure("notes_per_syllable", "notes per syllable", "ballad/chorale/celtic 1.03-1.15"),
    Figure("melisma_by_step", "melisma notes a step from the note before", ">= 0.80", 0.80),
    Figure("weak_held_long", "weak syllables held over 1.5 s, per song (mean)", "0", None, 0.0),
    Figure("weak_longest_in_line", "lines whose longest syllable is a weak one", "0", None, 0.0),
    Figure("mean_interval", "mean absolute interval, semitones", "1.8-2.6", 1.8, 2.6),
    Figure("repeated_notes", "repeated notes", "<= 0.30", None, 0.30),
    Figure("chanted_notes", "notes sung fifth or later in a row on one pitch", "<= 0.02", None, 0.02),
    Figure("trilled_notes", "notes sung fifth or later in a run alternating two pitches", "<= 0.01", None, 0.01),
    Figure("leaps_over_fifth", "leaps over a fifth", "0.02-0.08", 0.02, 0.08),
    Figure("leaps_resolved", "leaps followed by a step the other way", ">= 0.80", 0.80),
    Figure("range", "range, semitones", "12-17", 12, 17),
    Figure("chorus_peak", "songs whose high note is in a chorus", ">= 0.90", 0.90),
    Figure("hook_varied", "songs whose chorus hook returns varied", ">= 0.90", 0.90),
    Figure("sequence", "songs with a sequence (a line's opening a step higher or lower)", ">= 0.30", 0.30),
    Figure("chorus_minus_verse", "chorus mean pitch minus verse's, semitones", ">= 2", 2.0),
    Figure("tone_agreement", "Mandarin: steps that follow the tone (2 not falling, 3/4 not rising)", "> chance"),
    Figure("tone_agreement_chance", "Mandarin: the same with the tones shuffled (chance)"),
    Figure("sections_end_on_tonic", "sections ending on the tonic", "most", 0.5),
    Figure("song_ends_on_tonic", "songs whose last note is the tonic", ">= 0.70", 0.70),
    Figure("endings_by_step", "section ends reached by a step", ">= 0.60", 0.60),
    Figure("sections_end_on_chord_tone", "sections ending on a chord tone", "1.00", 1.0),
    Figure("distinct_chords", "distinct chords in a song", ">= 4", 4),
    Figure("top_chord_share", "share of the most used chord", "<= 0.50", None, 0.5),
    Figure("chord_changes_per_bar", "chord changes per bar"),
    Figure("strong_beat_chord_tones", "strong-beat onsets on a tone of the band's chord", ">= 0.85", 0.85),
    Figure("heard_chord_tones", "strong beats: the sung note a tone of the lead sheet's chord", ">= 0.90", 0.90),
    Figure("chorus_minus_verse_notes_per_bar", "chorus minus verse: band notes per bar", "> 0", 0.01),
    Figure("chorus_minus_verse_instruments", "chorus minus verse: instruments", "> 0", 0.01),
    Figure("chorus_minus_verse_drum_hits", "chorus minus verse: drum hits per bar", "> 0", 0.01),
    Figure("repeated_8_bar_spans", "consecutive 8-bar spans with the same drums and bass", "0", None, 0.0),
    Figure("drum_hits_per_bar", "drum hits per bar"),
    Figure("bass_notes_per_bar", "bass notes per bar"),
    Figure("f0_within_50c", "vocal F0 within 50 cents of the MIDI note", ">= 0.90", 0.90),
    Figure("f0_songs_ok", "songs whose vocal is >= 0.90 on the MIDI notes", "1.00", 1.0),
    Figure("f0_octave_off", "vocal frames an octave off the MIDI note", "0"),
    Figure("wer_dry", "word error rate, dry vocal (mean)", "<= 0.12", None, 0.12),
    Figure("wer_dry_max", "word error rate, dry vocal (worst song)", "<= 0.25", None, 0.25),
    Figure("wer_mix", "word error rate, mix (mean)", "<= 0.25", None, 0.25),
)
DISTINCT_FEATURES = (
    "notes_per_beat", "notes_per_syllable", "syncopation", "length_entropy", "common_length_share",
    "mean_interval", "repeated_notes", "leaps_over_fifth", "range", "phrase_bars_median",
    "distinct_chords", "chord_changes_per_bar", "drum_hits_per_bar", "bass_notes_per_bar",
)  # fmt: skip  # the music itself: no instruments, no tempo


def aggregate(rows: list[dict]) -> dict:
    """One value per figure over a set of songs (None where no song has it)."""
    out: dict = {"songs": len(rows)}
    for figure in FIGURES:
        key = figure.key
        if key in POOLED_COUNTS:
            hits, of = POOLED_COUNTS[key]
            total = sum(r.get(of, 0) for r in rows)
            out[key] = sum(r.get(hits, 0) for r in rows) / total if total else None
            continue
        source = "wer_dry" if key == "wer_dry_max" else "f0_within_50c" if key == "f0_songs_ok" else key
        values = [r[source] for r in rows if r.get(source) is not None]
        if not values:
            out[key] = None
        elif key == "wer_dry_max":
            out[key] = max(values)
        elif key == "f0_songs_ok":
            out[key] = sum(v >= 0.90 for v in values) / len(values)
        else:
            out[key] = (mean if key in MEANS else median)(values)
    return out


def _matrix(rows: list[dict]) -> np.ndarray:
    return np.array([[float(r.get(f) if r.get(f) is not None else np.nan) for f in DISTINCT_FEATURES] for r in rows])


def _standardise(train: np.ndarray, *others: np.ndarray):
    with warnings.catch_warnings():  # a feature no song has is all-NaN: it stays at 0
        warnings.simplefilter("ignore", RuntimeWarning)
        centre = np.nanmean(train, axis=0)
        scale = np.nanstd(train, axis=0)
    scale[~(scale > 0)] = 1.0
    fix = lambda m: np.nan_to_num((m - centre) / scale)  # noqa: E731 - a missing figure sits at the mean
    return (fix(train), *(fix(m) for m in others))


def style_distinctness(songs: list[tuple[str, int, dict]]) -> dict:
    """``songs``: (style, seed, figures). Leave-one-seed-out nearest-centroid accuracy on
    features without instruments or tempo, its confusions, and the distance between every
    pair of style centroids (in standard deviations per feature, root mean square)."""
    styles = sorted({s for s, _, _ in songs})
    seeds = sorted({seed for _, seed, _ in songs})
    correct, total, confusions = 0, 0, {}
    for held in seeds if len(seeds) > 1 else ():
        train = [(s, r) for s, seed, r in songs if seed != held]
        test = [(s, r) for s, seed, r in songs if seed == held]
        x_train, x_test = _standardise(_matrix([r for _, r in train]), _matrix([r for _, r in test]))
        labels = np.array([s for s, _ in train])
        centroids = np.stack([x_train[labels == s].mean(axis=0) for s in styles])
        for (truth, _), x in zip(test, x_test):
            guess = styles[int(np.argmin(((centroids - x) ** 2).sum(axis=1)))]
            correct += guess == truth
            total += 1
            if guess != truth:
                confusions[(truth, guess)] = confusions.get((truth, guess), 0) + 1
    (x_all,) = _standardise(_matrix([r for _, _, r in songs]))
    labels = np.array([s for s, _, _ in songs])
    centroids = {s: x_all[labels == s].mean(axis=0) for s in styles}
    distance = {
        (a, b): float(np.sqrt(np.mean((centroids[a] - centroids[b]) ** 2))) for a in styles for b in styles if a < b
    }
    return {
        "accuracy": correct / total if total else None,
        "tested": total,
        "confusions": confusions,
        "distance": distance,
        "styles": styles,
    }
