"""The engine: models, SoundFont and singer loaded once, on first use, and the one way to
generate, regenerate and render a song. The window drives it in its engine process
(app.engine_process), the command line directly; both get the GPU-out-of-memory fallback
and its notice.

In the window, loading happens in the engine process right after start-up, so the window
comes up without importing torch. One caller uses an engine at a time.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import replace

from studio.audio.render import Rendering, render_song
from studio.audio.soundfont import find_soundfont
from studio.audio.synth import SoundFontSynth
from studio.audio.voice.singer import Singer
from studio.compose.harmony import HarmonyModel
from studio.compose.request import SongRequest
from studio.core.paths import model_path
from studio.core.progress import Progress, Stop, part, silent
from studio.core.settings import Settings
from studio.core.song import Song
from studio.formats.frame_files import FrameFiles


class Engine:
    def __init__(self, settings: Settings, audio_folder: str | os.PathLike | None = None):
        """``audio_folder``: where renderings are written as .npy files (the engine process
        and the command line); without one they are made in memory (tests)."""
        self.settings = settings
        self._stems = FrameFiles(audio_folder) if audio_folder is not None else None
        self._models = None
        self._user_melody = None  # ((weights, mtime, device), model) of the user style used last
        self._gpu_failed = False  # the GPU ran out of memory once: the CPU from then on
        self._synth: SoundFontSynth | None = None
        self._singer = Singer()
        self.notices: list[str] = []  # said once to the musician (e.g. the GPU was not used)

    def models(self, style: str = ""):
        """The melody and harmony models (studio.compose.pipeline.Models); a style of the
        musician's sings with the melody weights it learned (the last one used is kept)."""
        from studio.compose.pipeline import Models
        from studio.ml.device import pick_device

        device = pick_device("cpu" if self._gpu_failed else self.settings.compute_device)
        if self._models is None:
            from studio.ml.model import load_shipped_model

            melody = load_shipped_model(device=device)[0]
            self._models = Models(melody, HarmonyModel.load(model_path("harmony.json")))
        weights = _user_weights(style)
        if weights is None:
            return self._models
        stamp = (weights, weights.stat().st_mtime_ns if weights.is_file() else 0, str(device))
        if self._user_melody is None or self._user_melody[0] != stamp:
            from studio.ml.model import load_checked

            self._user_melody = (stamp, load_checked(weights, device, required=True)[0])
        return Models(self._user_melody[1], self._models.harmony)

    def synth(self) -> SoundFontSynth:
        if self._synth is None:
            self._synth = SoundFontSynth(find_soundfont(self.settings.soundfont))
        return self._synth

    def warm_up(self) -> None:
        """Load everything a first Generate needs. Imports hold Python's lock for up to a
        second (torch, Praat), so the window runs this in its worker right after start-up,
        not in the middle of the musician's first generation.

        The SoundFont comes first: loading FluidR3 holds the whole file (142 MB) beside its
        samples for a moment, and that moment costs the least while the process is small
        (measured peak with everything loaded: 738 MB when it came after torch)."""
        self.synth()
        import parselmouth  # noqa: F401 - imported for its side effect: loaded and ready

        from studio.audio.voice.box import voice_box
        from studio.audio.voice.espeak import espeak_speaker
        from studio.core.syllables import default_lexicon
        from studio.ml.device import single_threaded

        default_lexicon()
        espeak_speaker()
        voice_box().neural()  # about 1.5 s: the neural voice and its onnxruntime session
        self.models()
        single_threaded()
        # Everything loaded so far lives as long as the process. Frozen, the garbage
        # collector's full passes stop walking it: they froze both threads for 85 ms.
        gc.collect()
        gc.freeze()

    def use_settings(self, settings: Settings) -> None:
        """New settings: what they change is loaded again on next use."""
        if settings.soundfont != self.settings.soundfont:
            self._synth = None
        if settings.compute_device != self.settings.compute_device:
            self._models = None
            self._gpu_failed = False  # a device chosen again is tried again
        self.settings = settings

    def generate(
        self, request: SongRequest, on_progress: Progress | None = None, should_stop: Stop | None = None
    ) -> Song:
        """The song for a request; a GPU that runs out of memory hands over to the CPU once."""
        from studio.compose.pipeline import generate  # torch loads with it: not at window start-up

        report = on_progress or silent
        report("loading the models", 0.0)
        try:
            return generate(request, self.models(request.style), part(report, 0.05, 1.0), should_stop)
        except Exception as exc:
            from studio.ml.device import is_out_of_memory

            if not is_out_of_memory(exc) or self._gpu_failed:
                raise
        # The graphics card is full (another program, a small card): the CPU does it, slower.
        self._gpu_failed, self._models, self._user_melody = True, None, None
        self.notices.append("the GPU ran out of memory, so Studio generates on the CPU now")
        return generate(request, self.models(request.style), part(report, 0.05, 1.0), should_stop)

    def regenerate(
        self, song: Song, request: SongRequest, start: int, end: int, on_progress: Progress | None = None,
        should_stop: Stop | None = None,
    ) -> Song:  # fmt: skip
        """New notes for the syllables that start in ticks [start, end); see compose.regenerate."""
        from studio.compose.regenerate import regenerate_range

        report = on_progress or silent
        report("loading the models", 0.0)
        models = self.models(song.style or request.style)
        return regenerate_range(song, request, models, start, end, report, should_stop)

    def rechord(self, song: Song, chords, start: int, end: int) -> Song:
        """The musician's chords in the song, the band playing them in ticks [start, end)."""
        from studio.compose.regenerate import rechord

        return rechord(song, chords, self.models(), start, end)

    def transcribe(self, path, song: Song, snap: int, at: int) -> tuple:
        """A hummed, sung or played take as seed notes in ``song``'s tempo and key."""
        from studio.audio.transcribe import transcribe_file

        return transcribe_file(path, song.tempo_map, song.key, snap, at)

    def render(
        self, song: Song, on_progress: Progress | None = None, should_stop: Stop | None = None,
        singer: Singer | None = None,
    ) -> Rendering:  # fmt: skip
        from studio.compose.styles import singing_for

        singer = singer or self._singer
        rendering = render_song(song, self.synth(), on_progress, should_stop, singer=singer, store=self._stems,
                                singing=singing_for(song.style))  # fmt: skip
        return self._with_notices(rendering)

    def generate_and_render(
        self, request: SongRequest, on_progress: Progress | None = None, should_stop: Stop | None = None,
        on_song: Callable[[Song], None] | None = None, singer: Singer | None = None,
    ) -> tuple[Song, Rendering]:  # fmt: skip
        """What Generate does, in the window and on the command line alike. ``on_song`` is
        told the song before it is rendered, and ``singer`` replaces the engine's own (the
        command line's helper process writes the notation and sings meanwhile)."""
        song = self.generate(request, part(on_progress, 0.0, 0.5), should_stop)
        if on_song:
            on_song(song)
        return song, self.render(song, part(on_progress, 0.5, 1.0), should_stop, singer)

    def _with_notices(self, rendering: Rendering) -> Rendering:
        if self.notices:  # said once, with the song it concerns
            rendering = replace(rendering, warnings=(*self.notices, *rendering.warnings))
            self.notices.clear()
        return rendering


def all_unmuted(song: Song) -> Song:
    """The song with every track audible: the window mutes at playback, not at render, so a
    muted track can be brought back without rendering again."""
    return replace(song, tracks=tuple(replace(t, muted=False) for t in song.tracks))


def _user_weights(style: str):
    """The melody weights of a style the musician made; None for Studio's own styles (and for
    an unknown one, which generation reports itself)."""
    from studio.compose.styles import get_style
    from studio.core.errors import StudioError

    if not style:
        return None
    try:
        return get_style(style).weights
    except StudioError:
        return None
