"""The engine's typed commands: each answered by its entry in the table, anything else
refused with a message; a rendering crosses the pipe as its files."""

import numpy as np
import pytest

from studio.app.commands import (
    HANDLERS,
    Export,
    Generate,
    Rechord,
    Regenerate,
    Render,
    Transcribe,
    UseSettings,
    WarmUp,
    run_command,
)
from studio.app.wire import RenderingFiles, from_wire, to_wire
from studio.audio.render import Rendering
from studio.core.errors import StudioError
from studio.core.settings import Settings


def test_every_command_has_its_handler():
    assert set(HANDLERS) == {WarmUp, UseSettings, Generate, Regenerate, Rechord, Transcribe, Render, Export}


def test_an_unknown_command_is_a_message_not_a_crash():
    with pytest.raises(StudioError, match="unknown engine command tuple"):
        run_command(object(), ("generate",), lambda *a: None, lambda: False)


def test_settings_go_to_the_engine():
    class FakeEngine:
        def use_settings(self, settings):
            self.settings = settings

    engine, settings = FakeEngine(), Settings(compute_device="cpu")
    run_command(engine, UseSettings(settings), lambda *a: None, lambda: False)
    assert engine.settings is settings


def test_a_rendering_crosses_as_its_files_and_comes_back_mapped(tmp_path):
    arrays = {}
    for name in ("mix", "Vocal", "Bass"):
        np.save(tmp_path / f"{name}.npy", np.full((100, 2), 0.5, np.float32))
        arrays[name] = np.load(tmp_path / f"{name}.npy", mmap_mode="r")
    rendering = Rendering(44100, arrays["mix"], {"Vocal": arrays["Vocal"], "Bass": arrays["Bass"]}, ("a warning",))
    song = object()
    wire = to_wire((song, rendering))
    assert wire[0] is song and isinstance(wire[1], RenderingFiles)
    assert wire[1].stems == {"Vocal": str(tmp_path / "Vocal.npy"), "Bass": str(tmp_path / "Bass.npy")}
    back = from_wire(wire)[1]
    assert isinstance(back.mix, np.memmap) and back.warnings == ("a warning",) and back.stems["Bass"][0, 0] == 0.5


def test_a_rendering_in_memory_cannot_cross():
    with pytest.raises(StudioError, match="into memory"):
        to_wire(Rendering(44100, np.zeros((10, 2), np.float32), {}))
