"""Small hand-made songs for the tests."""

from studio.core.song import ChordLabel, KeyChange, MeterChange, Note, Section, Song, TempoChange, Track
from studio.core.theory import Key, Meter


def vocal_notes() -> tuple[Note, ...]:
    words = [("Beau", True), ("ti", True), ("ful", False), ("day", False), ("我", False), ("", False)]
    pitches = [64, 62, 60, 62, 64, 67]
    return tuple(
        Note(pitch, i * 480, 480, 90, lyric, joins) for i, (pitch, (lyric, joins)) in enumerate(zip(pitches, words))
    )


def four_track_song(bars: int = 4) -> Song:
    """Vocal, chords, bass and drums in A minor, 3/4 then 4/4, with a tempo change."""
    bar = 1920
    chords = tuple(Note(p, b * bar, bar, 70) for b in range(bars) for p in (57, 60, 64))
    bass = tuple(Note(45 - (b % 2) * 5, b * bar + beat * 480, 480, 100) for b in range(bars) for beat in range(4))
    kit = {0: 36, 1: 42, 2: 38, 3: 42}
    drums = tuple(Note(kit[i % 4], i * 240, 120, 110) for i in range(bars * 8))
    return Song(
        title="Test song",
        tracks=(
            Track("Vocal", 53, 0, vocal_notes()),
            Track("Chords", 0, 1, chords),
            Track("Bass", 33, 2, bass, volume=0.9, pan=-0.25),
            Track("Drums", 0, 9, drums),
        ),
        tempos=(TempoChange(0, 100.0), TempoChange(bar * 2, 110.0)),
        meters=(MeterChange(0, Meter(4, 4)), MeterChange(bar * 3, Meter(3, 4))),
        keys=(KeyChange(0, Key(9, "minor")),),
        sections=(Section(0, "verse", "Verse 1"), Section(bar * 2, "chorus", "Chorus")),
        chords=(ChordLabel(0, bar, "Am"), ChordLabel(bar, bar, "Dm7")),
        lyrics="Beau-ti-ful day",
        style="pop",
    )


def scale_melodies(count=12):
    """Corpus-style melodies: rising patterns in C major, one syllable per note."""
    from studio.ml.corpus import SYLLABLE, WORD_START, Melody

    melodies = []
    for i in range(count):
        notes = tuple((60 + (k * (i % 3 + 1)) % 12, k * 480, 480, SYLLABLE | WORD_START) for k in range(16))
        melodies.append(Melody(f"essen/t/{i}/0", "essen", f"essen/t/{i}", (4, 4), (0, "major"), notes))
    return melodies


def melody_song(offset: int) -> Song:
    """A sung melody over a chord track and drums, its tempo and pitches moved by ``offset``."""
    bar = 1920
    notes = tuple(Note(60 + (k * 3 + offset) % 8, k * 480, 480, lyric="la") for k in range(24))
    chords = tuple(Note(p, b * bar, bar) for b in range(6) for p in ((48, 52, 55), (55, 59, 62))[b % 2])
    drums = tuple(Note(36, k * 480, 120) for k in range(24))
    return Song(tracks=(Track("Melody", 0, 0, notes), Track("Piano", 0, 1, chords), Track("Drums", 0, 9, drums)),
                tempos=(TempoChange(0, 92.0 + offset),))  # fmt: skip


def midi_folder(folder):
    """A musician's folder: four songs, a broken file, a drums-only and a chords-only file,
    and a text file."""
    from studio.formats.midi_export import write_midi

    folder.mkdir(parents=True)
    for k in range(4):
        write_midi(melody_song(k), folder / f"song{k}.mid")
    (folder / "broken.mid").write_bytes(b"MThd this is not a MIDI file")
    song = melody_song(0)
    write_midi(Song(tracks=(song.tracks[2],)), folder / "drums.mid")
    write_midi(Song(tracks=(song.tracks[1],)), folder / "chords.mid")
    (folder / "notes.txt").write_text("not MIDI")
    return folder
