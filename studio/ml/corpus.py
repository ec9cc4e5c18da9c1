"""The offline training corpus: monophonic melodies from the music21 wheel.

Parsed once (about ten minutes on two cores) into a compact gzip JSON-lines cache of plain
numbers, rebuilt by ``studio corpus``; nothing from music21 is pickled. Each melody keeps
its meter, key and per-note lyric flags (syllable onset, word start/end, line end) where
the source has lyrics: the Bach chorale sopranos and the Monteverdi/Trecento vocal parts.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from studio.core.theory import PPQ

CACHE_VERSION = 1
# collection id -> music21 corpus folder
COLLECTIONS = {
    "essen": "essenFolksong",
    "oneills": "oneills1850",
    "ryans": "ryansMammoth",
    "airds": "airdsAirs",
    "bach": "bach",
    "monteverdi": "monteverdi",
    "trecento": "trecento",
}
LYRIC_COLLECTIONS = {"bach", "monteverdi", "trecento"}
MIN_NOTES = 8

SYLLABLE, WORD_START, WORD_END, LINE_END = 1, 2, 4, 8  # per-note flag bits


@dataclass(frozen=True)
class Melody:
    id: str  # "essen/han1/23", "bach/bwv10.7/0"
    collection: str
    work: str  # the file and tune number: parts of one work share it
    meter: tuple[int, int]
    key: tuple[int, str]  # tonic pitch class, "major"/"minor"
    notes: tuple[tuple[int, int, int, int], ...]  # (pitch, start tick, duration ticks, flags)

    def to_json(self) -> str:
        return json.dumps(
            {"id": self.id, "collection": self.collection, "work": self.work, "meter": self.meter,
             "key": self.key, "notes": self.notes},
            separators=(",", ":"),
        )  # fmt: skip

    @classmethod
    def from_json(cls, line: str) -> Melody:
        d = json.loads(line)
        notes = tuple(tuple(n) for n in d["notes"])
        return cls(d["id"], d["collection"], d["work"], tuple(d["meter"]), tuple(d["key"]), notes)


def melody_from_song(song, name: str, collection: str) -> Melody | None:
    """A musician's song (say, an imported MIDI file) as a training melody, or None.

    The melody track's notes are made monophonic (highest note at an onset, each cut where
    the next begins); the key is the file's key signature or, when it has none, estimated.
    """
    from studio.core.song import monophonic
    from studio.core.theory import Key, estimate_key

    track = song.melody_track()
    if track is None:
        return None
    line = monophonic(track.notes)
    notes = []
    for note, length in line:
        flags = (SYLLABLE | WORD_START | (0 if note.joins_next else WORD_END)) if note.lyric else 0
        notes.append((note.pitch, note.start, length, flags))
    if len(notes) < MIN_NOTES:
        return None
    # C major is also what a file without a key signature reads as: then listen instead.
    key = song.key if song.key != Key(0, "major") else estimate_key((n.pitch, length) for n, length in line)
    meter = song.meter
    return Melody(f"{collection}/{name}/0", collection, f"{collection}/{name}", (meter.numerator, meter.denominator),
                  (key.tonic, key.mode), tuple(notes))  # fmt: skip


def corpus_root() -> Path:
    import music21

    return Path(music21.__file__).parent / "corpus"


def source_files(collection: str) -> list[Path]:
    folder = corpus_root() / COLLECTIONS[collection]
    suffixes = {".abc", ".mxl", ".xml", ".musicxml", ".krn"}
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in suffixes)


def _flags(note) -> int:
    flags = 0
    if note.lyrics and note.lyrics[0].text and note.lyrics[0].text.strip():
        syllabic = note.lyrics[0].syllabic or "single"
        flags |= SYLLABLE
        if syllabic in ("begin", "single", "composite"):
            flags |= WORD_START
        if syllabic in ("end", "single", "composite"):
            flags |= WORD_END
    if any(type(e).__name__ == "Fermata" for e in note.expressions):
        flags |= LINE_END  # chorale lines end on a fermata
    return flags


def key_of(part) -> tuple[int, str]:
    from music21 import key

    found = next(iter(part.recurse().getElementsByClass(key.Key)), None)
    if found is None:
        found = part.analyze("key")
    mode = "minor" if found.mode == "minor" else "major"
    return found.tonic.pitchClass, mode


def meter_of(part) -> tuple[int, int]:
    from music21 import meter

    ts = next(iter(part.recurse().getElementsByClass(meter.TimeSignature)), None)
    return (ts.numerator, ts.denominator) if ts else (4, 4)


def timed_notes(part):
    """(note or chord, start tick) for a part's notes, ticks from a full first bar (a pickup
    is padded); grace notes are left out."""
    measures = part.getElementsByClass("Measure")
    pickup = measures[0].paddingLeft if len(measures) else 0.0
    for element in part.flatten().stripTies().notes:
        if element.duration.isGrace or element.quarterLength <= 0:
            continue
        yield element, round((element.offset + pickup) * PPQ)


def extract_part(part, collection: str, work: str, index: int) -> Melody | None:
    """One monophonic line with ticks measured from a full bar (pickups padded), or None."""
    from music21 import meter

    signatures = {ts.ratioString for ts in part.recurse().getElementsByClass(meter.TimeSignature)}
    if len(signatures) > 1:
        return None  # meter changes: rare in these songs, and our bar tokens assume one meter
    numerator, denominator = meter_of(part)
    notes = []
    for element, start in timed_notes(part):
        pitch = max(p.midi for p in element.pitches) if element.isChord else element.pitch.midi
        if notes and start < notes[-1][1] + notes[-1][2]:  # overlap: not a single line
            if start == notes[-1][1]:
                continue
            notes[-1] = (*notes[-1][:2], start - notes[-1][1], notes[-1][3])
        notes.append((pitch, start, round(element.quarterLength * PPQ), _flags(element)))
    if len(notes) < MIN_NOTES:
        return None
    last = notes[-1]
    notes[-1] = (*last[:3], last[3] | LINE_END)
    tonic, mode = key_of(part)
    return Melody(f"{work}/{index}", collection, work, (numerator, denominator), (tonic, mode), tuple(notes))


def _lyric_share(part) -> float:
    notes = list(part.recurse().notes)
    return sum(1 for n in notes if n.lyric) / len(notes) if notes else 0.0


def melodies_in_file(path: Path, collection: str) -> list[Melody]:
    from music21 import converter, stream

    parsed = converter.parse(str(path), forceSource=True, storePickle=False)
    scores = parsed.scores if isinstance(parsed, stream.Opus) else [parsed]
    found = []
    for number, score in enumerate(scores):
        tune = getattr(score.metadata, "number", None) if score.metadata else None
        work = f"{collection}/{path.stem}/{tune or number}"
        parts = list(score.parts) or [score]
        if collection in LYRIC_COLLECTIONS:
            parts = [p for p in parts if _lyric_share(p) >= 0.5]
        elif len(parts) > 1:
            parts = parts[:1]  # folk tunes: the melody line
        for index, part in enumerate(parts):
            melody = extract_part(part, collection, work, index)
            if melody:
                found.append(melody)
    return found


def _parse_job(job: tuple[str, str]) -> tuple[list[str], str | None]:
    path, collection = job
    try:
        return [m.to_json() for m in melodies_in_file(Path(path), collection)], None
    except Exception as exc:  # one damaged source file must not stop the build
        return [], f"{Path(path).name}: {type(exc).__name__}: {exc}"


def build_cache(
    target: Path,
    collections=tuple(COLLECTIONS),
    processes: int | None = None,
    on_progress: Callable[[str, float], None] | None = None,
) -> dict:
    """Parse every source file into ``target`` (gzip JSON lines, written atomically)."""
    from multiprocessing import get_context

    from studio.core.atomic import atomic_write

    jobs = [(str(p), c) for c in collections for p in source_files(c)]
    lines, problems = [], []
    with get_context("spawn").Pool(processes or min(2, os.cpu_count() or 1)) as pool:
        for done, (found, problem) in enumerate(pool.imap_unordered(_parse_job, jobs, chunksize=1), start=1):
            lines += found
            if problem:
                problems.append(problem)
            if on_progress:
                on_progress(f"parsed {done}/{len(jobs)} files", done / len(jobs))
    lines.sort()  # the order of the pool is not reproducible; the cache must be
    header = json.dumps({"version": CACHE_VERSION, "melodies": len(lines), "problems": problems})

    def write(tmp: Path) -> None:
        with gzip.open(tmp, "wt", encoding="utf-8") as out:
            out.write(header + "\n")
            out.writelines(line + "\n" for line in lines)

    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, write)
    return {"melodies": len(lines), "files": len(jobs), "problems": problems}


def read_cache(path: Path) -> Iterator[Melody]:
    with gzip.open(path, "rt", encoding="utf-8") as source:
        header = json.loads(source.readline())
        if header.get("version") != CACHE_VERSION:
            raise ValueError(f"corpus cache {path} is version {header.get('version')}; rebuild it")
        for line in source:
            yield Melody.from_json(line)
