"""Stems as .npy files of float32 (frames, 2), written and read block by block.

The engine renders into these (studio.audio.stems.Stem), and the window plays them through
a memory map. Reads and writes go through the file, not a map: a mapped page that was
touched counts in the engine's resident memory until the map is closed, and a song's
stems are a gigabyte for eight minutes. The finished file is an ordinary .npy
(numpy.load reads it).
"""

from __future__ import annotations

import contextlib
import itertools
import mmap
import os
from pathlib import Path

import numpy as np

from studio.core.errors import AudioError

DTYPE = np.dtype("<f4")
CHANNELS = 2
_FRAME_BYTES = DTYPE.itemsize * CHANNELS


class FrameFile:
    """A stem being rendered: a .npy file of ``frames`` silent frames, filled in by blocks."""

    def __init__(self, path: Path, frames: int):
        self.path, self.frames = Path(path), frames
        with self._io():
            self._file = open(self.path, "w+b")  # noqa: SIM115 - open until audio() or discard()
            header = {"descr": np.lib.format.dtype_to_descr(DTYPE), "fortran_order": False, "shape": (frames, CHANNELS)}
            np.lib.format.write_array_header_1_0(self._file, header)
            self._offset = self._file.tell()
            self._file.truncate(self._offset + frames * _FRAME_BYTES)  # a sparse file of zeros

    def write(self, start: int, block: np.ndarray) -> None:
        with self._io():
            self._file.seek(self._offset + start * _FRAME_BYTES)
            self._file.write(memoryview(np.ascontiguousarray(block, DTYPE)).cast("B"))

    def read(self, start: int, stop: int) -> np.ndarray:
        with self._io():
            at = self._offset + start * _FRAME_BYTES
            return _read_block(self._file, at, (max(0, stop - start), CHANNELS), DTYPE)

    def audio(self) -> np.ndarray:
        with self._io():
            self._file.close()  # flushes: a full disk shows here at the latest
            if self.frames == 0:  # an empty file cannot be mapped
                return np.zeros((0, CHANNELS), np.float32)
            return np.load(self.path, mmap_mode="r")

    @contextlib.contextmanager
    def _io(self):
        try:
            yield
        except OSError as exc:
            raise AudioError(f"cannot write the rendered audio to {self.path.parent}: {exc.strerror or exc}") from None

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


class FrameFiles:
    """A folder of stems being rendered, named 0.npy, 1.npy, ... Who deletes them is up to
    the folder's owner (the engine process keeps the files of the last two answers)."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self._names = itertools.count()

    def new(self, frames: int) -> FrameFile:
        return FrameFile(self.folder / f"{next(self._names)}.npy", frames)


def read_frames(audio: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Frames [start, stop) of an array; of a memory-mapped .npy through its file, so
    writing a song out does not pull all of it into this process's memory."""
    whole_file = isinstance(audio, np.memmap) and isinstance(audio.base, mmap.mmap)  # not a slice of one
    if not whole_file or audio.ndim != 2 or not audio.flags.c_contiguous:
        return np.asarray(audio[start:stop])
    stop = min(stop, len(audio))
    with open(audio.filename, "rb") as file:
        at = audio.offset + start * audio.strides[0]
        return _read_block(file, at, (max(0, stop - start), audio.shape[1]), audio.dtype)


def _read_block(file, at: int, shape: tuple[int, int], dtype) -> np.ndarray:
    block = np.empty(shape, dtype)
    file.seek(at)
    file.readinto(memoryview(block).cast("B"))
    return block
