import subprocess
import sys

import numpy as np
import pytest

from studio.app.export import file_name
from studio.cli.main import run
from studio.core.project import save_project
from studio.formats.audiofile import read_audio
from studio.formats.midi_export import write_midi


def test_lyrics_prints_one_line_per_lyric_line(tmp_path, capsys):
    path = tmp_path / "song.txt"
    path.write_text("[Verse]\nbeautiful day\nI don't know_\n\n[Chorus]\n我爱你\n🎵🎵\n", encoding="utf-8")
    assert run(["lyrics", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["[Verse]", "BEAU·ti·ful DAY  (4)", "I DON'T KNOW_  (3)", "[Chorus]", "我 爱 你  (3)"]
    assert "nothing to sing" in err


def test_render_midi_with_stems(tmp_path, four_track_song, capsys):
    midi = tmp_path / "song.mid"
    write_midi(four_track_song, midi)
    sf2 = pytest.importorskip("studio.audio.soundfont").bundled_font()
    out = tmp_path / "mix.wav"
    assert (
        run(["render", str(midi), "--out", str(out), "--stems", str(tmp_path / "stems"), "--soundfont", str(sf2)]) == 0
    )
    mix, rate = read_audio(out)
    stems = {p.stem: read_audio(p)[0] for p in (tmp_path / "stems").iterdir()}
    assert set(stems) == {"Vocal", "Chords", "Bass", "Drums"}
    assert np.abs(mix).max() < 1.0
    # 16-bit files: the stems add up to the mix within the rounding of four files
    assert np.abs(sum(stems.values()) - mix).max() < 4 / 32768
    assert "wrote" in capsys.readouterr().out


def test_render_a_project_file_to_flac(tmp_path, four_track_song):
    project = tmp_path / "song.studio"
    save_project(four_track_song, project)
    sf2 = pytest.importorskip("studio.audio.soundfont").bundled_font()
    assert run(["render", str(project), "--out", str(tmp_path / "mix.flac"), "--soundfont", str(sf2)]) == 0
    assert read_audio(tmp_path / "mix.flac")[1] == 44100


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["lyrics", "/no/such/file.txt"], "cannot read"),
        (["render", "/no/such/file.mid", "--out", "x.wav"], "cannot open"),
        (["render", "song.txt", "--out", "x.wav"], "opens .studio projects and MIDI files"),
        (["render", "x.mid"], "required: --out"),
        (["--no-such-option"], "unrecognized arguments"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, message, capsys):
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("studio: error: ") and message in err


def test_broken_midi_from_a_real_process_prints_no_traceback(tmp_path):
    bad = tmp_path / "bad.mid"
    bad.write_bytes(b"MThd\x00\x00\x00\x06garbage")
    result = subprocess.run(
        [sys.executable, "-m", "studio", "render", str(bad), "--out", str(tmp_path / "x.wav")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("studio: error: bad.mid is not a readable MIDI file")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "x.wav").exists()


def test_empty_lyrics_file_is_an_error(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_text("!!!\n", encoding="utf-8")
    assert run(["lyrics", str(path)]) == 2
    assert "no singable lyrics" in capsys.readouterr().err


def test_stem_file_names_are_safe():
    assert file_name("Bass (ch 2)") == "Bass_ch_2"
    assert file_name("../../etc") == "etc"
    assert file_name("???") == "track"


def test_corpus_refuses_an_unknown_collection(capsys):
    assert run(["corpus", "--collections", "beatles"]) == 2
    assert "unknown collection beatles" in capsys.readouterr().err


def test_a_style_from_a_folder_of_midi_files_goes_into_the_data_folder(tmp_path, capsys):
    from studio.compose.styles import user_style_folder
    from studio.core.song import Note, Song, Track
    from studio.ml.model import MelodyConfig, load_checkpoint, save_checkpoint
    from studio.ml.train import new_model

    base = tmp_path / "base.pt"
    save_checkpoint(new_model(MelodyConfig.debug()), base)
    folder = tmp_path / "my songs"
    folder.mkdir()
    for k in range(3):
        notes = tuple(Note(60 + (i * (k + 2)) % 12, i * 480, 480) for i in range(16))
        write_midi(Song(tracks=(Track("Lead", notes=notes),)), folder / f"song{k}.mid")
    (folder / "broken.mid").write_bytes(b"garbage")
    argv = ["train", "--from-midi", str(folder), "--style", "My Songs", "--init", str(base), "--steps", "4"]
    assert run(argv) == 0
    _, meta = load_checkpoint(user_style_folder() / "my-songs" / "melody.pt")
    assert meta["log"][-1]["step"] == 4
    assert "broken.mid is not a readable MIDI file" in capsys.readouterr().err


def test_a_new_style_may_not_take_a_shipped_styles_name(tmp_path, capsys):
    assert run(["train", "--from-midi", str(tmp_path), "--style", "Pop"]) == 2
    assert "Studio has a style called 'pop'" in capsys.readouterr().err


def test_styles_lists_one_line_each_id_first(capsys):
    assert run(["styles"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 8
    assert {line.split()[0] for line in lines} >= {
        "pop",
        "rock",
        "folk",
        "celtic",
        "chorale",
        "ballad",
        "electronic",
        "hip-hop",
    }
