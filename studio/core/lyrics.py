"""Lyrics analysis: text -> sections -> lines -> words -> syllables with stress.

Sections come from blank lines and tags such as ``[Verse]`` or ``[Chorus 2]``; a tag with
no lines under it repeats the last section of its kind, and an untagged block that occurs
twice is a chorus. The musician can steer the split: ``beau-ti-ful`` forces syllables and
``love_`` holds a word over one more note per underscore. Punctuation and emoji are never
sung; a line with nothing singable is skipped with a warning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from studio.core import cjk
from studio.core.numbers import number_words
from studio.core.syllables import Lexicon, default_lexicon, word_syllables

SECTION_KINDS = {
    "verse": "verse", "chorus": "chorus", "refrain": "chorus", "hook": "chorus",
    "bridge": "bridge", "intro": "intro", "outro": "outro", "ending": "outro",
    "prechorus": "prechorus", "pre-chorus": "prechorus", "pre chorus": "prechorus",
}  # fmt: skip
_TAG = re.compile(r"^\s*\[\s*([^\]\d]*?)\s*(\d+)?\s*\]\s*$")
_TOKEN = re.compile(
    r"(?P<number>[$€£]?\d(?:[\d,.:/]*\d)?(?:st|nd|rd|th|'?s)?%?)(?P<nhold>_*)"
    r"|(?P<word>'?[^\W\d_](?:[^\W\d_]|['\-](?=[^\W\d_]))*'?)(?P<whold>_*)"
)
FUNCTION_WORDS = frozenset(
    """a an the and or but nor so if of to in on at by for from with as than that this these those
    is am are was were be been being do does did has have had will would shall should can could
    may might must i me my you your he him his she her it its we us our they them their""".split()
)  # monosyllables that a singer rarely puts on a strong beat, whatever the dictionary says


@dataclass(frozen=True, slots=True)
class Syllable:
    text: str  # the written piece: "beau"
    stress: int  # 0 unstressed, 1 primary, 2 secondary
    word_start: bool = True
    word_end: bool = True
    line_end: bool = False
    notes: int = 1  # notes it is held over: "love_" -> 2
    tone: int | None = None  # Mandarin tone 1-5 of a Han character


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # as sung: "twenty-four"
    source: str  # as typed: "24/7"
    syllables: tuple[Syllable, ...]
    known: bool = True  # found in the pronouncing dictionary (or a one-syllable script)
    function_word: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line number in the text, for messages
    text: str
    words: tuple[Word, ...]

    @property
    def syllables(self) -> tuple[Syllable, ...]:
        return tuple(s for w in self.words for s in w.syllables)


@dataclass(frozen=True, slots=True)
class LyricSection:
    kind: str  # verse, chorus, bridge, intro, outro, prechorus, or a musician's own tag
    label: str  # "Verse 2"
    lines: tuple[Line, ...]
    repeat_of: str | None = None  # label of an earlier section with the same words


@dataclass(frozen=True, slots=True)
class LyricsAnalysis:
    sections: tuple[LyricSection, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(line for s in self.sections for line in s.lines)

    @property
    def syllables(self) -> tuple[Syllable, ...]:
        return tuple(syl for line in self.lines for syl in line.syllables)

    @property
    def is_empty(self) -> bool:
        return not self.sections


def clean_text(text: str) -> str:
    """Curly apostrophes to straight ones, control characters and zero-widths out."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")


def _syllabic_words(run: str) -> list[Word]:
    tones = cjk.mandarin_tones(run) if any(cjk.is_han(c) for c in run) else ()
    words, han_index = [], 0
    for piece in cjk.split_syllabic(run):
        tone = None
        if cjk.is_han(piece[0]) and han_index < len(tones):
            tone, han_index = tones[han_index], han_index + 1
        stress = 0 if tone == 5 else 1
        words.append(Word(piece, piece, (Syllable(piece, stress, tone=tone),)))
    return words


def _word(text: str, source: str, hold: int, lexicon: Lexicon) -> Word:
    text = text.strip("-")
    # A hyphen is the musician's syllable split when the parts match the dictionary's count
    # ("beau-ti-ful"); otherwise each part is a word of its own ("twenty-four", "fi-re").
    parts = [p for p in text.split("-") if p]
    joined = "".join(parts)
    pattern = lexicon.stress(joined) if len(parts) > 1 else None
    known = True
    if pattern and len(pattern) == len(parts):
        pieces = [(p, int(s)) for p, s in zip(parts, pattern)]
    else:
        pieces = []
        for part in parts:
            part_pieces, part_known = word_syllables(part, lexicon)
            pieces += part_pieces
            known = known and part_known
    last = len(pieces) - 1
    syllables = tuple(
        Syllable(piece, stress, word_start=i == 0, word_end=i == last, notes=1 + (hold if i == last else 0))
        for i, (piece, stress) in enumerate(pieces)
    )
    function = len(syllables) == 1 and joined.lower() in FUNCTION_WORDS
    return Word(joined if len(parts) > 1 and pattern else text, source, syllables, known, function)


