"""A second process for one command on a two-core machine: while this process imports
torch, writes the melody and renders the band, the helper has music21 and the voice
loaded, writes the song's notation files and sings its vocal. The files and the vocal are
the same as the engine's own (the same functions run); only the waiting goes.

Measured for `studio generate` on an 8-line lyric: the vocal (about 0.7 s) and the
notation files (about 0.8 s with music21's import) leave the critical path.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from studio.audio.voice.singer import PLAIN_SINGING, Singer, VocalTake
from studio.audio.voice.types import DEFAULT_VOICE
from studio.core.singing import Singing
from studio.core.song import Song, Track
from studio.core.timing import TempoMap


def _load() -> None:
    """In the helper, at its start: everything its jobs import."""
    import music21  # noqa: F401 - imported for its side effect: loaded before the song comes

    from studio.app.export import write_notation  # noqa: F401
    from studio.audio.voice.box import voice_box
    from studio.audio.voice.espeak import espeak_speaker

    espeak_speaker()
    voice_box().neural()


def _sing(track: Track, tempo_map: TempoMap, voice: str, singing: Singing) -> VocalTake:
    return Singer().sing(track, tempo_map, voice, singing=singing)


def _serve(connection) -> None:
    """The helper's loop: (function, args) in, ("done", result) or ("failed", error) out."""
    _load()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        function, args = job
        try:
            connection.send(("done", function(*args)))
        except Exception as exc:  # a full disk, a word no voice can say: raised in the command
            connection.send(("failed", exc))


class Pending:
    """The answer to one job, read from the pipe when it is asked for (answers come in order)."""

    def __init__(self, helper: Helper, index: int):
        self._helper, self._index = helper, index

    def result(self):
        kind, value = self._helper._answer(self._index)
        if kind == "failed":
            raise value
        return value


class Helper:
    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs,), daemon=True, name="studio-helper")
        self._process.start()  # now: it loads music21 and the voice while this process loads torch
        theirs.close()
        self._sent = 0
        self._answers: list[tuple] = []
        self._takes: list[tuple[tuple, Pending]] = []  # ((track, tempo map, voice, singing), its take)

    def _submit(self, function, *args) -> Pending:
        self._connection.send((function, args))
        self._sent += 1
        return Pending(self, self._sent - 1)

    def _answer(self, index: int) -> tuple:
        while len(self._answers) <= index:
            self._answers.append(self._connection.recv())
        return self._answers[index]

    def start(self, song: Song, staging: Path | None) -> list[Pending]:
        """Begin this song's notation files (into ``staging``) and its vocal."""
        from studio.app.export import write_notation
        from studio.compose.styles import singing_for

        melody = song.melody_track()
        if melody is not None and not melody.muted and any(n.lyric for n in melody.notes):
            # first: the render waits for it at its end
            sung = (melody, song.tempo_map, song.voice, singing_for(song.style))
            self._takes.append((sung, self._submit(_sing, *sung)))
        return [self._submit(write_notation, song, str(staging))] if staging is not None else []

    def singer(self) -> HelperSinger:
        return HelperSinger(self._takes)

    def close(self) -> None:
        """Tell the helper to stop and do not wait for it: it leaves on its own."""
        try:
            self._connection.send(None)
        except OSError:
            pass
        self._connection.close()


class HelperSinger(Singer):
    """The engine's singer for a song the helper is already singing: its take is waited
    for; any other track is sung here as usual."""

    def __init__(self, takes: list[tuple[tuple, Pending]]):
        super().__init__()
        self._takes = takes

    def sing(self, track, tempo_map, voice=DEFAULT_VOICE, on_progress=None, should_stop=None, *,
             singing=PLAIN_SINGING) -> VocalTake:  # fmt: skip
        for sung, take in self._takes:
            if sung == (track, tempo_map, voice, singing):
                return take.result()
        return super().sing(track, tempo_map, voice, on_progress, should_stop, singing=singing)
