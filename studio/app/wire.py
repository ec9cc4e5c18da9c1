"""A rendering as it crosses the pipe between the engine process and the window: the
paths of its .npy files instead of the audio (a song's stems are a hundred megabytes),
loaded back memory-mapped on the other side."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from studio.audio.peaks import Peaks
from studio.audio.render import Rendering
from studio.core.errors import StudioError


@dataclass(frozen=True)
class RenderingFiles:
    rate: int
    mix: str  # path of the mix's .npy file
    stems: dict[str, str]  # track name -> path of its .npy file
    warnings: tuple[str, ...] = ()
    peaks: dict[str, Peaks] = field(default_factory=dict)

    @classmethod
    def of(cls, rendering: Rendering) -> RenderingFiles:
        if not isinstance(rendering.mix, np.memmap):  # the engine renders into files: anything else is a bug
            raise StudioError("the engine rendered into memory instead of its audio folder")
        mix, *stems = audio_files(rendering)
        return cls(rendering.rate, mix, dict(zip(rendering.stems, stems)), rendering.warnings, rendering.peaks)

    def load(self) -> Rendering:
        stems = {name: np.load(path, mmap_mode="r") for name, path in self.stems.items()}
        return Rendering(self.rate, np.load(self.mix, mmap_mode="r"), stems, self.warnings, self.peaks)


def to_wire(answer):
    """An engine's answer with every Rendering in it as RenderingFiles."""
    if isinstance(answer, tuple):
        return tuple(to_wire(item) for item in answer)
    return RenderingFiles.of(answer) if isinstance(answer, Rendering) else answer


def from_wire(answer):
    if isinstance(answer, tuple):
        return tuple(from_wire(item) for item in answer)
    return answer.load() if isinstance(answer, RenderingFiles) else answer


def audio_files(rendering: Rendering) -> list[str]:
    """The files behind a rendering's mix and stems, in that order (none when in memory)."""
    arrays = (rendering.mix, *rendering.stems.values())
    return [str(audio.filename) for audio in arrays if isinstance(audio, np.memmap)]


def files_in(answer) -> list[str]:
    """The audio files behind the renderings anywhere in an answer."""
    if isinstance(answer, tuple):
        return [path for item in answer for path in files_in(item)]
    return audio_files(answer) if isinstance(answer, Rendering) else []
