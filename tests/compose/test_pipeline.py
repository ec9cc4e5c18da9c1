import re

import mido
import numpy as np
import pytest

from studio.compose.harmony import HarmonyModel
from studio.compose.pipeline import Models, SongRequest, generate
from studio.compose.styles import list_styles
from studio.core.errors import Cancelled, LyricsError, StudioError
from studio.core.lyrics import analyse_lyrics
from studio.core.paths import model_path
from studio.core.song import VOICE_RANGES, Note
from studio.core.theory import Key
from studio.ml.model import MelodyConfig
from studio.ml.train import new_model

LYRICS = """[Verse]
I walked along the river in the morning light
the city still asleep, the water running bright

[Chorus]
oh, sing it out, sing it loud
let the words go rolling like a summer cloud

[Verse]
the evening brings the lanterns and the open door
a table full of friends I hadn't known before

[Chorus]"""


@pytest.fixture(scope="module")
def models():
    # a random debug melody model (the guarantees come from the decoder) and the real harmony
    return Models(new_model(MelodyConfig.debug()).eval(), HarmonyModel.load(model_path("harmony.json")))


@pytest.mark.parametrize("style", [s.id for s in list_styles()])
def test_every_style_makes_a_valid_song(models, style):
    song = generate(SongRequest(LYRICS, style=style, seed=2), models)
    names = [t.name for t in song.tracks]
    assert names[:3] == ["Vocal", "Chords", "Bass"]
    assert ("Drums" in names) == (style != "chorale")
    sung = [n.lyric for n in song.tracks[0].notes if n.lyric]
    assert sung == [syl.text for syl in analyse_lyrics(LYRICS).syllables]  # every syllable, in order
    assert [s.label for s in song.sections] == ["Intro", "Verse 1", "Chorus 1", "Verse 2", "Chorus 2", "Outro"]
    home = {"C major": "C", "A minor": "Am", "G major": "G"}[song.key.name]  # the voice's key (DEFAULT_KEYS)
    assert song.chords and song.chords[0].start == 0 and song.chords[-1].symbol == home  # ends home
    bar = song.meter.bar_ticks
    assert all(section.start % bar == 0 for section in song.sections)
    assert song.tracks[0].notes[0].start >= 2 * bar  # the intro comes first
    assert song.end_tick <= song.sections[-1].start + 2 * bar
    for track in song.tracks:
        assert track.notes, track.name


def test_styles_sound_different(models):
    songs = {s: generate(SongRequest(LYRICS, style=s, seed=2), models) for s in ("pop", "hip-hop", "rock")}
    assert len({s.bpm for s in songs.values()}) == 3
    assert len({s.tracks[1].program for s in songs.values()}) == 3
    assert songs["hip-hop"].key == Key(9, "minor")


def test_a_song_without_a_key_is_in_a_key_the_singer_sings_low_in_his_range(models):
    """C major put a man's melody at the top of his range (to G4, where the guide voice is
    understood worst); G major sings it lower. A woman keeps C major, a key given is kept."""
    man = generate(SongRequest(LYRICS, style="rock", seed=2), models)
    woman = generate(SongRequest(LYRICS, style="rock", seed=2, voice="female"), models)
    given = generate(SongRequest(LYRICS, style="rock", seed=2, key=Key(0, "major")), models)
    assert (man.key, woman.key, given.key) == (Key(7, "major"), Key(0, "major"), Key(0, "major"))
    low, high = VOICE_RANGES["male"]
    man_sings, c_major_sings = ([n.pitch for n in song.tracks[0].notes] for song in (man, given))
    assert low <= min(man_sings) and max(man_sings) < max(c_major_sings) == high  # rock's 14 semitones: E4, not G4


def test_seed_notes_without_a_key_give_the_song_their_key_in_the_styles_mode(models):
    c_major = tuple(Note(p, i * 480, 480, seed=True) for i, p in enumerate((60, 64, 67, 65, 64, 62, 60, 60)))
    rock = generate(SongRequest(LYRICS, style="rock", seed=2, seed_notes=c_major), models)
    hip_hop = generate(SongRequest(LYRICS, style="hip-hop", seed=2, seed_notes=c_major), models)
    assert (rock.key, hip_hop.key) == (Key(0, "major"), Key(9, "minor"))  # a man's rock is in G without them


def test_same_seed_same_song_and_the_chorus_repeats(models):
    first = generate(SongRequest(LYRICS, style="pop", seed=5), models)
    assert generate(SongRequest(LYRICS, style="pop", seed=5), models) == first
    assert generate(SongRequest(LYRICS, style="pop", seed=6), models) != first
    starts = {s.label: s.start for s in first.sections}
    vocal = first.tracks[0].notes

    def chorus(label, following):  # the last beat before the next section may hold its pickup
        end = starts[following] - first.meter.beat_ticks
        return [(n.pitch, n.start - starts[label]) for n in vocal if starts[label] <= n.start < end]

    assert chorus("Chorus 1", "Verse 2") == chorus("Chorus 2", "Outro")


def test_request_overrides(models):
    song = generate(SongRequest(LYRICS, style="pop", key=Key(2, "major"), tempo=97, seed=1), models)
    assert song.key == Key(2, "major") and song.bpm == 97
    assert song.chords[-1].symbol == "D"


def test_cancel_at_every_stage(models):
    for stop_after in range(1, 6):

        def should_stop(limit=stop_after, calls=[]):  # noqa: B006 - a fresh list per loop turn
            calls.append(1)
            return len(calls) >= limit

        with pytest.raises(Cancelled):
            generate(SongRequest(LYRICS, style="pop"), models, should_stop=should_stop)


