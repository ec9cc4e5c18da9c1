"""The studio window, driven as a musician would: pytest-qt, offscreen, a small random
melody model so a generation takes a second (the rules of the pipeline still hold)."""

import os
import subprocess
import sys
from dataclasses import replace

import mido
import soundfile
from PySide6.QtCore import QPoint, Qt

from studio.core.errors import AudioError
from studio.core.project import load_project, save_project
from studio.core.song import Note, Song, Track
from studio.ui import files
from tests.ui.helpers import GENERATE_MS, generate


def test_type_lyrics_pick_a_style_generate_and_see_notes_and_a_waveform(qtbot, window):
    window.editor.setPlainText("[Verse]\n")
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "the morning light is gold")
    window.style_panel.select_style("folk")
    generate(qtbot, window)
    song = window.document.song
    assert song.style == "folk" and str(song.meter) == "3/4"
    sung = [n.lyric for n in song.melody_track().notes if n.lyric]
    assert sung == ["the", "morn", "ing", "light", "is", "gold"]
    assert len(window.piano._items) == len(song.melody_track().notes)
    assert window.waveform.drawn_points > 100
    assert "Vocal" in window.rendering.stems
    assert window.windowTitle().endswith("* - Studio")


def test_a_new_songs_notes_are_on_screen_before_its_audio(qtbot, window):
    seen = []
    window.composed.connect(lambda: seen.append((len(window.piano._items), window.rendering)))
    generate(qtbot, window)
    assert seen and seen[0][0] == len(window.document.song.melody_track().notes) > 0
    assert seen[0][1] is None  # no audio yet when the notes showed
    assert window.rendering is not None and window.waveform.drawn_points > 100


def test_a_new_song_opens_readable_and_f_fits_the_whole_song(qtbot, window):
    x_range = window.waveform.getPlotItem().vb.viewRange()[0]
    assert x_range[0] >= 0 and window.waveform.placeholder.toPlainText()  # no audio: a time axis from 0
    generate(qtbot, window)
    roll, song = window.piano, window.document.song
    pitches = [n.pitch for n in song.melody_track().notes]
    seen = roll.mapToScene(roll.viewport().rect()).boundingRect()
    assert roll.px_per_row >= 10  # a note tall enough for its lyric
    assert seen.top() <= 127 - max(pitches) and seen.bottom() >= 128 - min(pitches)  # the whole range
    assert seen.width() <= 9 * song.meter.bar_ticks  # eight bars or so: syllables readable
    assert not window.waveform.placeholder.toPlainText()
    roll.setFocus()
    qtbot.keyClick(roll, Qt.Key.Key_F)
    seen = roll.mapToScene(roll.viewport().rect()).boundingRect()
    assert seen.left() <= 0 + song.meter.bar_ticks and seen.right() >= song.end_tick - song.meter.bar_ticks
    wide = roll.px_per_tick
    qtbot.keyClick(roll, Qt.Key.Key_Plus)
    assert roll.px_per_tick > wide


def test_undo_brings_the_previous_song_back(qtbot, window):
    generate(qtbot, window)
    first = window.document.song
    window.style_panel.seed.setValue(8)
    generate(qtbot, window)
    assert window.document.song != first
    window.document.undo_stack.undo()
    assert window.document.song == first
    window.document.undo_stack.redo()
    assert window.document.song != first


def test_regenerating_selected_notes_changes_only_them_and_undoes(qtbot, window):
    generate(qtbot, window)
    song = window.document.song
    bar = song.meter.bar_ticks
    chosen = [n for n in song.melody_track().notes if 4 * bar <= n.start < 6 * bar]
    window.piano._reselect(chosen)
    with qtbot.waitSignal(window.song_ready, timeout=GENERATE_MS):
        window.regenerate_selection()
    after = window.document.song
    first_bar, last_bar = chosen[0].start // bar + 1, chosen[-1].start // bar + 1
    assert window.document.undo_stack.undoText() == f"Regenerate bars {first_bar}-{last_bar}"
    outside = lambda s: [n for n in s.melody_track().notes if not 4 * bar <= n.start < 6 * bar]  # noqa: E731
    assert outside(after) == outside(song)
    window.document.undo_stack.undo()
    assert window.document.song == song


def roll_point(roll, tick, pitch):
    """Viewport coordinates of a point in the roll (a tick and a pitch row's middle)."""
    return roll.mapFromScene(tick, 127 - pitch + 0.5)


