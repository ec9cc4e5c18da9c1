"""Which sung words the recogniser missed, and where they sat in the song.

    .venv/bin/python bench/songcraft_words.py [docs/musicality.json]

Each song the songcraft benchmark heard (its ``heard_dry`` transcript) is written again by
the same code from its style, lyric and seed (no audio: the notes are the ones that were
sung), and each sung word is aligned with the transcript (jiwer's alignment, the words the
error rate counts). A word is heard right where the alignment keeps it; insertions are not
anyone's word and are left out, so the shares here sum to a little under the error rate.
Printed: the share of words heard wrong by voice, seconds per syllable, pitch (3-semitone
bins), the rest before the word, its syllable count and its first phone, then the commonest
confusions. docs/decisions.md ("A key for the singer") quotes these tables.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.songcraft.asr import normalise  # noqa: E402
from bench.songcraft.measure import lyric_set, written_piece  # noqa: E402
from bench.songcraft.prosody import first_phone  # noqa: E402
from bench.songcraft.score import Piece, sung_words  # noqa: E402

PHRASE_REST = 0.15  # seconds: a gap this long before a word starts a phrase


@dataclass(frozen=True)
class SungWord:
    token: str  # as the error rate compares it
    pitch: float  # mean MIDI pitch of its notes
    per_syllable: float  # seconds from its first onset to its last note's end, per syllable
    rest_before: float | None  # seconds since the word before ended; None for the song's first
    syllables: int
    first_phone: str  # CMU phone without stress, "?" where the dictionary has no entry


def sung_word_places(piece: Piece) -> list[SungWord]:
    """The song's sung words in order, one per token of the normalised lyric."""
    words, previous_end = [], None
    for word, indices in sung_words(piece.notes):
        notes = [piece.notes[i] for i in indices]
        start, end = piece.seconds(notes[0].start), piece.seconds(notes[-1].end)
        text = normalise(word)
        first = first_phone(text) or "?"
        rest = None if previous_end is None else start - previous_end
        pitch = sum(n.pitch for n in notes) / len(notes)
        for token in text.split():
            words.append(SungWord(token, pitch, (end - start) / len(indices), rest, len(indices), first))
        previous_end = end
    return words


def heard_right(reference: list[str], heard: str) -> tuple[list[bool], list[tuple[str, str]]]:
    """Per reference token, whether the alignment kept it; and each confusion (sung, heard)."""
    import jiwer

    output = jiwer.process_words(" ".join(reference), normalise(heard) or "-")
    kept, confusions = [False] * len(reference), []
    hypothesis = output.hypotheses[0]
    for chunk in output.alignments[0]:
        sung = " ".join(reference[chunk.ref_start_idx : chunk.ref_end_idx])
        if chunk.type == "equal":
            kept[chunk.ref_start_idx : chunk.ref_end_idx] = [True] * (chunk.ref_end_idx - chunk.ref_start_idx)
        elif chunk.type != "insert":
            confusions.append((sung, " ".join(hypothesis[chunk.hyp_start_idx : chunk.hyp_end_idx])))
    return kept, confusions


def _rest_bin(rest: float | None) -> str:
    """In a phrase, after a rest too short for an inhale, after one with it, after a long one."""
    if rest is None:
        return "song's first"
    if rest < PHRASE_REST:
        return "in a phrase"
    return "< 0.3 s" if rest < 0.3 else "0.3-1.2 s" if rest < 1.2 else ">= 1.2 s"


def _length_bin(seconds: float) -> str:
    return next((f"<= {limit} s" for limit in (0.3, 0.5, 0.8) if seconds <= limit), "> 0.8 s")


BINS = {
    "seconds per syllable": lambda w: _length_bin(w.per_syllable),
    "pitch (MIDI, 3-semitone bins)": lambda w: int(w.pitch) // 3 * 3,
    "rest before the word": lambda w: _rest_bin(w.rest_before),
    "syllables": lambda w: min(w.syllables, 3),
    "first phone (20 words or more)": lambda w: w.first_phone,
}


def table(rows: list[tuple[str, SungWord, bool]], title: str, key) -> list[str]:
    groups: dict[tuple, list[bool]] = defaultdict(list)
    for voice, word, right in rows:
        groups[(voice, key(word))].append(right)
    lines = [f"{title}:"]
    for (voice, value), marks in sorted(groups.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        if title.startswith("first phone") and len(marks) < 20:
            continue
        lines.append(f"  {voice:6} {value!s:>14}  wrong {1 - sum(marks) / len(marks):.3f}  ({len(marks)} words)")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", type=Path, default=ROOT / "docs" / "musicality.json")
    args = parser.parse_args(argv)
    from studio.app.engine import Engine
    from studio.compose.pipeline import generate
    from studio.compose.request import SongRequest
    from studio.core.settings import load_settings

    heard = [s for s in json.loads(args.results.read_text())["songs"] if s.get("heard_dry") is not None]
    lyrics = {lyric.name: lyric for lyric in lyric_set()}
    models = Engine(load_settings()[0]).models()
    rows, confusions = [], Counter()
    with tempfile.TemporaryDirectory() as scratch:
        for figures in heard:
            lyric = lyrics[figures["lyric"]]
            request = SongRequest(lyric.text, figures["style"], seed=figures["seed"], title=lyric.name)
            song = generate(request, models, lambda *_: None)
            words = sung_word_places(written_piece(song, lyric, Path(scratch)))
            kept, confused = heard_right([w.token for w in words], figures["heard_dry"])
            rows += [(song.voice, word, right) for word, right in zip(words, kept)]
            confusions.update(confused)
    wrong = sum(not right for *_, right in rows)
    print(f"{len(heard)} songs, {len(rows)} sung words, {wrong / len(rows):.3f} heard wrong ({args.results})")
    for title, key in BINS.items():
        print("\n".join(table(rows, title, key)))
    print("commonest confusions (sung -> heard):")
    for (sung, instead), count in confusions.most_common(15):
        print(f"  {count:3}  {sung!r} -> {instead!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