def _words(text: str, lexicon: Lexicon) -> list[Word]:
    words: list[Word] = []
    for chunk in re.split(r"(\s+)", text):
        # Runs of one-syllable-per-character scripts are cut out first; the rest is tokenised.
        for run, syllabic in _script_runs(chunk):
            if syllabic:
                words += _syllabic_words(run)
                continue
            for m in _TOKEN.finditer(run):
                if m.group("number"):
                    hold = len(m.group("nhold"))
                    spoken = number_words(m.group("number").replace("'", ""))
                    for i, w in enumerate(spoken):
                        words.append(_word(w, m.group("number"), hold if i == len(spoken) - 1 else 0, lexicon))
                else:
                    typed = m.group("word")
                    words.append(_word(_trim_apostrophes(typed, lexicon), typed, len(m.group("whold")), lexicon))
    return [w for w in words if w.syllables]


def _script_runs(chunk: str):
    start = 0
    for i in range(1, len(chunk) + 1):
        if i == len(chunk) or cjk.is_syllabic(chunk[i]) != cjk.is_syllabic(chunk[start]):
            if chunk[start:i]:
                yield chunk[start:i], cjk.is_syllabic(chunk[start])
            start = i


def _trim_apostrophes(word: str, lexicon: Lexicon) -> str:
    """Keep a leading or trailing apostrophe only where it elides letters ('til, singin')."""
    if word.startswith("'") and word not in lexicon:
        word = word[1:]
    if word.endswith("'") and not word.lower().endswith("in'"):
        word = word[:-1]
    return word


def _mark_line_end(words: list[Word]) -> tuple[Word, ...]:
    last = words[-1]
    end = replace(last.syllables[-1], line_end=True)
    return (*words[:-1], replace(last, syllables=(*last.syllables[:-1], end)))


def _blocks(text: str):
    """Yield ((kind, tag text) or None, first line number, [(number, line)]) per block."""
    tag: tuple[str, str] | None = None
    lines: list[tuple[int, str]] = []
    first = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        m = _TAG.match(raw)
        if m or not raw.strip():
            if lines or tag:
                if lines or m:  # a tag then a blank line waits for its lines; another tag ends it
                    yield tag, first, lines
                    tag, lines = None, []
                if not m:
                    continue
            if m:
                name = m.group(1).strip().lower()
                tag = (SECTION_KINDS.get(name, name.replace(" ", "-") or "verse"), raw.strip())
                first = number
            continue
        if not lines and tag is None:
            first = number
        lines.append((number, raw))
    if lines or tag:
        yield tag, first, lines


def analyse_lyrics(text: str, lexicon: Lexicon | None = None) -> LyricsAnalysis:
    lexicon = lexicon or default_lexicon()
    warnings: list[str] = []
    raw_sections: list[tuple[str | None, list[Line]]] = []
    for tag, first, block in _blocks(clean_text(text)):
        lines = []
        for number, raw in block:
            words = _words(raw, lexicon)
            if words:
                lines.append(Line(number, raw.strip(), _mark_line_end(words)))
            else:
                warnings.append(f"line {number} ({raw.strip()[:30]!r}) has nothing to sing; skipped")
        if tag is None and not lines:
            continue
        if tag is not None and not block:
            lines = None  # a bare tag: repeat the last section of this kind
        raw_sections.append((tag[0] if tag else None, lines, first, tag[1] if tag else ""))
    return LyricsAnalysis(_label(raw_sections, warnings), tuple(warnings))


def _label(raw_sections, warnings: list[str]) -> tuple[LyricSection, ...]:
    def words_of(lines):
        return tuple(" ".join(w.text.lower() for w in line.words) for line in lines)

    # Untagged blocks: a block whose words come back later is a chorus, the rest are verses.
    seen: dict[tuple, int] = {}
    for kind, lines, _, _ in raw_sections:
        if kind is None and lines:
            seen[words_of(lines)] = seen.get(words_of(lines), 0) + 1
    resolved = []
    for kind, lines, first, tag in raw_sections:
        if kind is None:
            kind = "chorus" if seen.get(words_of(lines), 0) > 1 else "verse"
        if lines is None:
            earlier = [r for r in resolved if r[0] == kind]
            if not earlier:
                warnings.append(f"line {first}: {tag} has no lines and no earlier {kind} to repeat; skipped")
                continue
            lines = earlier[-1][1]
        if lines:
            resolved.append((kind, lines))
    totals = {k: sum(1 for r in resolved if r[0] == k) for k, _ in resolved}
    counters: dict[str, int] = {}
    sections: list[LyricSection] = []
    first_label: dict[tuple, str] = {}
    for kind, lines in resolved:
        counters[kind] = counters.get(kind, 0) + 1
        name = section_name(kind)
        label = f"{name} {counters[kind]}" if totals[kind] > 1 else name
        key = (kind, words_of(lines))
        sections.append(LyricSection(kind, label, tuple(lines), first_label.get(key)))
        first_label.setdefault(key, label)
    return tuple(sections)


def section_name(kind: str) -> str:
    """What a section kind is called in a label and a tag: "prechorus" -> "Pre-Chorus"."""
    return kind.replace("prechorus", "pre-chorus").replace("-", " ").title().replace("Pre Chorus", "Pre-Chorus")


def format_syllables(line: Line) -> str:
    """'BEAU·ti·ful DAY': syllables joined by '·', primary stress in capitals, '_' per held note."""
    parts = []
    for word in line.words:
        shown = [s.text.upper() if s.stress == 1 else s.text.lower() for s in word.syllables]
        parts.append("·".join(shown) + "_" * (word.syllables[-1].notes - 1))
    return " ".join(parts)
