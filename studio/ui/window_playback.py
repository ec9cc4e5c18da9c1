"""The window's side of playback: what the playhead shows, the loop from the selection,
the track strips' edits. Playing itself is the PlaybackController's (ui.playback)."""

from __future__ import annotations

from dataclasses import replace

from studio.ui.transport import position_text


class PlaybackMixin:
    """Part of MainWindow (kept apart to keep each module small): needs ``playback``,
    ``document``, ``piano``, ``waveform``, ``transport`` and ``tracks``."""

    playhead_tick = 0  # where the playhead is: a keyboard take is recorded from there

    def _show_position(self, seconds: float) -> None:
        song = self.document.song
        self.playhead_tick = int(song.tempo_map.seconds_to_tick(seconds))
        self.piano.set_playhead(self.playhead_tick)
        self.waveform.set_playhead(seconds)
        self.transport.position.setText(position_text(song, seconds))

    def _update_loop(self) -> None:
        notes = self.piano.selected_notes() if self.transport.loop.isChecked() else []
        seconds = self.document.song.tempo_map.tick_to_seconds
        span = (seconds(min(n.start for n in notes)), seconds(max(n.end for n in notes))) if notes else None
        self.playback.set_loop(span)

    def _update_gains(self) -> None:
        self.playback.update_gains(self.document.song, self.tracks.solo_set())

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

    def _set_pan(self, index: int, pan: float, final: bool) -> None:
        song = self.document.song
        track = replace(song.tracks[index], pan=max(-1.0, min(1.0, pan)))
        self.document.replace_song(song.with_track(index, track), f"{track.name} pan", f"pan-{index}")

    def _set_program(self, index: int, program: int) -> None:
        song = self.document.song
        track = replace(song.tracks[index], program=program)
        self.document.replace_song(song.with_track(index, track), f"{track.name}'s instrument")

    def edit_track(self, index: int) -> None:
        """The piano roll edits this track; the others show as ghosts."""
        song = self.document.song
        self.piano.set_song(song, index)
        self.tracks.set_song(song, index)
        self.status(f"editing {song.tracks[index].name}: the other tracks are ghosts")
