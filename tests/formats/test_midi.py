import mido
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.core.errors import MidiError
from studio.core.song import ChordLabel, Note, Song, Track
from studio.formats.midi_export import song_to_midi, write_midi
from studio.formats.midi_import import read_midi


@pytest.fixture
def written(tmp_path, four_track_song):
    path = tmp_path / "song.mid"
    write_midi(four_track_song, path)
    return path


def test_round_trip_keeps_notes_lyrics_tempo_meter_key(written, four_track_song):
    song = read_midi(written)
    assert song.tracks == four_track_song.tracks
    assert song.tempos == four_track_song.tempos
    assert song.meters == four_track_song.meters
    assert song.keys == four_track_song.keys
    assert song.sections == four_track_song.sections
    assert song.title == four_track_song.title


def test_file_follows_the_daw_conventions(written):
    midi = mido.MidiFile(written, charset="utf-8")
    assert midi.type == 1 and midi.ticks_per_beat == 480
    conductor = {m.type for m in midi.tracks[0]}
    assert {"set_tempo", "time_signature", "key_signature", "marker"} <= conductor
    assert not any(m.type == "note_on" for m in midi.tracks[0])
    names = [next(m.name for m in t if m.type == "track_name") for t in midi.tracks[1:]]
    assert names == ["Vocal", "Chords", "Bass", "Drums"]
    drums = midi.tracks[4]
    assert {m.channel for m in drums if m.type == "note_on"} == {9}
    programs = [next(m.program for m in t if m.type == "program_change") for t in midi.tracks[1:]]
    assert programs == [53, 0, 33, 0]


def test_one_lyric_event_per_syllable_at_its_note(written):
    midi = mido.MidiFile(written, charset="utf-8")
    now, lyrics, onsets = 0, [], set()
    for message in midi.tracks[1]:
        now += message.time
        if message.type == "lyrics":
            lyrics.append((now, message.text))
        if message.type == "note_on" and message.velocity:
            onsets.add(now)
    assert [text for _, text in lyrics] == ["Beau-", "ti-", "ful", "day", "我"]
    assert all(tick in onsets for tick, _ in lyrics)


def test_lyrics_are_utf8_bytes(written):
    assert "我".encode() in written.read_bytes()


def test_music21_reads_our_lyrics(written):
    music21 = pytest.importorskip("music21")
    score = music21.converter.parse(str(written))
    vocal = score.parts[0]
    sung = [n.lyric for n in vocal.recurse().notes if n.lyric]
    assert sung[:3] == ["Beau", "ti", "ful"]  # music21 reads the "-" as a word continuing
    assert "我" in sung
    assert score.recurse().getElementsByClass("TimeSignature")[0].ratioString == "4/4"


def test_note_off_comes_before_a_repeated_note_on():
    song = Song(tracks=(Track("Piano", notes=(Note(60, 0, 480), Note(60, 480, 480))),))
    events = [m for m in song_to_midi(song).tracks[1] if m.type in ("note_on", "note_off")]
    assert [m.type for m in events] == ["note_on", "note_off", "note_on", "note_off"]


def save(tmp_path, midi, name="in.mid"):
    path = tmp_path / name
    midi.save(path)
    return path


def test_type_0_file_splits_channels_into_tracks(tmp_path):
    track = mido.MidiTrack(
        [
            mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(90)),
            mido.Message("program_change", channel=0, program=40),
            mido.Message("note_on", channel=0, note=60, velocity=80),
            mido.Message("note_on", channel=9, note=36, velocity=100),
            mido.Message("note_off", channel=9, note=36, time=96),
            mido.Message("note_on", channel=0, note=60, velocity=0, time=96),  # running-status style off
        ]
    )
    path = save(tmp_path, mido.MidiFile(type=0, ticks_per_beat=96, tracks=[track]))
    song = read_midi(path)
    assert song.bpm == pytest.approx(90)
    assert [(t.channel, t.program, t.is_drums) for t in song.tracks] == [(0, 40, False), (9, 0, True)]
    assert song.tracks[0].notes == (Note(60, 0, 960, 80),)  # 192 ticks at 96 PPQ -> 960 at 480
    assert song.tracks[1].notes == (Note(36, 0, 480, 100),)