def test_draw_move_resize_and_delete_notes_with_the_mouse(qtbot, window):
    window.document.reset(Song(tracks=(Track("Vocal", 53, 0),)))
    roll = window.piano
    roll.resize(900, 500)
    roll.fit(whole=True)
    roll.centerOn(960, 127 - 60)
    viewport = roll.viewport()
    roll.tool = "draw"
    roll.snap = 240
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=roll_point(roll, 970, 60))
    notes = window.document.song.tracks[0].notes
    assert len(notes) == 1 and notes[0].pitch == 60 and notes[0].seed and notes[0].start % 240 == 0
    drawn = notes[0]

    roll.tool = "select"  # drag the middle of the note up two semitones and one step right
    start = roll_point(roll, drawn.start + drawn.duration // 3, 60)
    target = roll_point(roll, drawn.start + drawn.duration // 3 + 240, 62)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=target)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=target)
    moved = window.document.song.tracks[0].notes[0]
    assert (moved.pitch, moved.start) == (62, drawn.start + 240)
    assert window.document.undo_stack.count() == 2  # the whole drag is one step

    edge = roll_point(roll, moved.end, 62) - QPoint(2, 0)  # the right edge resizes
    longer = roll_point(roll, moved.end + 480, 62)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=edge)
    qtbot.mouseMove(viewport, pos=longer)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=longer)
    assert window.document.song.tracks[0].notes[0].duration == moved.duration + 480

    roll.tool = "erase"
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=roll_point(roll, moved.start + 60, 62))
    assert window.document.song.tracks[0].notes == ()
    for _ in range(4):
        window.document.undo_stack.undo()
    assert window.document.song.tracks[0].notes == ()  # back to the empty track


