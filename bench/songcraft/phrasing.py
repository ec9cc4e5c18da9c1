"""Phrases: a breath after each line, lines on the bar grid, phrase and section lengths."""

from __future__ import annotations

from statistics import median

from bench.songcraft.prosody import position
from bench.songcraft.score import Piece

FRAME_SECTIONS = ("intro", "outro")  # the band alone: not phrases of the lyric
WHOLE_PHRASES = (2, 4)  # bars a sung line should take (issue 16)
WHOLE_SECTIONS = (4, 8, 12, 16)  # 12: three 4-bar spans, as in a three-line verse or a 12-bar blues
LONG_REST_BARS = 2  # a vocal rest this long between two lines of one section leaves the band alone


def _anchor(piece: Piece, tick: int) -> int:
    """The bar line a line belongs to: its own when it starts on one, the next one when it is
    a pickup of at most a beat, else the bar it starts in."""
    in_bar = tick % piece.bar
    if in_bar and piece.bar - in_bar <= piece.beat:
        return tick - in_bar + piece.bar
    return tick - in_bar


def line_facts(piece: Piece) -> list[dict]:
    """Per lyric line: its start, end (last note off), the rest after it, and its bars."""
    facts = []
    for k, indices in enumerate(piece.lines):
        start = piece.notes[indices[0]].start
        end = max(piece.notes[i].end for i in indices)
        following = piece.notes[piece.lines[k + 1][0]].start if k + 1 < len(piece.lines) else None
        in_bar = start % piece.bar
        facts.append({
            "start": start, "end": end, "anchor": _anchor(piece, start),
            "last_onset": max(piece.notes[i].start for i in indices),
            "rest_after": None if following is None else following - end,
            "on_grid": in_bar == 0 or piece.bar - in_bar <= piece.beat,
            "notes": len(indices),
        })  # fmt: skip
    for k, fact in enumerate(facts):
        stop = facts[k + 1]["anchor"] if k + 1 < len(facts) else -(-fact["end"] // piece.bar) * piece.bar
        fact["phrase_bars"] = (stop - fact["anchor"]) / piece.bar
        fact["line_bars"] = (fact["end"] - fact["anchor"]) / piece.bar
    return facts


def section_bars(piece: Piece) -> list[tuple[str, float]]:
    """(label, length in bars) for each section marker, the last one to the song's end."""
    marks = piece.sections
    end = -(-piece.end_tick // piece.bar) * piece.bar
    return [
        (label, ((marks[i + 1][0] if i + 1 < len(marks) else end) - tick) / piece.bar)
        for i, (tick, label) in enumerate(marks)
    ]


def long_rests(piece: Piece, facts: list[dict]) -> float | None:
    """Share of the lines followed, inside their section, by a vocal rest of two bars or more:
    a phrase held half empty, which a listener hears as the song stopping (a piece without
    section markers is one section)."""
    same = piece.line_sections or [""] * len(facts)
    inside = [f for k, f in enumerate(facts[:-1]) if same[k] == same[k + 1]]
    if not inside:
        return None
    return sum(f["rest_after"] >= LONG_REST_BARS * piece.bar for f in inside) / len(inside)


def strong_beats_sung(piece: Piece, facts: list[dict]) -> float | None:
    """Of the strong beats inside the lines (from a line's first onset to its last, the last
    note's hold being the line's end), the share on which a syllable starts. Syllable onsets
    on a strong beat are bound by how many syllables a bar sings; this says whether the strong
    beats a line has are used (1.00: each starts a syllable) or held across."""
    onsets = {n.start for n in piece.notes if n.syllable}
    beats = [
        tick
        for f in facts
        for tick in range(-(-f["start"] // piece.beat) * piece.beat, f["last_onset"] + 1, piece.beat)
        if position(piece, tick)[1]
    ]
    return sum(tick in onsets for tick in beats) / len(beats) if beats else None


def phrasing(piece: Piece) -> dict:
    facts = line_facts(piece)
    gaps = [f["rest_after"] for f in facts if f["rest_after"] is not None]
    eighth = piece.ppq // 2
    sung_sections = [bars for label, bars in section_bars(piece) if label.split()[0].lower() not in FRAME_SECTIONS]
    phrase_bars = [f["phrase_bars"] for f in facts]
    return {
        "breath_after_line": sum(g >= eighth for g in gaps) / len(gaps) if gaps else None,
        "lines_on_grid": sum(f["on_grid"] for f in facts) / len(facts) if facts else None,
        "phrase_bars_median": median(phrase_bars) if phrase_bars else None,
        "phrases_of_2_or_4_bars": sum(b in WHOLE_PHRASES for b in phrase_bars) / len(phrase_bars)
        if phrase_bars
        else None,
        "line_bars_median": median(f["line_bars"] for f in facts) if facts else None,
        "sections_whole": sum(b in WHOLE_SECTIONS for b in sung_sections) / len(sung_sections)
        if sung_sections
        else None,
        "long_rest_in_section": long_rests(piece, facts),
        "strong_beats_sung": strong_beats_sung(piece, facts),
        "section_bars": [round(b, 2) for b in sung_sections],
        "lines": len(facts),
    }
