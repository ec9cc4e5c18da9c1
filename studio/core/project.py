"""``.studio`` project files: versioned JSON, atomic save, strict load.

Layout (version 1)::

    {"format": "studio-project", "version": 1, "song": {
        "title": str, "style": str, "lyrics": str, "voice": str (optional, "female"),
        "tempos": [[tick, bpm], ...], "meters": [[tick, num, den], ...],
        "keys": [[tick, "A minor"], ...],
        "sections": [[start, kind, label], ...], "chords": [[start, duration, symbol], ...],
        "phrases": [tick, ...] (optional: where the sung phrases begin),
        "tracks": [{"name", "program", "channel", "volume", "pan", "muted",
                    "notes": [[pitch, start, duration, velocity, lyric, joins_next, seed], ...]}]}}

Notes are arrays, not objects, because a song holds thousands of them. Loading checks
every value and names the first bad one; nothing in a project file can run code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from studio.core.atomic import atomic_write_text
from studio.core.errors import ProjectError
from studio.core.song import VOICES, ChordLabel, KeyChange, MeterChange, Note, Section, Song, TempoChange, Track
from studio.core.theory import Key, Meter

FORMAT = "studio-project"
VERSION = 1
EXTENSION = ".studio"
MAX_FILE_BYTES = 256 * 1024 * 1024  # far above any real song; refuses to parse a disk image


def song_to_dict(song: Song) -> dict:
    return {
        "title": song.title,
        "style": song.style,
        "lyrics": song.lyrics,
        "voice": song.voice,
        "tempos": [[t.tick, t.bpm] for t in song.tempos],
        "meters": [[m.tick, m.meter.numerator, m.meter.denominator] for m in song.meters],
        "keys": [[k.tick, k.key.name] for k in song.keys],
        "sections": [[s.start, s.kind, s.label] for s in song.sections],
        "chords": [[c.start, c.duration, c.symbol] for c in song.chords],
        "phrases": list(song.phrases),
        "tracks": [
            {
                "name": t.name,
                "program": t.program,
                "channel": t.channel,
                "volume": t.volume,
                "pan": t.pan,
                "muted": t.muted,
                "notes": [[n.pitch, n.start, n.duration, n.velocity, n.lyric, n.joins_next, n.seed] for n in t.notes],
            }
            for t in song.tracks
        ],
    }


class _Invalid(Exception):
    def __init__(self, where: str, why: str):
        super().__init__(f"{where}: {why}")


def _get(obj, key, kind, where: str):
    if not isinstance(obj, dict) or key not in obj:
        raise _Invalid(where, f"'{key}' is missing")
    return _check(obj[key], kind, f"{where}.{key}")


def _check(value, kind, where: str):
    # bool is an int in Python; a project that says "pitch": true is still wrong.
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _Invalid(where, f"expected a whole number, found {value!r:.40}")
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Invalid(where, f"expected a number, found {value!r:.40}")
        return float(value)
    if kind in (str, bool, list, dict) and not isinstance(value, kind):
        raise _Invalid(where, f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def _rows(obj, key, kinds, where: str):
    rows = _get(obj, key, list, where)
    for i, row in enumerate(rows):
        here = f"{where}.{key}[{i}]"
        if not isinstance(row, list) or len(row) != len(kinds):
            raise _Invalid(here, f"expected a list of {len(kinds)} values")
        yield here, [_check(v, k, f"{here}[{j}]") for j, (v, k) in enumerate(zip(row, kinds))]


def _build(where: str, factory, *args):
    """Construct a value object, turning its ValueError into a located message."""
    try:
        return factory(*args)
    except ValueError as exc:
        raise _Invalid(where, str(exc)) from None


def song_from_dict(data: dict) -> Song:
    """Rebuild a Song from the 'song' object; raises _Invalid naming the first bad value."""
    w = "song"
    tracks = []
    for i, t in enumerate(_get(data, "tracks", list, w)):
        tw = f"{w}.tracks[{i}]"
        notes = [_build(here, Note, *row) for here, row in _rows(t, "notes", (int, int, int, int, str, bool, bool), tw)]
        tracks.append(
            _build(
                tw,
                Track,
                _get(t, "name", str, tw),
                _get(t, "program", int, tw),
                _get(t, "channel", int, tw),
                tuple(notes),
                _get(t, "volume", float, tw),
                _get(t, "pan", float, tw),
                _get(t, "muted", bool, tw),
            )
        )
    tempos = [_build(h, TempoChange, *r) for h, r in _rows(data, "tempos", (int, float), w)]
    meters = [
        _build(h, lambda t, n, d: MeterChange(t, Meter(n, d)), *r) for h, r in _rows(data, "meters", (int, int, int), w)
    ]
    keys = [_build(h, lambda t, k: KeyChange(t, Key.parse(k)), *r) for h, r in _rows(data, "keys", (int, str), w)]
    sections = [_build(h, Section, *r) for h, r in _rows(data, "sections", (int, str, str), w)]
    chords = [_build(h, ChordLabel, *r) for h, r in _rows(data, "chords", (int, int, str), w)]
    phrases = (
        [_check(v, int, f"{w}.phrases[{i}]") for i, v in enumerate(_get(data, "phrases", list, w))]
        if ("phrases" in data)
        else []
    )  # older files kept no phrases
    return _build(
        w,
        Song,
        _get(data, "title", str, w),
        tuple(tracks),
        tuple(tempos),
        tuple(meters),
        tuple(keys),
        tuple(sections),
        tuple(chords),
        _get(data, "lyrics", str, w),
        _get(data, "style", str, w),
        _get(data, "voice", str, w) if "voice" in data else VOICES[0],  # older files had no voice
        tuple(phrases),
    )


def dumps(song: Song) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, "song": song_to_dict(song)}, ensure_ascii=False)


def loads(text: str, name: str = "project") -> Song:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ProjectError(f"{name} is not a Studio project (broken JSON: {getattr(exc, 'msg', exc)})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ProjectError(f"{name} is not a Studio project")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ProjectError(f"{name} has no valid format version")
    if version > VERSION:
        raise ProjectError(
            f"{name} was saved by a newer Studio (project format {version}); this version reads up to {VERSION}"
        )
    try:
        return song_from_dict(document.get("song"))
    except _Invalid as exc:
        raise ProjectError(f"{name} is damaged: {exc}") from None


def save_project(song: Song, path: str | os.PathLike) -> None:
    """Write atomically: if anything fails, the previous file at ``path`` is untouched."""
    try:
        atomic_write_text(path, dumps(song))
    except OSError as exc:
        raise ProjectError(f"cannot save {path}: {exc.strerror or exc}") from None


def load_project(path: str | os.PathLike) -> Song:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProjectError(f"{path.name} is too large to be a Studio project")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProjectError(f"{path.name} is not a Studio project (not UTF-8 text)") from None
    except OSError as exc:
        raise ProjectError(f"cannot open {path}: {exc.strerror or exc}") from None
    return loads(text, path.name)


def autosave_path(path: str | os.PathLike) -> Path:
    """Where the autosave of a project lives: beside it, hidden, so a crash loses little."""
    path = Path(path)
    return path.with_name(f".{path.name}.autosave")