def test_latin1_karaoke_lyrics_and_lyrics_in_the_conductor(tmp_path):
    conductor = mido.MidiTrack(
        [mido.MetaMessage("lyrics", text="Caf-"), mido.MetaMessage("lyrics", text="é", time=480)]
    )
    melody = mido.MidiTrack(
        [
            mido.Message("note_on", note=60, velocity=90),
            mido.Message("note_off", note=60, time=480),
            mido.Message("note_on", note=62, velocity=90),
            mido.Message("note_off", note=62, time=480),
        ]
    )
    midi = mido.MidiFile(type=1, tracks=[conductor, melody], charset="latin1")
    song = read_midi(save(tmp_path, midi))
    notes = song.tracks[0].notes
    assert [(n.lyric, n.joins_next) for n in notes] == [("Caf", True), ("é", False)]


def test_unfinished_notes_end_with_their_track(tmp_path):
    track = mido.MidiTrack([mido.Message("note_on", note=64, velocity=70), mido.MetaMessage("end_of_track", time=960)])
    song = read_midi(save(tmp_path, mido.MidiFile(tracks=[track])))
    assert song.tracks[0].notes == (Note(64, 0, 960, 70),)


def valid_bytes(tmp_path, four_track_song):
    path = tmp_path / "valid.mid"
    write_midi(four_track_song, path)
    return path.read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",  # zero bytes
        lambda data: data[:30],  # truncated in the first track
        lambda data: data[: len(data) // 2],  # truncated half way
        lambda data: b"MThd" + b"\xff" * 60,  # header of nonsense
        lambda data: bytes(range(256)) * 4,  # garbage
        lambda data: b"This is a text file, not music.\n" * 5,
        lambda data: data[:8] + b"\x00\x06\x00\x01\x00\x00" + data[14:],  # zero ticks per beat
        lambda data: data[:10] + b"\x00\x00" + data[12:],  # claims no tracks: no notes
    ],
)
def test_broken_files_raise_midi_error(tmp_path, four_track_song, damage):
    path = tmp_path / "broken.mid"
    path.write_bytes(damage(valid_bytes(tmp_path, four_track_song)))
    with pytest.raises(MidiError, match="broken.mid"):
        read_midi(path)


def test_missing_file(tmp_path):
    with pytest.raises(MidiError, match="cannot open"):
        read_midi(tmp_path / "absent.mid")


def test_unwritable_destination(tmp_path, four_track_song):
    with pytest.raises(MidiError, match="cannot write"):
        write_midi(four_track_song, tmp_path / "no" / "such" / "song.mid")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.integers(0, 2000))
def test_random_damage_never_escapes_as_anything_but_midi_error(tmp_path, four_track_song, noise, position):
    data = bytearray(valid_bytes(tmp_path, four_track_song))
    position %= len(data)
    data[position : position + len(noise)] = noise
    path = tmp_path / "fuzzed.mid"
    path.write_bytes(bytes(data))
    try:
        song = read_midi(path)
    except MidiError:
        return
    assert all(0 <= n.pitch <= 127 for t in song.tracks for n in t.notes)


def test_absurd_tempo_is_clamped_and_thousands_of_tracks_are_refused(tmp_path):
    fast = mido.MidiFile()
    track = mido.MidiTrack()
    fast.tracks.append(track)
    track.append(mido.MetaMessage("set_tempo", tempo=1))  # 60 million BPM
    track.append(mido.Message("note_on", note=60, velocity=90, time=0))
    track.append(mido.Message("note_off", note=60, velocity=0, time=480))
    fast.save(tmp_path / "fast.mid")
    assert read_midi(tmp_path / "fast.mid").bpm == 1000.0  # the fastest tempo a song may have

    many = mido.MidiFile()
    for i in range(3000):
        track = mido.MidiTrack()
        many.tracks.append(track)
        track.append(mido.Message("note_on", channel=i % 16, note=60, velocity=90, time=0))
        track.append(mido.Message("note_off", channel=i % 16, note=60, velocity=0, time=480))
    many.save(tmp_path / "many.mid")
    with pytest.raises(MidiError, match="3000 tracks with notes; Studio opens files with up to 256"):
        read_midi(tmp_path / "many.mid")


def test_chord_symbols_travel_through_the_midi_file(tmp_path):
    chords = (ChordLabel(0, 1920, "C"), ChordLabel(1920, 1920, "Am"), ChordLabel(3840, 1920, "Bb"))
    song = Song(title="chords", tracks=(Track("Piano", notes=(Note(60, 0, 5760),)),), chords=chords)
    write_midi(song, tmp_path / "c.mid")
    assert read_midi(tmp_path / "c.mid").chords == chords
