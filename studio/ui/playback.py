"""Play, pause, stop, seek, loop and the playhead over audio.Player, and the mixer's mutes,
solos and faders as the player's gains (no render needed). It tells the window what to
show through signals; the window only connects them (DESIGN rule 3)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from studio.audio.playback import Player
from studio.core.errors import AudioError
from studio.core.song import Song

PLAYHEAD_MS = 33


class PlaybackController(QObject):
    position = Signal(float)  # seconds: while playing, after a seek, 0 after a stop
    playing = Signal(bool)
    message = Signal(str)  # a line for the status bar
    notice = Signal(str)  # the first time there is no way to play: worth a dialog

    def __init__(self, player: Player, parent: QObject | None = None):
        super().__init__(parent)
        self.player = player
        self._playhead = QTimer(self, interval=PLAYHEAD_MS, timeout=self._tick)
        self._warned = False
        self._volumes: dict[str, float] = {}  # each stem's fader when it was rendered
        self._stems: list[str] = []

    def play_pause(self) -> None:
        if self.player.playing:
            self.player.pause()
            self._halt()
            return
        try:
            self.player.play()
        except AudioError as exc:
            if not self._warned:  # said once; everything else keeps working
                self._warned = True
                self.notice.emit(str(exc))
            self.message.emit(str(exc))
            return
        self._playhead.start()
        self.playing.emit(True)

    def stop(self) -> None:
        self.player.stop()
        self._halt()
        self.position.emit(0.0)

    def seek(self, seconds: float) -> None:
        self.player.seek(seconds)
        self.position.emit(seconds)

    def device_changed(self, device: str) -> None:
        self.player.close()  # the stream on the old device
        self.player.device = device
        self._warned = False  # a new device may fail in a new way: say so once again

    def load(self, stems: dict, rate: int, volumes: dict[str, float]) -> None:
        """New audio: ``stems`` name -> frames, ``volumes`` the faders they were rendered at."""
        self._stems, self._volumes = list(stems), dict(volumes)
        self.player.load(list(stems.values()), rate)

    def unload(self) -> None:
        self._stems, self._volumes = [], {}
        self.player.stop()
        self.player.load([], 44100)

    def set_loop(self, span: tuple[float, float] | None) -> None:
        self.player.set_loop(*span) if span else self.player.set_loop(None)

    def update_gains(self, song: Song, solo: set[int]) -> None:
        """Each stem's gain from its track's mute, solo and fader, against the fader it was
        rendered with."""
        if not self._stems:
            return
        gains = []
        for i, name in enumerate(self._stems):
            track = song.tracks[i] if i < len(song.tracks) and song.tracks[i].name == name else None
            rendered = self._volumes.get(name, 1.0)
            if track is None:
                gains.append(1.0)
                continue
            audible = not track.muted and (not solo or i in solo)
            gains.append(track.volume / rendered if audible and rendered > 0 else 0.0)
        self.player.set_gains(gains)

    def _tick(self) -> None:
        self.position.emit(self.player.position)
        if self.player.failure:
            self.message.emit(self.player.failure)
            self.player.failure = None
        if not self.player.playing:
            self._halt()

    def _halt(self) -> None:
        self._playhead.stop()
        self.playing.emit(False)