def test_progress_names_the_stages(models):
    stages = []
    generate(SongRequest(LYRICS, style="folk"), models, lambda stage, f: stages.append(stage))
    assert [s for i, s in enumerate(stages) if s not in stages[:i]] == [
        "lyrics",
        "form",
        "melody",
        "harmony",
        "arrangement",
        "done",
    ]


def test_bad_requests(models):
    with pytest.raises(LyricsError, match="nothing to sing"):
        generate(SongRequest("🎵 !!!", style="pop"), models)
    with pytest.raises(StudioError, match="unknown style"):
        generate(SongRequest(LYRICS, style="polka"), models)


def test_the_song_renders_and_exports_cleanly(models, tmp_path):
    from studio.app.export import write_song_folder
    from studio.audio.render import render_song
    from studio.audio.soundfont import bundled_font
    from studio.audio.synth import SoundFontSynth

    song = generate(SongRequest(LYRICS, style="rock", seed=3), models)
    rendering = render_song(song, SoundFontSynth(bundled_font()))
    written = write_song_folder(song, rendering, tmp_path / "out")
    assert written[-1].name == "song.studio"  # the project is moved in last
    assert {p.name for p in (tmp_path / "out" / "stems").iterdir()} == {
        "Vocal.wav",
        "Chords.wav",
        "Bass.wav",
        "Drums.wav",
        "Lead.wav",
    }
    for stem in rendering.stems.values():
        assert np.sqrt(np.mean(stem**2)) > 1e-4
    assert np.abs(rendering.mix).max() < 1.0
    midi = mido.MidiFile(tmp_path / "out" / "song.mid", charset="utf-8")
    lyrics = [m.text.rstrip("-") for m in midi.tracks[1] if m.type == "lyrics"]
    assert lyrics == [n.lyric for n in song.tracks[0].notes if n.lyric]
    music21 = pytest.importorskip("music21")
    score = music21.converter.parse(str(tmp_path / "out" / "song.mid"))
    assert [n.lyric for n in score.parts[0].recurse().notes if n.lyric][:4] == lyrics[:4]
    sheet = music21.converter.parse(str(tmp_path / "out" / "song.musicxml"))
    assert len(sheet.recurse().getElementsByClass("ChordSymbol")) >= 8


@pytest.mark.parametrize(("intro", "outro"), [(0, 0), (4, 2)])
def test_the_intro_and_outro_are_as_long_as_asked(models, intro, outro):
    song = generate(
        SongRequest("[Verse]\nsing a song of love", "pop", seed=1, intro_bars=intro, outro_bars=outro), models
    )
    bar = song.meter.bar_ticks
    first_note = min(n.start for n in song.melody_track().notes)
    assert intro * bar <= first_note < (intro + 1) * bar  # the melody may start after the downbeat
    kinds = [s.kind for s in song.sections]
    assert ("intro" in kinds) == bool(intro) and ("outro" in kinds) == bool(outro)
    sung = [s for s in song.sections if s.kind not in ("intro", "outro")]
    sung_end = (
        song.sections[song.sections.index(sung[-1]) + 1].start
        if outro
        else song.chords[-1].start + song.chords[-1].duration
    )
    assert sung_end % bar == 0 and sung_end >= max(n.end for n in song.melody_track().notes)
    assert (sung_end - sung[0].start) // bar in (4, 8, 12, 16)  # the verse is whole phrases
    assert song.chords[-1].start + song.chords[-1].duration == sung_end + outro * bar


@pytest.mark.parametrize(
    "fields, message",
    [({"intro_bars": 40}, "intro bars must be 0-16"), ({"tempo": 1000.0}, "tempo 1000 is out of range (30-300 BPM)"),
     ({"temperature": 9.0}, "temperature 9 is out of range (0.1-2)"), ({"voice": "tenor"}, "voice must be one of"),
     ({"style": "polka"}, "unknown style 'polka'"), ({"seed": -1}, "seed must be")],
)  # fmt: skip
def test_every_setting_of_a_request_is_checked_with_a_message(fields, message):
    with pytest.raises(StudioError, match=re.escape(message)):
        SongRequest("la", **fields)


def test_a_backing_track_keeps_the_melody_muted(models):
    song = generate(SongRequest("sing a song", "pop", seed=1, vocal=False), models)
    assert song.melody_track().muted and song.melody_track().notes


def test_a_lyric_past_the_limit_is_refused_before_any_work(models):
    huge = "\n".join(["la la la la la la la la"] * 300)  # 2,400 syllables
    with pytest.raises(LyricsError, match="2400 syllables; Studio sings up to 2000"):
        generate(SongRequest(huge, "pop"), models)


@pytest.mark.parametrize("voice", ["male", "female"])
@pytest.mark.parametrize("style", ["pop", "folk"])
def test_the_melody_is_written_where_the_voice_sings(models, voice, style):
    from studio.audio.voice.singer import octave_shift

    song = generate(SongRequest("sing a song of love\nevery morning light", style, seed=2, voice=voice), models)
    pitches = [n.pitch for n in song.melody_track().notes]
    assert octave_shift(pitches, voice) == 0  # the singer sings the Vocal track's own notes


def test_the_song_keeps_a_phrase_for_every_sung_line_on_bar_lines(models):
    lyrics = "[Verse]\nsing a song of love\nevery morning light\n\n[Chorus]\nhold on"
    song = generate(SongRequest(lyrics, "pop"), models)
    bar = song.meter.bar_ticks
    assert len(song.phrases) == 3 and all(tick % bar == 0 for tick in song.phrases)
    first_sung = min(n.start for n in song.melody_track().notes)
    assert song.phrases[0] <= first_sung < song.phrases[1]
    assert song.phrases[2] in {s.start for s in song.sections}  # the chorus begins with its first phrase
