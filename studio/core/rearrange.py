"""Sections as units: a sung section duplicated, or moved before or after its neighbour.

The song is cut at its sections' starts and put together again in the new order: every
track's notes, the chords and the phrases move with the section they start in, the sung
notes with the section whose syllables they sing (a pickup before the bar line goes with
its line), the intro stays first and the outro last. The lyric text is written again in the
new order, one tag per section, and the labels are counted again ("Verse 2").
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from studio.core.commands import CommandError
from studio.core.lyrics import analyse_lyrics, section_name
from studio.core.song import Section, Song

FRAME_KINDS = ("intro", "outro")  # the band alone: they stay at the ends


def duplicate_section(song: Song, index: int) -> Song:
    """The song with section ``index`` sung twice in a row."""
    order = _sung(song)
    if index not in order:
        raise CommandError("only a sung section can be duplicated")
    at = order.index(index)
    return _reordered(song, order[: at + 1] + [index] + order[at + 1 :])


def move_section(song: Song, index: int, step: int) -> Song:
    """The song with section ``index`` swapped with the sung section before (step -1) or after (+1)."""
    order = _sung(song)
    if index not in order:
        raise CommandError("only a sung section can be moved")
    at = order.index(index)
    if not 0 <= at + step < len(order):
        end = "first" if step < 0 else "last"
        raise CommandError(f"{song.sections[index].label} is already the {end} sung section")
    order[at], order[at + step] = order[at + step], order[at]
    return _reordered(song, order)


def _sung(song: Song) -> list[int]:
    return [i for i, s in enumerate(song.sections) if s.kind not in FRAME_KINDS]


def _reordered(song: Song, order: list[int]) -> Song:
    analysis = analyse_lyrics(song.lyrics)
    sung = _sung(song)
    if len(sung) != len(analysis.sections):
        raise CommandError("the lyrics changed since this song was written: generate it again, then move its sections")
    starts = [s.start for s in song.sections]
    ends = starts[1:] + [song.end_tick]
    lyric_of = {section: k for k, section in enumerate(sung)}  # song section -> lyric section
    intro_end = starts[sung[0]]
    outro = next((i for i in range(sung[-1] + 1, len(starts)) if song.sections[i].kind == "outro"), None)
    # the new start of every sung section, then the outro after them
    cursor, moved_to = intro_end, []
    for section in order:
        moved_to.append(cursor)
        cursor += ends[section] - starts[section]
    outro_shift = cursor - (starts[outro] if outro is not None else ends[sung[-1]])

    def shifts_of(section: int) -> list[int]:
        """How far each copy of the section moves (a duplicated one is there twice)."""
        return [moved_to[k] - starts[section] for k, s in enumerate(order) if s == section]

    def shifts_at(tick: int) -> list[int]:
        section = bisect_right(starts, tick) - 1
        if section < sung[0] or section < 0:
            return [0]  # the intro
        if section > sung[-1]:
            return [outro_shift]
        return shifts_of(section)

    melody = song.melody_track()
    owners = _sung_owners(melody, analysis, sung) if melody is not None else {}
    tracks = []
    for track in song.tracks:
        notes = []
        for number, note in enumerate(track.notes):
            owner = owners.get(number) if track is melody else None
            notes += [note.moved(s) for s in (shifts_of(owner) if owner is not None else shifts_at(note.start))]
        tracks.append(track.with_notes(notes))
    chords = [replace(c, start=c.start + s) for c in song.chords for s in shifts_at(c.start)]
    phrases = [p + s for p in song.phrases for s in shifts_at(p)]
    lyric_sections = [analysis.sections[lyric_of[s]] for s in order]
    text = "\n\n".join(
        "\n".join([f"[{section_name(ls.kind)}]", *(line.text for line in ls.lines)]) for ls in lyric_sections
    )
    labels = [s.label for s in analyse_lyrics(text).sections]
    sections = [song.sections[i] for i in range(sung[0])]
    sections += [Section(moved_to[k], song.sections[s].kind, labels[k]) for k, s in enumerate(order)]
    if outro is not None:
        sections += [replace(s, start=s.start + outro_shift) for s in song.sections[outro:]]
    return replace(song, tracks=tuple(tracks), chords=tuple(chords), phrases=tuple(phrases),
                   sections=tuple(sections), lyrics=text + "\n")  # fmt: skip


def _sung_owners(melody, analysis, sung: list[int]) -> dict[int, int]:
    """{index of a note in the melody track: the song section whose words it sings}, by
    counting syllables in order (a held note goes with the syllable before it)."""
    bounds, total = [], 0
    for lyric_section in analysis.sections:
        total += sum(len(line.syllables) for line in lyric_section.lines)
        bounds.append(total)
    owners, sung_so_far, current = {}, 0, None
    for number in sorted(range(len(melody.notes)), key=lambda k: melody.notes[k].start):
        note = melody.notes[number]
        if note.lyric:
            lyric_section = min(bisect_right(bounds, sung_so_far), len(bounds) - 1)
            current = sung[lyric_section]
            sung_so_far += 1
        if current is not None:
            owners[number] = current
    return owners
