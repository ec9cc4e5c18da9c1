import pytest

from studio.core.errors import ExportError
from studio.core.song import ChordLabel, KeyChange, Note, Section, Song, Track
from studio.core.theory import Key
from studio.formats.musicxml import melody_track, write_musicxml

music21 = pytest.importorskip("music21")


@pytest.fixture
def lead_sheet(tmp_path, four_track_song):
    path = tmp_path / "song.musicxml"
    write_musicxml(four_track_song, path)
    return music21.converter.parse(str(path))


def test_lead_sheet_holds_the_vocal_with_lyrics(lead_sheet):
    notes = list(lead_sheet.recurse().notes.getElementsByClass("Note"))
    assert [n.pitch.midi for n in notes] == [64, 62, 60, 62, 64, 67]
    assert [n.lyric for n in notes[:5]] == ["Beau", "ti", "ful", "day", "我"]
    assert [n.lyrics[0].syllabic for n in notes[:4]] == ["begin", "middle", "end", "single"]
    assert notes[5].lyric is None


def test_lead_sheet_has_chords_key_meter_tempo_and_title(lead_sheet):
    symbols = [c.figure for c in lead_sheet.recurse().getElementsByClass("ChordSymbol")]
    assert symbols == ["Am", "Dm7"]
    assert lead_sheet.recurse().getElementsByClass("KeySignature")[0].sharps == 0
    assert lead_sheet.recurse().getElementsByClass("TimeSignature")[0].ratioString == "4/4"
    assert lead_sheet.recurse().getElementsByClass("MetronomeMark")[0].number == 100
    assert lead_sheet.metadata.bestTitle == "Test song"


def test_notes_across_barlines_are_tied(tmp_path):
    song = Song(tracks=(Track("Vocal", notes=(Note(60, 1440, 960, lyric="hold"),)),))
    path = tmp_path / "tie.musicxml"
    write_musicxml(song, path)
    notes = list(music21.converter.parse(str(path)).recurse().notes)
    assert [n.tie.type for n in notes] == ["start", "stop"]
    assert sum(n.quarterLength for n in notes) == 2


def test_odd_durations_are_quantised_not_fatal(tmp_path):
    notes = tuple(Note(60 + i, i * 137, 101) for i in range(20))
    path = tmp_path / "odd.musicxml"
    write_musicxml(Song(tracks=(Track("Vocal", notes=notes),)), path)
    assert len(music21.converter.parse(str(path)).recurse().notes) >= 15


def test_melody_track_choice():
    drums = Track("Drums", channel=9, notes=(Note(36, 0, 10),))
    piano = Track("Piano", notes=(Note(60, 0, 10),))
    sung = Track("Lead line", notes=(Note(60, 0, 10, lyric="la"),))
    assert melody_track(Song(tracks=(drums, piano, sung))) is sung
    assert melody_track(Song(tracks=(drums, piano))) is piano
    with pytest.raises(ExportError):
        melody_track(Song(tracks=(drums,)))


def test_a_lead_sheet_a_musician_can_read(tmp_path):
    notes = (Note(65, 0, 480, lyric="sail"), Note(70, 480, 480, lyric="a", joins_next=True),
             Note(69, 960, 960, lyric="way"), Note(65, 3840, 1920, lyric="home"))  # fmt: skip
    chords = (ChordLabel(0, 3840, "F"), ChordLabel(3840, 1920, "Bb"))
    song = Song(title="paper-boats", tracks=(Track("Vocal", notes=notes),), keys=(KeyChange(0, Key(5)),),
                sections=(Section(0, "verse", "Verse"), Section(3840, "chorus", "Chorus")), chords=chords)  # fmt: skip
    path = tmp_path / "sheet.musicxml"
    write_musicxml(song, path)
    text = path.read_text(encoding="utf-8")
    assert "<accidental" not in text  # B flat is in the key signature; no naturals on white keys
    assert "Music21" not in text
    sheet = music21.converter.parse(str(path))
    names = [n.pitch.name for n in sheet.recurse().getElementsByClass("Note")]
    assert names == ["F", "B-", "A", "F"]  # flats in a flat key
    assert [c.figure for c in sheet.recurse().getElementsByClass("ChordSymbol")] == ["F", "B-"]  # once per change
    assert [r.content for r in sheet.recurse().getElementsByClass("RehearsalMark")] == ["Verse", "Chorus"]
    assert sheet.metadata.bestTitle == "Paper Boats"
    assert sheet.recurse().getElementsByClass("Rest")  # the breath before "home"


def test_a_melisma_is_slurred_over_its_notes(tmp_path):
    """One lyric on the first note, a slur from it to the last note the vowel is carried to."""
    notes = (Note(62, 0, 480, lyric="love"), Note(64, 480, 480), Note(65, 960, 1440),  # the last held over the bar
             Note(60, 2880, 480, lyric="me"), Note(62, 3840, 480, lyric="now"))  # fmt: skip
    path = tmp_path / "melisma.musicxml"
    write_musicxml(Song(tracks=(Track("Vocal", notes=notes),)), path)
    score = music21.converter.parse(str(path))
    slurs = list(score.recurse().getElementsByClass("Slur"))
    assert len(slurs) == 1
    first, last = slurs[0].getFirst(), slurs[0].getLast()  # a file marks a slur's two ends
    assert (first.pitch.midi, first.lyric) == (62, "love") and (last.pitch.midi, last.lyric) == (65, None)
    notes = list(score.recurse().notes)
    assert [n.lyric for n in notes] == ["love", None, None, None, "me", "now"]  # 65 tied over the bar
