"""Where a rendering's stems live while they are made, block by block.

A stem is float32 stereo, (frames, 2): about 2 MB per second of song for five stems and
the mix, so 1 GB for an eight-minute song. Rendering therefore never needs a whole stem
at once: the synth, the vocal strip and the mixdown each write and read blocks of
CHUNK_FRAMES. In memory (``MemoryStems``, for tests and short previews) a stem is an
array; the engine passes a store of files instead (studio.formats.frame_files), so its
memory stays the same whatever the song's length.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import numpy as np

CHUNK_FRAMES = 1 << 16  # 1.5 s at 44.1 kHz: 512 KB per stereo float32 block


class Stem(Protocol):
    frames: int

    def write(self, start: int, block: np.ndarray) -> None:
        """Frames [start, start + len(block)) become ``block`` (float32, (n, 2))."""

    def read(self, start: int, stop: int) -> np.ndarray:
        """Frames [start, stop) as float32 (n, 2), which the caller may change."""

    def audio(self) -> np.ndarray:
        """The finished stem as an array (a read-only memory map for a file)."""

    def discard(self) -> None:
        """Forget the stem (a cancelled or failed render)."""


class StemStore(Protocol):
    def new(self, frames: int) -> Stem:
        """A silent stem of ``frames`` frames."""


class MemoryStem:
    def __init__(self, frames: int):
        self.frames = frames
        self._array = np.zeros((frames, 2), np.float32)

    def write(self, start: int, block: np.ndarray) -> None:
        self._array[start : start + len(block)] = block

    def read(self, start: int, stop: int) -> np.ndarray:
        return self._array[start:stop]  # a view: changing it in place and writing it back is free

    def audio(self) -> np.ndarray:
        return self._array

    def discard(self) -> None:
        self._array = np.zeros((0, 2), np.float32)


class MemoryStems:
    def new(self, frames: int) -> MemoryStem:
        return MemoryStem(frames)


def chunks(frames: int, chunk: int = CHUNK_FRAMES) -> Iterator[tuple[int, int]]:
    """(start, stop) of consecutive blocks covering [0, frames)."""
    for start in range(0, frames, chunk):
        yield start, min(frames, start + chunk)
