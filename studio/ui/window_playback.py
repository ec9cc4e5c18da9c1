"""The window's transport: play, pause, stop, seek, loop and the playhead, over audio.Player."""

from __future__ import annotations

from dataclasses import replace

from studio.core.errors import AudioError
from studio.ui.transport import position_text


class PlaybackMixin:
    """Part of MainWindow (kept apart to keep each module small): needs ``player``,
    ``document``, ``piano``, ``waveform``, ``transport``, ``status`` and ``notice``."""

    def play_pause(self) -> None:
        if self.player.playing:
            self.player.pause()
            self._playhead.stop()
            self.transport.set_playing(False)
            return
        try:
            self.player.play()
        except AudioError as exc:
            if not self._audio_warned:  # said once; everything else keeps working
                self._audio_warned = True
                self.notice("Playback", str(exc))
            self.status(str(exc))
            return
        self._playhead.start()
        self.transport.set_playing(True)

    def stop(self) -> None:
        self.player.stop()
        self._playhead.stop()
        self.transport.set_playing(False)
        self._show_position(0.0)

    def seek(self, seconds: float) -> None:
        self.player.seek(seconds)
        self._show_position(seconds)

    def _tick(self) -> None:
        self._show_position(self.player.position)
        if self.player.failure:
            self.status(self.player.failure)
            self.player.failure = None
        if not self.player.playing:
            self._playhead.stop()
            self.transport.set_playing(False)

    def _show_position(self, seconds: float) -> None:
        song = self.document.song
        self.piano.set_playhead(int(song.tempo_map.seconds_to_tick(seconds)))
        self.waveform.set_playhead(seconds)
        self.transport.position.setText(position_text(song, seconds))

    def _update_loop(self) -> None:
        notes = self.piano.selected_notes() if self.transport.loop.isChecked() else []
        if not notes:
            self.player.set_loop(None)
            return
        seconds = self.document.song.tempo_map.tick_to_seconds
        self.player.set_loop(seconds(min(n.start for n in notes)), seconds(max(n.end for n in notes)))

    def preview_note(self, pitch: int) -> None:
        """A click on a key or a note: hear it (quietly skipped without a sound card)."""
        from studio.audio.playback import preview

        track = self.piano.track
        preview(pitch, track.program if track else 0, self.settings.audio_device)

    def _set_muted(self, index: int, muted: bool) -> None:
        song = self.document.song
        track = replace(song.tracks[index], muted=muted)
        self.document.replace_song(song.with_track(index, track), f"{'Mute' if muted else 'Unmute'} {track.name}")

    def _set_volume(self, index: int, volume: float, final: bool) -> None:
        song = self.document.song
        track = replace(song.tracks[index], volume=volume)
        self.document.replace_song(song.with_track(index, track), f"{track.name} volume", f"volume-{index}")

    def _update_gains(self) -> None:
        if self.rendering is None:
            return
        song, solo = self.document.song, self.mixer.solo_set()
        names = list(self.rendering.stems)
        gains = []
        for i, name in enumerate(names):
            track = song.tracks[i] if i < len(song.tracks) and song.tracks[i].name == name else None
            rendered = self._rendered_volumes.get(name, 1.0)
            if track is None:
                gains.append(1.0)
                continue
            audible = not track.muted and (not solo or i in solo)
            gains.append(track.volume / rendered if audible and rendered > 0 else 0.0)
        self.player.set_gains(gains)
