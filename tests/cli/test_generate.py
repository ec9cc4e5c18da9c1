import mido
import pytest

from studio.cli.main import run
from studio.core.project import load_project
from studio.core.song import Note, Song, Track
from studio.formats.midi_export import write_midi
from studio.ml.model import MelodyConfig
from studio.ml.train import new_model

LYRICS = "[Verse]\nI walked along the river in the morning light\n\n[Chorus]\nsing it out loud\n"


@pytest.fixture
def debug_weights(monkeypatch):
    """The CLI as shipped, but with a random debug melody model (fast; rules still hold)."""
    model = new_model(MelodyConfig.debug()).eval()
    monkeypatch.setattr("studio.ml.model.load_shipped_model", lambda *a, **k: (model, {}))


@pytest.fixture
def lyrics_file(tmp_path):
    path = tmp_path / "song.txt"
    path.write_text(LYRICS, encoding="utf-8")
    return path


def sf2():
    from studio.audio.soundfont import bundled_font

    return str(bundled_font())


def test_generate_writes_every_file(debug_weights, lyrics_file, tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        run(["generate", str(lyrics_file), "--style", "folk", "--out", str(out), "--seed", "4", "--soundfont", sf2()])
        == 0
    )
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"song.mid", "song.wav", "song.musicxml", "song.studio", "stems/Vocal.wav", "stems/Drums.wav"} <= names
    song = load_project(out / "song.studio")
    assert song.style == "folk" and str(song.meter) == "3/4"
    assert song.voice == "male"  # the folk style's singer
    printed = capsys.readouterr().out
    assert "wrote" in printed and "melody" in printed and "render" in printed


def test_the_voice_option_picks_the_singer(debug_weights, lyrics_file, tmp_path):
    out = tmp_path / "out"
    assert run(["generate", str(lyrics_file), "--out", str(out), "--voice", "male", "--soundfont", sf2()]) == 0
    assert load_project(out / "song.studio").voice == "male"


def test_same_seed_same_files(debug_weights, lyrics_file, tmp_path):
    for name in ("a", "b"):
        assert run(["generate", str(lyrics_file), "--out", str(tmp_path / name), "--soundfont", sf2()]) == 0
    for name in ("song.mid", "song.studio", "song.musicxml", "song.wav"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_seed_midi_opens_the_melody_and_no_vocal_mutes_it(debug_weights, lyrics_file, tmp_path):
    seed = tmp_path / "seed.mid"
    write_midi(Song(tracks=(Track("Lead", notes=(Note(69, 0, 480), Note(72, 480, 480), Note(76, 960, 960))),)), seed)
    out = tmp_path / "out"
    argv = ["generate", str(lyrics_file), "--out", str(out), "--seed-midi", str(seed), "--no-vocal", "--key", "Am"]
    assert run(argv + ["--soundfont", sf2()]) == 0
    song = load_project(out / "song.studio")
    vocal = song.tracks[0]
    assert vocal.muted and [n.pitch for n in vocal.notes[:3]] == [69, 72, 76]  # the seed, exactly
    assert all(60 <= n.pitch <= 86 for n in vocal.notes)  # the rest follows its register
    assert not (out / "stems" / "Vocal.wav").exists()
    assert "Vocal" in [
        next(m.name for m in t if m.type == "track_name") for t in mido.MidiFile(out / "song.mid").tracks
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--style", "polka"], "unknown style 'polka'"),
        (["--key", "H"], "not a key"),
        (["--tempo", "1000"], "tempo"),
        (["--temperature", "9"], "temperature"),
    ],
)
def test_bad_options_are_one_line(debug_weights, lyrics_file, tmp_path, capsys, extra, message):
    assert run(["generate", str(lyrics_file), "--out", str(tmp_path / "out"), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("studio: error: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_empty_lyrics_and_broken_seed(debug_weights, tmp_path, lyrics_file, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("🎵\n!!!\n", encoding="utf-8")
    assert run(["generate", str(empty), "--out", str(tmp_path / "out"), "--soundfont", sf2()]) == 2
    assert "nothing to sing" in capsys.readouterr().err
    broken = tmp_path / "broken.mid"
    broken.write_bytes(b"MThd garbage")
    assert run(["generate", str(lyrics_file), "--out", str(tmp_path / "out"), "--seed-midi", str(broken)]) == 2
    assert "broken.mid is not a readable MIDI file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_unwritable_folder_is_one_line(debug_weights, lyrics_file, tmp_path, capsys):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")  # unwritable even for root
    assert run(["generate", str(lyrics_file), "--out", str(blocker / "song"), "--soundfont", sf2()]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_a_failure_while_writing_leaves_no_complete_looking_folder(debug_weights, lyrics_file, tmp_path, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("studio.app.export.write_audio", full_disk)
    out = tmp_path / "out"
    assert run(["generate", str(lyrics_file), "--out", str(out), "--soundfont", sf2()]) == 2
    assert not out.exists()  # the folder it made is gone again, and nothing in it looks complete
