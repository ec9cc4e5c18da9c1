"""Standard MIDI File (type 0 or 1) -> Song, keeping tempo, meter, key, tracks and lyrics.

Any file that mido cannot parse, or that holds no music, gives a MidiError naming the
file; nothing else escapes. Ticks are rescaled to Studio's PPQ.
"""

from __future__ import annotations

import io
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import mido

from studio.core.errors import MidiError
from studio.core.lyrics import SECTION_KINDS
from studio.core.song import (
    DRUM_CHANNEL,
    SEED_NOTES_MAX,
    ChordLabel,
    KeyChange,
    MeterChange,
    Note,
    Section,
    Song,
    TempoChange,
    Track,
)
from studio.core.theory import PPQ, Key, Meter

MAX_FILE_BYTES = 64 * 1024 * 1024  # a long orchestral MIDI is a few MB
CHORD_SYMBOL = re.compile(r"^[A-G][#b]?(m|dim|7|maj7|m7|sus2|sus4|add9)?$")  # what a text event names
MAX_PARTS = 256  # tracks with notes: a big orchestral file has under 100; thousands is an attack


@dataclass
class _Part:
    """Notes of one channel in one file track."""

    track: int
    channel: int
    notes: list[Note] = field(default_factory=list)


@dataclass
class _Reading:
    scale: float
    tempos: list[TempoChange] = field(default_factory=list)
    meters: list[MeterChange] = field(default_factory=list)
    keys: list[KeyChange] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    programs: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    mixer: dict[tuple[int, int], int] = field(default_factory=dict)  # (channel, CC 7 or 10) -> first value
    parts: dict[tuple[int, int], _Part] = field(default_factory=dict)
    lyrics: dict[int, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    chords: list[tuple[int, str]] = field(default_factory=list)  # (tick, symbol) from text events


def _text(value: str) -> str:
    """mido decoded the bytes as Latin-1 (never fails); most modern files are UTF-8."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _read_track(reading: _Reading, index: int, track: mido.MidiTrack) -> None:
    tick = 0
    sounding: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)  # (ch, pitch) -> starts
    for msg in track:
        tick += msg.time
        at = round(tick * reading.scale)
        kind = msg.type
        if kind == "note_on" and msg.velocity > 0:
            sounding[(msg.channel, msg.note)].append((at, msg.velocity))
        elif kind in ("note_off", "note_on"):
            starts = sounding.get((msg.channel, msg.note))
            if starts:
                start, velocity = starts.pop(0)  # first in, first out, as synthesizers do
                _add_note(reading, index, msg.channel, msg.note, start, at, velocity)
        elif kind == "program_change":
            reading.programs[msg.channel].append((at, msg.program))
        elif kind == "control_change" and msg.control in (7, 10):
            reading.mixer.setdefault((msg.channel, msg.control), msg.value)
        elif kind == "set_tempo":
            bpm = min(1000.0, max(1.0, mido.tempo2bpm(msg.tempo) if msg.tempo else 1000.0))
            reading.tempos.append(TempoChange(at, round(bpm, 3)))
        elif kind == "time_signature":
            try:
                reading.meters.append(MeterChange(at, Meter(msg.numerator, msg.denominator)))
            except ValueError:
                pass  # an impossible signature: keep the previous one
        elif kind == "key_signature":
            try:
                reading.keys.append(KeyChange(at, Key.parse(msg.key)))
            except ValueError:
                pass  # mido spells every legal key; anything else is damage
        elif kind == "marker" and _text(msg.text).strip():
            label = _text(msg.text).strip()
            kind_name = SECTION_KINDS.get(label.split()[0].lower().rstrip(":0123456789"), "section")
            reading.sections.append(Section(at, kind_name, label))
        elif kind == "track_name" and index not in reading.names:
            reading.names[index] = _text(msg.name).strip()
        elif kind == "lyrics":
            reading.lyrics[index].append((at, _text(msg.text)))
        elif kind == "text" and CHORD_SYMBOL.match(_text(msg.text).strip()):
            reading.chords.append((at, _text(msg.text).strip()))
    end = round(tick * reading.scale)
    for (channel, pitch), starts in sounding.items():  # notes never released end with the track
        for start, velocity in starts:
            _add_note(reading, index, channel, pitch, start, end, velocity)


def _add_note(reading: _Reading, track: int, channel: int, pitch: int, start: int, end: int, velocity: int) -> None:
    part = reading.parts.setdefault((track, channel), _Part(track, channel))
    part.notes.append(Note(pitch, start, max(1, end - start), max(1, velocity)))


def _attach_lyrics(part: _Part, lyrics: list[tuple[int, str]]) -> int:
    """Put each lyric on the note starting at its tick (or just after it); returns how many fit."""
    by_start: dict[int, list[int]] = defaultdict(list)
    for i, note in enumerate(part.notes):
        by_start[note.start].append(i)
    starts = sorted(by_start)
    tolerance = PPQ // 8
    placed = 0
    for tick, raw in lyrics:
        text = raw.strip().lstrip("/\\")  # karaoke line and paragraph marks
        if not text:
            continue
        joins = text.endswith("-")
        text = text.rstrip("-").strip()
        candidates = [s for s in starts if abs(s - tick) <= tolerance and not part.notes[by_start[s][0]].lyric]
        if not text or not candidates:
            continue
        i = max(by_start[min(candidates, key=lambda s: abs(s - tick))], key=lambda k: part.notes[k].pitch)
        old = part.notes[i]
        part.notes[i] = Note(old.pitch, old.start, old.duration, old.velocity, text, joins)
        placed += 1
    return placed


def _program_at(reading: _Reading, channel: int, tick: int) -> int:
    program = 0
    for at, value in sorted(reading.programs.get(channel, [])):
        if at > tick:
            break
        program = value
    return program


def midi_to_song(midi: mido.MidiFile, title: str, source: str = "") -> Song:
    """``source`` names the file in messages; ``title`` is used when the file names no song."""
    source = source or title
    if midi.type == 2:
        raise MidiError(f"{source}: type 2 MIDI files (several songs in one) are not supported")
    if midi.ticks_per_beat <= 0:
        raise MidiError(f"{source} uses SMPTE time code, which Studio cannot read")
    reading = _Reading(scale=PPQ / midi.ticks_per_beat)
    for index, track in enumerate(midi.tracks):
        _read_track(reading, index, track)
    parts = [p for p in reading.parts.values() if p.notes]
    if not parts:
        raise MidiError(f"{source} holds no notes")
    if len(parts) > MAX_PARTS:
        raise MidiError(f"{source} has {len(parts)} tracks with notes; Studio opens files with up to {MAX_PARTS}")
    for index, lyrics in reading.lyrics.items():
        own = [p for p in parts if p.track == index]
        # Lyrics kept in a track of their own go to the part whose onsets they match best.
        for part in own or sorted(parts, key=lambda p: -_onset_matches(p, lyrics))[:1]:
            if _attach_lyrics(part, lyrics):
                break
    channels_per_track = defaultdict(int)
    for part in parts:
        channels_per_track[part.track] += 1
    tracks = []
    for part in sorted(parts, key=lambda p: (p.track, p.channel)):
        name = reading.names.get(part.track) or ("Drums" if part.channel == DRUM_CHANNEL else f"Track {part.track}")
        if channels_per_track[part.track] > 1:
            name = f"{name} (ch {part.channel + 1})"
        program = _program_at(reading, part.channel, min(n.start for n in part.notes))
        volume = min(2.0, reading.mixer.get((part.channel, 7), 100) / 100)
        pan = max(-1.0, min(1.0, (reading.mixer.get((part.channel, 10), 64) - 64) / 63))
        tracks.append(Track(name, program, part.channel, tuple(part.notes), volume, round(pan, 2)))
    conductor_name = reading.names.get(0, "") if (0, 0) not in reading.parts and midi.type == 1 else ""
    return Song(
        title=conductor_name or title,
        tracks=tuple(tracks),
        tempos=tuple(_first_per_tick(reading.tempos)),
        meters=tuple(_first_per_tick(reading.meters)),
        keys=tuple(_first_per_tick(reading.keys)),
        sections=tuple(reading.sections),
        chords=tuple(_chord_labels(reading.chords, max((t.end for t in tracks), default=0))),
    )


def _chord_labels(chords: list[tuple[int, str]], end: int) -> list[ChordLabel]:
    """Each chord lasts until the next one (or the song's end)."""
    chords = sorted(dict(chords).items())
    ends = [tick for tick, _ in chords[1:]] + [max(end, chords[-1][0] + 1)] if chords else []
    return [ChordLabel(tick, stop - tick, symbol) for (tick, symbol), stop in zip(chords, ends) if stop > tick]


def _onset_matches(part: _Part, lyrics: list[tuple[int, str]]) -> int:
    starts = {n.start for n in part.notes}
    return sum(1 for tick, _ in lyrics if tick in starts)


def _first_per_tick(changes: list) -> list:
    """One change per tick (the last one written wins), with the first moved to tick 0."""
    by_tick = {c.tick: c for c in changes}
    ordered = [by_tick[t] for t in sorted(by_tick)]
    if ordered and ordered[0].tick != 0:
        ordered[0] = replace(ordered[0], tick=0)
    return ordered


def read_midi(path: str | os.PathLike) -> Song:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise MidiError(f"{path.name} is too large for a MIDI file")
    except OSError as exc:
        raise MidiError(f"cannot open {path}: {exc.strerror or exc}") from None
    return _parsed(lambda: mido.MidiFile(path, charset="latin-1", clip=True), path.stem, path.name)


def read_midi_bytes(data: bytes, name: str = "song.mid") -> Song:
    """A MIDI file's bytes (a drag and drop, a fuzzer) as a Song; the same checks as read_midi."""
    if len(data) > MAX_FILE_BYTES:
        raise MidiError(f"{name} is too large for a MIDI file")
    return _parsed(lambda: mido.MidiFile(file=io.BytesIO(data), charset="latin-1", clip=True), Path(name).stem, name)


def _parsed(open_midi, title: str, name: str) -> Song:
    try:
        midi = open_midi()
    except OSError as exc:
        if exc.strerror:
            raise MidiError(f"cannot open {name}: {exc.strerror}") from None
        raise MidiError(f"{name} is not a readable MIDI file ({exc})") from None
    except Exception as exc:  # mido raises EOFError, ValueError, KeyError, ... on damaged files
        reason = str(exc) or type(exc).__name__
        raise MidiError(f"{name} is not a readable MIDI file ({reason[:80]})") from None
    return midi_to_song(midi, title, name)


def read_seed_notes(path, at: int = 0) -> tuple[Note, ...]:
    """The opening of a MIDI file's melody as seed notes (no lyrics) starting at tick ``at``."""
    track = read_midi(path).melody_track()
    if track is None:
        raise MidiError(f"{Path(path).name} has no melody to start from")
    notes = sorted(track.notes, key=lambda n: n.start)[:SEED_NOTES_MAX]
    first = notes[0].start
    return tuple(replace(n.moved(at - first), lyric="", joins_next=False, seed=True) for n in notes)
