"""A style of the musician's own from a tiny folder of MIDI files, on the debug model: it is
listed, generation uses its weights, it survives a restart, and bad input says one line."""

import pytest

from studio.app import user_styles
from studio.app.engine import Engine
from studio.app.user_styles import delete_user_style, make_user_style, read_sources, rename_user_style
from studio.cli.main import run
from studio.compose.request import SongRequest
from studio.compose.styles import get_style, list_styles, read_style_table, user_style_folder
from studio.core.errors import Cancelled, StudioError
from studio.core.settings import Settings
from studio.ml.model import MelodyConfig, save_checkpoint
from studio.ml.train import new_model
from tests.songs import midi_folder


@pytest.fixture
def folder(tmp_path):
    return midi_folder(tmp_path / "my midi")


@pytest.fixture
def debug_weights(tmp_path):
    path = tmp_path / "debug.pt"
    save_checkpoint(new_model(MelodyConfig.debug()), path)
    return path


def made(folder, debug_weights, name="Harbour Songs", **options):
    return make_user_style(read_sources([folder]), name, "folk", steps=4, init=debug_weights, **options)


def test_the_folder_says_what_it_holds_and_what_it_skips(folder):
    source = read_sources([folder])
    assert source.found == 7 and len(source.melodies) == 4
    reasons = sorted(source.skipped)
    assert len(reasons) == 3
    assert "broken.mid" in reasons[0] and "only chords" in reasons[1] and "only drums" in reasons[2]
    assert source.summary().startswith("4 melodies (96 notes) in 7 MIDI files; 3 skipped")


def test_a_new_style_is_listed_generates_with_its_own_weights_and_survives_a_restart(folder, debug_weights):
    style = made(folder, debug_weights)
    assert style.id == "harbour-songs" and style.folder == user_style_folder() / "harbour-songs"
    assert [s.id for s in list_styles() if s.folder is not None] == ["harbour-songs"]
    card = (style.folder / "card.md").read_text()
    assert "4 melodies (96 notes) in 7 MIDI files" in card and "bits per note on the held-out melodies" in card
    assert "song0.mid" in card and "broken.mid" in card
    learned = read_style_table(style.folder / "style.toml")["learned"]
    assert learned["bits_after"] <= learned["bits_before"] and "kept:" in card  # never worse than it began
    table = get_style("harbour-songs")  # read again from disk, as after a restart
    assert table.tempo == (88, 99) and table.melody_style == "user1" and table.loops["verse"]
    engine = Engine(Settings())
    base, mine = engine.models("folk").melody, engine.models("harbour-songs").melody
    assert mine is not base and mine.config == MelodyConfig.debug()
    song = engine.generate(SongRequest("walking down the road tonight\nsinging to the moon", "harbour-songs", seed=1))
    assert song.style == "harbour-songs" and song.melody_track().notes


def test_styles_lists_it_as_yours_and_renames_and_deletes_it(folder, debug_weights, capsys):
    folder_arg = str(folder)
    assert run(["train", "--from-midi", folder_arg, "--style", "Mine", "--from", "folk", "--steps", "3",
                "--init", str(debug_weights)]) == 0  # fmt: skip
    assert "made the style 'mine'" in capsys.readouterr().out
    assert run(["styles"]) == 0
    assert "mine        Mine [yours]" in capsys.readouterr().out
    rename_user_style("mine", "Sea Shanties")
    assert get_style("mine").name == "Sea Shanties"
    assert run(["styles", "--delete", "mine"]) == 0
    assert "mine" not in {s.id for s in list_styles()}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: [tmp], "no MIDI files"),
        (lambda tmp: [tmp / "nowhere"], "does not exist"),
        (lambda tmp: [(tmp / "x.mid").write_bytes(b"junk") and tmp], "no usable melodies"),
    ],
)
def test_a_folder_with_nothing_usable_is_one_line(tmp_path, make, message):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(StudioError, match=message):
        read_sources(make(empty))


def test_a_name_that_exists_is_refused_unless_replaced(folder, debug_weights):
    made(folder, debug_weights, "Mine")
    with pytest.raises(StudioError, match="already"):
        made(folder, debug_weights, "mine")
    with pytest.raises(StudioError, match="Studio has a style called 'pop'"):
        made(folder, debug_weights, "Pop")
    assert made(folder, debug_weights, "Mine", replace=True).id == "mine"
    with pytest.raises(StudioError, match="letters or digits"):
        made(folder, debug_weights, "!!!")


def test_a_cancel_leaves_nothing_and_a_crash_keeps_the_last_checkpoint_hidden(folder, debug_weights, monkeypatch):
    with pytest.raises(Cancelled):
        made(folder, debug_weights, should_stop=lambda: True)
    assert not list(user_style_folder().iterdir())

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(user_styles, "learn_style", crash)  # after training, while the files are written
    with pytest.raises(OSError):
        made(folder, debug_weights)
    assert [p.name for p in user_style_folder().iterdir()] == [".new-harbour-songs"]
    assert (user_style_folder() / ".new-harbour-songs" / "melody.pt").is_file()
    assert all(s.folder is None for s in list_styles())


def test_a_huge_folder_is_sampled_and_says_so(folder, monkeypatch):
    monkeypatch.setattr(user_styles, "MAX_FILES", 3)
    source = read_sources([folder])
    assert source.sampled and "3 chosen at random" in source.summary()


def test_tampered_weights_are_refused(folder, debug_weights):
    style = made(folder, debug_weights)
    weights = style.folder / "melody.pt"
    weights.write_bytes(weights.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(StudioError, match="checksum"):
        Engine(Settings()).models(style.id)
    delete_user_style(style.id)
