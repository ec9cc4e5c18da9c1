from studio.core.lyrics import analyse_lyrics
from studio.ui.app import demo_lyrics
from studio.ui.main_window import MainWindow


def test_window_shows_the_demo_lyrics_and_their_syllables(qtbot):
    window = MainWindow(demo_lyrics(), analyse_lyrics)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Studio"
    assert "[Verse" in window.editor.toPlainText()
    assert "[Verse 1]" in window.analysis.toPlainText()
    assert "syllables" in window.statusBar().currentMessage()


def test_typing_updates_the_analysis_after_a_pause(qtbot):
    window = MainWindow("", analyse_lyrics)
    qtbot.addWidget(window)
    window.editor.setPlainText("beautiful day")
    qtbot.waitUntil(lambda: "BEAU·ti·ful DAY  (4)" in window.analysis.toPlainText(), timeout=2000)


def test_unsingable_lyrics_show_a_warning_not_a_crash(qtbot):
    window = MainWindow("🎵🎵🎵", analyse_lyrics)
    qtbot.addWidget(window)
    assert "nothing to sing" in window.statusBar().currentMessage()


def test_no_display_is_a_clear_error_not_a_qt_abort(monkeypatch, capsys):
    from studio.__main__ import main

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 2
    assert "no display" in capsys.readouterr().err
