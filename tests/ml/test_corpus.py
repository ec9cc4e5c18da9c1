import gzip
import json

import pytest

from studio.ml.corpus import (
    LINE_END,
    SYLLABLE,
    WORD_END,
    WORD_START,
    Melody,
    melodies_in_file,
    read_cache,
    source_files,
)
from studio.ml.split import fingerprint, group_melodies, make_split, read_split, write_split

pytest.importorskip("music21")


def test_every_collection_has_source_files():
    for collection, at_least in [("essen", 30), ("oneills", 30), ("bach", 400), ("monteverdi", 40)]:
        assert len(source_files(collection)) >= at_least


def test_chorale_soprano_keeps_lyric_flags_fermatas_and_pickup():
    path = next(p for p in source_files("bach") if p.stem == "bwv104.6")
    (melody,) = melodies_in_file(path, "bach")
    assert melody.meter == (4, 4)
    first = melody.notes[0]
    assert first[1] == 1440  # a one-beat pickup starts on beat 4 of a padded bar
    assert first[3] & SYLLABLE and first[3] & WORD_START
    assert sum(1 for n in melody.notes if n[3] & LINE_END) >= 4  # one fermata per chorale line
    assert sum(1 for n in melody.notes if n[3] & WORD_END) >= 10
    assert all(b[1] >= a[1] + a[2] for a, b in zip(melody.notes, melody.notes[1:]))  # one line


def test_cache_round_trip(tmp_path):
    melody = Melody("x/y/1/0", "essen", "x/y/1", (3, 4), (7, "major"), ((67, 0, 480, 0), (69, 480, 480, 8)))
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt") as out:
        out.write(json.dumps({"version": 1}) + "\n" + melody.to_json() + "\n")
    assert list(read_cache(path)) == [melody]


def melody(id_, collection, work, pitches):
    notes = tuple((p, i * 480, 480, 0) for i, p in enumerate(pitches))
    return Melody(id_, collection, work, (4, 4), (0, "major"), notes)


def test_same_tune_in_two_files_or_keys_is_one_group():
    tune = [60, 62, 64, 65, 67, 65, 64, 62, 60, 60, 62, 64]
    a = melody("a/1/0", "oneills", "a/1", tune)
    b = melody("b/7/0", "ryans", "b/7", [p + 5 for p in tune])  # transposed copy
    c = melody("c/2/0", "ryans", "c/2", list(reversed(tune)))
    d = melody("c/2/1", "ryans", "c/2", tune[::2] * 2)  # another part of work c/2
    groups = group_melodies([a, b, c, d])
    assert fingerprint(a) == fingerprint(b)
    assert groups["a/1/0"] == groups["b/7/0"] != groups["c/2/0"] == groups["c/2/1"]


def test_split_keeps_groups_together_and_tests_every_collection(tmp_path):
    melodies = []
    for collection in ("essen", "bach"):
        for i in range(200):
            pitches = [60 + (i * 7 + k * (i % 5 + 1)) % 12 for k in range(12)]
            melodies.append(melody(f"{collection}/{i}/0", collection, f"{collection}/{i}", pitches))
    split = make_split(melodies)
    for collection in ("essen", "bach"):
        ids = [m.id for m in melodies if m.collection == collection]
        assert sum(split[i] == "test" for i in ids) >= 0.05 * len(ids)
    groups = group_melodies(melodies)
    for a in melodies:
        for b in melodies:
            if groups[a.id] == groups[b.id]:
                assert split[a.id] == split[b.id]
    write_split(split, tmp_path)
    test, valid = read_split(tmp_path)
    assert test == {i for i, s in split.items() if s == "test"} and not test & valid


def test_a_musicians_song_becomes_a_training_melody(four_track_song):
    from studio.ml.corpus import melody_from_song

    melody = melody_from_song(four_track_song, "mine", "user1")
    assert melody is None  # the test song's vocal has 6 notes: too short to learn from

    from studio.core.song import Note, Song, Track

    scale = [0, 2, 4, 5, 7, 9, 11, 12, 7, 4, 0, 7, 4, 2, 0, 0]  # D major, up and home
    notes = tuple(Note(62 + step, i * 480, 480, lyric="la" if i % 2 else "") for i, step in enumerate(scale))
    melody = melody_from_song(Song(tracks=(Track("Piano", notes=notes),)), "mine", "user1")
    assert melody.id == "user1/mine/0" and melody.key == (2, "major")  # estimated: no signature
    assert [n[0] for n in melody.notes[:4]] == [62, 64, 66, 67]
    assert melody.notes[1][3] & SYLLABLE and not melody.notes[0][3] & SYLLABLE
