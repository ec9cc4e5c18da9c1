"""A spoken word's phones cut into the syllables the melody sings.

Each syllable is onset consonants, a vowel and coda consonants, as sample ranges in the
word's utterance. The count comes from the lyrics (CMU stress, the musician's hyphens), so
eSpeak's vowels are merged or split to match it: "fire" may be one vowel or two.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from studio.audio.voice.types import Phone

FADE_DB = 18.0  # a vowel's frames this far below its loudest are its release, not its body


@dataclass(frozen=True)
class SyllableSound:
    onset: int  # sample where the onset consonants begin (== vowel_start when there are none)
    vowel_start: int
    vowel_end: int
    coda_end: int  # sample where the coda consonants end (== vowel_end when there are none)

    @property
    def onset_samples(self) -> int:
        return self.vowel_start - self.onset

    @property
    def vowel_samples(self) -> int:
        return self.vowel_end - self.vowel_start

    @property
    def coda_samples(self) -> int:
        return self.coda_end - self.vowel_end


def split_syllables(phones: tuple[Phone, ...], count: int) -> list[SyllableSound]:
    """``count`` syllables from a word's phones; [] when the word has no vowel to sing."""
    nuclei = [i for i, phone in enumerate(phones) if phone.is_vowel]
    if not nuclei or count < 1:
        return []
    # Groups of phone indices [first vowel, last vowel] that one syllable sings through.
    groups = [[i, i] for i in nuclei]
    while len(groups) > count:
        # Merge where the vowels are closest: adjacent vowels first, then the shortest pair.
        def cost(k: int) -> tuple[int, int]:
            between = groups[k + 1][0] - groups[k][1] - 1
            return between, phones[groups[k + 1][1]].end - phones[groups[k][0]].start

        k = min(range(len(groups) - 1), key=cost)
        groups[k : k + 2] = [[groups[k][0], groups[k + 1][1]]]
    sounds = []
    for n, (first, last) in enumerate(groups):
        previous_last = groups[n - 1][1] if n else -1
        next_first = groups[n + 1][0] if n + 1 < len(groups) else len(phones)
        onset_first = first if n else 0
        if n:  # V.CV and VC.CV: one consonant goes to the next syllable, a cluster is shared
            between = first - previous_last - 1
            onset_first = first - (1 if between == 1 else between - between // 2 if between > 1 else 0)
        coda_last = last if n + 1 < len(groups) else len(phones) - 1
        if n + 1 < len(groups):
            between = next_first - last - 1
            coda_last = last + (between // 2 if between > 1 else 0)
        sounds.append(
            SyllableSound(
                phones[onset_first].start if onset_first < first else phones[first].start,
                phones[first].start,
                phones[last].end,
                phones[coda_last].end if coda_last > last else phones[last].end,
            )
        )
    while len(sounds) < count:
        # More sung syllables than vowels ("lo-ove", an unknown word): halve the longest vowel.
        k = max(range(len(sounds)), key=lambda j: sounds[j].vowel_samples)
        whole = sounds[k]
        middle = (whole.vowel_start + whole.vowel_end) // 2
        sounds[k : k + 1] = [
            replace(whole, vowel_end=middle, coda_end=middle),
            SyllableSound(middle, middle, whole.vowel_end, whole.coda_end),
        ]
    return sounds


def with_releases(phones: tuple[Phone, ...], samples: np.ndarray, frame: int) -> tuple[Phone, ...]:
    """A vowel's quiet end (the voice fading out, or into a closure) as a phone of its own:
    the singer stretches a vowel's body over the note, and a stretched fade would swell and
    die on every long note. ``frame``: samples per level
    measured (the voice's own hop). A run of vowel phones ("a", "ɪ") is one vowel here."""
    out: list[Phone] = []
    k = 0
    while k < len(phones):
        if not phones[k].is_vowel:
            out.append(phones[k])
            k += 1
            continue
        last = k
        while last + 1 < len(phones) and phones[last + 1].is_vowel:
            last += 1
        start, end = phones[k].start, phones[last].end
        frames = (end - start) // frame
        body_end = end
        if frames >= 3:
            blocks = samples[start : start + frames * frame].reshape(frames, frame)
            level = 10 * np.log10(np.mean(blocks.astype(np.float64) ** 2, axis=1) + 1e-12)
            body_end = start + (int(np.flatnonzero(level >= level.max() - FADE_DB)[-1]) + 1) * frame
        if body_end < end - frame and body_end > phones[last].start:
            out += list(phones[k:last]) + [
                Phone(phones[last].name, phones[last].start, body_end),
                Phone("~", body_end, end),
            ]
        else:
            out += list(phones[k : last + 1])
        k = last + 1
    return tuple(out)