def test_keys_transpose_delete_and_copy_paste(qtbot, window):
    window.document.reset(Song(tracks=(Track("Vocal", 53, 0, (Note(60, 0, 480), Note(64, 480, 480))),)))
    roll = window.piano
    roll.setFocus()
    qtbot.keyClick(roll, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(roll, Qt.Key.Key_Up)
    assert [n.pitch for n in window.document.song.tracks[0].notes] == [61, 65]
    qtbot.keyClick(roll, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert [n.pitch for n in window.document.song.tracks[0].notes] == [49, 53]
    qtbot.keyClick(roll, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(roll, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [n.start for n in window.document.song.tracks[0].notes] == [0, 480, 960, 1440]
    qtbot.keyClick(roll, Qt.Key.Key_Delete)
    assert [n.start for n in window.document.song.tracks[0].notes] == [0, 480]


def test_export_writes_files_that_mido_and_soundfile_read(qtbot, window, tmp_path):
    generate(qtbot, window)
    for kind, target in (("midi", tmp_path / "s.mid"), ("audio", tmp_path / "s.wav"), ("stems", tmp_path / "st")):
        job = window.export(kind, target)
        with qtbot.waitSignal(job.done, timeout=GENERATE_MS):
            pass
    lyrics = [m.text for t in mido.MidiFile(tmp_path / "s.mid").tracks for m in t if m.type == "lyrics"]
    assert lyrics[:3] == ["sing", "a", "song"]
    audio, rate = soundfile.read(tmp_path / "s.wav")
    assert rate == 44100 and audio.shape[1] == 2 and abs(audio).max() > 0.01
    assert {p.name for p in (tmp_path / "st").iterdir()} >= {"Vocal.wav", "Drums.wav"}
    drag = window.drag_midi_file()
    assert len(mido.MidiFile(drag).tracks) == 1 + len(window.document.song.tracks)
    window.waveform.choice.setCurrentText("Bass")  # one track: its stem and its MIDI
    assert window.waveform.shown == "Bass" and window.waveform.drawn_points > 100
    bass, rate = soundfile.read(window.drag_wav_file())
    assert bass.shape[1] == 2 and abs(bass).max() > 0.01
    assert [t.name for t in mido.MidiFile(window.drag_midi_file()).tracks][1:] == ["Bass"]


def test_export_writes_the_audio_the_window_holds_unless_the_mix_changed(qtbot, window, tmp_path, monkeypatch):
    from studio.app.commands import Export

    generate(qtbot, window)
    sent = []
    call = window.engine.call
    monkeypatch.setattr(window.engine, "call", lambda command, *a: sent.append(type(command)) or call(command, *a))
    with qtbot.waitSignal(window.export("audio", tmp_path / "held.wav").done, timeout=GENERATE_MS):
        pass
    assert Export not in sent  # written from the window's own rendering, not rendered again
    written, _ = soundfile.read(tmp_path / "held.wav", dtype="float32")
    assert abs(written - window.rendering.mix[: len(written)]).max() < 1e-3
    window._set_muted(window.document.song.track_index("Drums"), True)  # what is audible changed
    with qtbot.waitSignal(window.export("audio", tmp_path / "muted.wav").done, timeout=GENERATE_MS):
        pass
    assert Export in sent


def test_cancel_during_generation_leaves_the_previous_song(qtbot, window):
    previous = window.document.song
    window.generate()
    window.cancel_generation()
    qtbot.waitUntil(lambda: not window.generation.running, timeout=GENERATE_MS)
    assert window.document.song == previous
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.generate_button.isEnabled()


def test_no_audio_device_gives_a_message_not_a_crash(qtbot, window, monkeypatch):
    generate(qtbot, window)

    def no_device():
        raise AudioError("no audio output device (Error querying device -1); playback is off")

    monkeypatch.setattr(window.player, "play", no_device)
    window.playback.play_pause()
    assert "no audio output device" in window.statusBar().currentMessage()
    assert len(window.notices) == 1 and not window.notices[0].isModal()  # said once, blocks nothing
    window.playback.play_pause()
    assert len(window.notices) == 1
    assert not window.player.playing
    window.playback.seek(3.0)  # everything else keeps working
    assert window.transport.position.text().endswith("0:03.0")


def test_an_autosaved_project_is_offered_back_and_restored(qtbot, window, tmp_path, four_track_song):
    path = tmp_path / "mine.studio"
    save_project(four_track_song, path)
    assert window.open_file(path)
    edited = replace(four_track_song, title="after the crash")
    files.write_autosave(edited, path)  # what the timer wrote before Studio died
    assert window.open_file(path)
    assert window.document.song.title == "after the crash"
    assert window.document.modified  # recovered, not yet saved
    window.document.undo_stack.undo()
    assert window.document.song == load_project(path)


def test_autosave_and_recovery_of_a_song_never_saved(qtbot, window):
    draft = Song(title="draft", tracks=(Track("Vocal", notes=(Note(60, 0, 480, lyric="la"),)),))
    window.document.replace_song(draft, "an edit")
    window.autosave()
    assert files.untitled_autosave().is_file()
    window.document.reset(Song())
    assert window.recover_untitled()
    assert window.document.song.title == "draft"


def test_save_and_open_round_trip_with_recent_files(qtbot, window, tmp_path):
    generate(qtbot, window)
    path = tmp_path / "song.studio"
    assert window.save_as(path)
    assert not window.document.modified and path.is_file()
    song = window.document.song
    assert window.open_file(path)
    assert window.document.song == replace(song, lyrics=window.editor.toPlainText())
    assert window.settings.recent_files[0] == str(path)


def test_a_broken_file_gives_one_line_and_keeps_the_song(qtbot, window, tmp_path):
    before = window.document.song
    bad = tmp_path / "bad.mid"
    bad.write_bytes(b"MThd garbage")
    assert not window.open_file(bad)
    assert window.document.song == before
    assert "bad.mid" in window.statusBar().currentMessage()


def test_the_studio_entry_point_comes_up_offscreen(tmp_path):
    shot = tmp_path / "window.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "STUDIO_CONFIG_DIR": str(tmp_path / "config")}
    result = subprocess.run(
        [sys.executable, "-m", "studio", "--screenshot", str(shot)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000
    assert "wrote" in result.stdout


def test_no_display_is_a_clear_error_not_a_qt_abort(monkeypatch, capsys):
    from studio.__main__ import main

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 2
    assert "no display" in capsys.readouterr().err


def test_a_request_out_of_range_is_said_and_nothing_starts(qtbot, window, monkeypatch):
    from studio.core.errors import RequestError

    def refuse(*args, **kwargs):
        raise RequestError("tempo 900 is out of range (30-300 BPM)")

    monkeypatch.setattr(window.style_panel, "request", refuse)
    with qtbot.waitSignal(window.generation_failed, timeout=2000) as failed:
        window.generate()
    assert failed.args == ["tempo 900 is out of range (30-300 BPM)"]
    assert window.generate_button.isEnabled() and window.rendering is None
