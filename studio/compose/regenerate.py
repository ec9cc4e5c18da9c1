"""Regenerate a stretch of a song: new notes for the syllables sung there, the rest stays.

The melody model writes the whole song again with a new seed (it needs the context), and
only the pitches of the syllables that start inside the range are taken from it. Their
timing and words stay, so the singer's rhythm and the lyric alignment are untouched. The
chords and the band are then worked out again for the new melody, and only the bars of
the range are replaced in each track.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from statistics import median

from studio.compose.arrange import ChordSlot, Span, arrange
from studio.compose.pipeline import Models, generate, harmonize
from studio.compose.progression import tonic_state
from studio.compose.request import SongRequest
from studio.compose.styles import get_style
from studio.core.errors import StudioError
from studio.core.song import ChordLabel, Note, Song
from studio.core.theory import chord_from_symbol, chord_symbol

Syllables = list[list[Note]]


def sung_syllables(notes) -> Syllables:
    """Notes grouped by the syllable they sing: a lyric note and the melisma after it."""
    syllables: Syllables = []
    for note in sorted(notes, key=lambda n: n.start):
        if note.lyric or not syllables:
            syllables.append([note])
        else:
            syllables[-1].append(note)
    return syllables


def regenerate_range(
    song: Song,
    request: SongRequest,
    models: Models,
    start: int,
    end: int,
    on_progress: Callable[[str, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Song:
    """``song`` with new pitches for the syllables starting in ticks [start, end), and the
    chords and band of those bars arranged again; ``request`` gives the new seed."""
    melody_track = song.melody_track()
    if melody_track is None or not any(n.lyric for n in melody_track.notes):
        raise StudioError("the song has no sung melody to regenerate")
    old = sung_syllables(melody_track.notes)
    inside = [k for k, notes in enumerate(old) if start <= notes[0].start < end]
    if not inside:
        raise StudioError("no sung note starts in the selection: select the notes to write again")
    style = get_style(song.style or request.style)
    intro = next((s for s in song.sections if s.kind == "intro"), None)
    first_sung = next((s.start for s in song.sections if s.kind != "intro"), 0)
    fresh_request = replace(request, lyrics=song.lyrics or request.lyrics, style=style.id, key=song.key,
                            tempo=song.bpm, seed_notes=(),
                            intro_bars=first_sung // song.meter.bar_ticks if intro else 0)  # fmt: skip
    chords = _song_slots(song) if style.loops and song.chords else None
    fresh_song = generate(fresh_request, models, on_progress, should_stop, chords)
    fresh = sung_syllables(fresh_song.melody_track().notes)
    if [s[0].lyric for s in fresh] != [s[0].lyric for s in old]:
        raise StudioError("the lyrics changed since this song was written: generate the whole song instead")
    # The fresh melody is written for the voice again; its octave is matched to the song's so
    # a regenerated stretch never jumps an octave away from the notes around it.
    octave = 12 * round((median(n.pitch for s in old for n in s) - median(n.pitch for s in fresh for n in s)) / 12)
    melody = []
    for k, notes in enumerate(old):
        if k in inside:
            pitches = [n.pitch + octave for n in fresh[k]]
            notes = [replace(n, pitch=pitches[min(j, len(pitches) - 1)], seed=False) for j, n in enumerate(notes)]
        melody += notes
    return _rearranged(song, tuple(melody), style, models, start, end)


def _song_slots(song: Song) -> list[ChordSlot]:
    tonic = song.key.tonic
    slots = []
    for chord in song.chords:
        state = chord_from_symbol(chord.symbol, tonic)
        if state is None:
            state = tonic_state(song.key)
        slots.append(ChordSlot(chord.start, chord.start + chord.duration, state))
    return slots


def rechord(song: Song, chords, models: Models, start: int, end: int) -> Song:
    """``song`` with the musician's chords: the band plays them again in the bars of ticks
    [start, end), the melody stays note for note, the chord symbols stay as typed."""
    for chord in chords:
        if chord_from_symbol(chord.symbol, song.key.tonic) is None:
            raise StudioError(f"{chord.symbol!r} is not a chord symbol Studio can play (try Am, F#m7, Bb, Csus4)")
    song = replace(song, chords=tuple(sorted(chords, key=lambda c: c.start)))
    melody_track = song.melody_track()
    melody = tuple(sorted(melody_track.notes, key=lambda n: n.start)) if melody_track else ()
    return _rearranged(song, melody, get_style(song.style or "pop"), models, start, end, _song_slots(song))


def _rearranged(
    song: Song, melody: tuple[Note, ...], style, models: Models, start: int, end: int, slots: list | None = None
) -> Song:
    """The bars of [start, end) played again by the band over ``slots`` (given: the song's own
    chords, kept as written; None: the chords are worked out again for the melody)."""
    bar = song.meter.bar_ticks
    first, last = start // bar * bar, -(-end // bar) * bar  # whole bars: chords change on bars
    sections = list(song.sections)
    spans = [
        Span(s.start, sections[i + 1].start if i + 1 < len(sections) else song.end_tick, s.kind, s.label)
        for i, s in enumerate(sections)
    ]
    given = slots is not None
    if slots is None and style.loops and song.chords:  # chords first: the melody follows the song's own
        slots = _song_slots(song)
    elif slots is None:
        sung_start = next((s.start for s in spans if s.kind != "intro"), 0)
        sung_end = -(-max(n.end for n in melody) // bar) * bar
        outro = next((s for s in spans if s.kind == "outro"), None)
        outro_bars = (outro.end - outro.start) // bar if outro else 0
        slots = harmonize(models.harmony, style, song.key, melody, sung_start, sung_end, bar, outro_bars)
    band = {t.name: t for t in arrange(style, song.key, melody, spans, slots, bar)}
    melody_track = song.melody_track()
    tracks = []
    for track in song.tracks:
        if track is melody_track:
            tracks.append(track.with_notes(melody))
        elif track.name in band:
            kept = [n for n in track.notes if not first <= n.start < last]
            new = [n for n in band[track.name].notes if first <= n.start < last]
            tracks.append(track.with_notes(kept + new))
        else:
            tracks.append(track)
    if given:
        return replace(song, tracks=tuple(tracks))
    chords = [c for c in song.chords if not first <= c.start < last]
    key = song.key
    chords += [
        ChordLabel(
            max(s.start, first),
            min(s.end, last) - max(s.start, first),
            chord_symbol(s.state, key.tonic, key.uses_flats),
        )
        for s in slots
        if s.start < last and s.end > first
    ]
    return replace(song, tracks=tuple(tracks), chords=tuple(chords))
