"""A real kill during save: a process saving a large project in a loop is killed with
SIGKILL at random moments; the file on disk is always the old or the new project, never a
mix (core.atomic: write beside, fsync, rename)."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from studio.core.project import load_project

SAVER = """
import sys
from studio.core.project import save_project
from studio.core.song import Note, Song, Track

def song(title, pitch):
    notes = tuple(Note(pitch + i % 12, 120 * i, 100, lyric="la") for i in range(20000))
    return Song(title=title, tracks=(Track("Vocal", notes=notes),))

songs = [song("old", 48), song("new", 60)]
path = sys.argv[1]
save_project(songs[0], path)
print("ready", flush=True)
i = 0
while True:
    i += 1
    save_project(songs[i % 2], path)
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_project_killed_while_saving_is_the_old_or_the_new_one(tmp_path):
    path = tmp_path / "big.studio"
    rng = random.Random(3)
    seen = set()
    for _ in range(8):
        saver = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, text=True)
        assert saver.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))  # somewhere inside one of the saves
        os.kill(saver.pid, signal.SIGKILL)
        saver.wait()
        song = load_project(path)  # a torn file would fail to parse here
        assert song.title in ("old", "new")
        first = 48 if song.title == "old" else 60
        assert len(song.tracks[0].notes) == 20000 and song.tracks[0].notes[0].pitch == first
        seen.add(song.title)
        for leftover in tmp_path.glob(".big.studio.*.tmp"):
            leftover.unlink()  # a killed save leaves its temporary file, never a broken project
    assert seen  # the file was there every time
