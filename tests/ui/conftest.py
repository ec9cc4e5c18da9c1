"""The window under test: offscreen, a small random melody model so that a generation takes
a second (the rules of the pipeline still hold), the same seed on every run."""

import pytest

from studio.app.engine import Engine
from studio.app.engine_process import InProcessEngine
from studio.audio.playback import Player
from studio.audio.soundfont import bundled_font
from studio.core.settings import Settings
from studio.ui.main_window import MainWindow
from studio.ui.services import WindowServices
from tests.ui.helpers import LYRICS


@pytest.fixture(scope="module")
def debug_model():
    from studio.ml.model import MelodyConfig
    from studio.ml.train import new_model

    return new_model(MelodyConfig.debug()).eval()


@pytest.fixture
def window(qtbot, debug_model, monkeypatch):
    monkeypatch.setattr("studio.ml.model.load_shipped_model", lambda *a, **k: (debug_model, {}))
    settings = Settings(soundfont=str(bundled_font()))
    win = MainWindow(settings, WindowServices.over(InProcessEngine(Engine(settings)), Player()), LYRICS, warm_up=False)
    win.ask_save = lambda text: "discard"
    win.ask_yes_no = lambda parent, title, text: True
    win.style_panel.seed.setValue(7)
    win.style_panel.lock.setChecked(True)  # the same songs on every run
    qtbot.addWidget(win)
    win.show()
    yield win
    win.document.undo_stack.setClean()
    win.worker.shutdown()
