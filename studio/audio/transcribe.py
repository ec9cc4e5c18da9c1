"""A hummed, sung or played melody to notes: Spotify's Basic Pitch model on onnxruntime, then
the top line of what it hears.

Basic Pitch (Apache-2.0) ships its network as a 230 KB ONNX file inside its wheel; its own
Python code needs TensorFlow and librosa, so the wheel is installed without its
dependencies and only the ONNX file is read. The network takes 2 s windows of 22,050 Hz
mono audio and answers, 86 frames a second, how likely each of the 88 piano keys is sounding
("note") and starting ("onset"). Here a note starts where one key takes over the top line or
the same key is struck again, and lasts while it sounds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from studio.core.errors import AudioError
from studio.core.paths import package_file
from studio.core.song import Note
from studio.core.takes import TakeNote, seed_notes

RATE = 22050  # the network's sample rate
HOP = 256  # samples between output frames
WINDOW = 2 * RATE - HOP  # samples the network takes at once (43,844)
FRAMES = 172  # output frames per window
OVERLAP = 30  # frames each window shares with the next: half cut off each side
LOWEST = 21  # MIDI pitch of the first key (A0)
# each window's frames run a little ahead of real time (Basic Pitch's own correction)
WINDOW_DRIFT = HOP / RATE * (FRAMES - WINDOW / HOP) + 0.0018
FRAME_THRESHOLD = 0.3  # a key sounds (Basic Pitch's default)
ONSET_THRESHOLD = 0.5  # a key is struck
RESTRIKE_ONSET = 0.7  # a key still sounding is struck again only as clearly as this
MIN_NOTE_SECONDS = 0.06  # shorter blips are the slide between two notes, not a note
GAP_FRAMES = 5  # a note goes on through a dip this long (a vibrato, a consonant)
TOGETHER_FRAMES = 3  # onsets this close are struck together (35 ms)
RISE_SHARE = 0.6  # an onset began where its likelihood was this share of its peak
RISE_FRAMES = 8  # and at most this many frames (93 ms) before it
NEAR_SHARE = 0.7  # a neighbouring key this strong is an alternative reading of the note
HARMONICS = (12, 19, 24)  # semitones above a louder key where its overtones sound
MAX_SECONDS = 300.0  # a take of a song at most: seeds are its opening notes
SILENT_PEAK = 1e-3
MODEL = ("saved_models", "icassp_2022", "nmp.onnx")  # inside the basic_pitch package
OUTPUTS = ["StatefulPartitionedCall:1", "StatefulPartitionedCall:2"]  # the file's names for note, onset


def model_path() -> Path:
    """The ONNX file inside the basic-pitch wheel."""
    path = package_file("basic_pitch", *MODEL)
    if path is None:
        raise AudioError("the note transcriber is not installed (the basic-pitch wheel): run ./dev setup")
    if not path.is_file():
        raise AudioError(f"the note transcriber's model is missing ({path})")
    return path


def read_mono(path: Path) -> np.ndarray:
    """The file as mono at the network's rate; unreadable, silent or too long: AudioError."""
    import parselmouth
    import soundfile

    try:
        info = soundfile.info(str(path))
        if info.duration > MAX_SECONDS:
            raise AudioError(f"{path.name} lasts {info.duration:.0f} s: seed notes come from up to {MAX_SECONDS:.0f} s")
        samples, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError) as exc:
        raise AudioError(f"{path.name} is not an audio file Studio can read (WAV, FLAC, OGG)") from exc
    mono = samples.mean(axis=1)
    if not len(mono) or float(np.abs(mono).max()) < SILENT_PEAK:
        raise AudioError(f"{path.name} is silent: there is no melody to take notes from")
    if rate != RATE:
        mono = parselmouth.Sound(mono.astype(np.float64), rate).resample(RATE).values[0].astype(np.float32)
    return mono


class Transcriber:
    def __init__(self, path: Path | None = None):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # the window and the engine share the cores
        self._session = onnxruntime.InferenceSession(
            str(path or model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._input = self._session.get_inputs()[0].name

    def activations(self, mono: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(times in seconds, note, onset): one row per frame, one column per key."""
        half = OVERLAP // 2
        padded = np.concatenate([np.zeros(half * HOP, np.float32), mono])
        step = WINDOW - OVERLAP * HOP
        windows = [padded[i : i + WINDOW] for i in range(0, len(padded), step)]
        batch = np.stack([np.pad(w, (0, WINDOW - len(w))) for w in windows])[:, :, None]
        note, onset = self._session.run(OUTPUTS, {self._input: batch})
        frames = int(len(mono) * (RATE // HOP) / RATE)
        note = note[:, half:-half].reshape(-1, 88)[:frames]
        onset = onset[:, half:-half].reshape(-1, 88)[:frames]
        index = np.arange(len(note))
        times = index * HOP / RATE - WINDOW_DRIFT * np.floor(index / FRAMES)
        return times, note, onset

    def notes(self, mono: np.ndarray) -> list[TakeNote]:
        """The top line: at each frame the highest key that sounds; a note starts where the
        key changes or is struck again."""
        times, note, onset = self.activations(mono)
        return heard_line(times, note, onset)


def heard_line(times: np.ndarray, note: np.ndarray, onset: np.ndarray) -> list[TakeNote]:
    """Notes where a key is struck (a peak of its onset likelihood over ONSET_THRESHOLD),
    lasting while it sounds; then one line: of keys struck together the highest that is not
    the octave or twelfth of a louder one (a harmonic), and each note ends where the next
    one starts."""
    line = _one_line(_struck(times, note, onset), note, onset)
    notes = []
    for i, (frame, end, key) in enumerate(line):
        if i + 1 < len(line):
            end = min(end, line[i + 1][0])
        last = min(end, len(times) - 1)
        if times[last] - times[frame] >= MIN_NOTE_SECONDS:
            strength = note[frame:end].mean(axis=0)
            sides = [k for k in (key - 1, key + 1) if 0 <= k < 88 and strength[k] >= NEAR_SHARE * strength[key]]
            near = LOWEST + max(sides, key=lambda k: strength[k]) if sides else None
            begun = _rising_edge(onset[:, key], frame)
            notes.append(TakeNote(LOWEST + key, float(times[begun]), float(times[last]), near))
    return notes


def _struck(times, note, onset) -> list[tuple[int, int, int, float]]:
    """(onset frame, end frame, key, loudness) of every key struck and sounding on."""
    peaks = (onset >= ONSET_THRESHOLD) & (onset >= np.roll(onset, 1, axis=0)) & (onset >= np.roll(onset, -1, axis=0))
    candidates = []
    for frame, key in zip(*np.nonzero(peaks)):
        end, quiet = frame + 1, 0
        while end < len(note) and quiet <= GAP_FRAMES:
            quiet = quiet + 1 if note[end, key] < FRAME_THRESHOLD else 0
            end += 1
        end -= quiet
        if times[min(end, len(times) - 1)] - times[frame] >= MIN_NOTE_SECONDS:
            candidates.append((int(frame), int(end), int(key), float(note[frame : frame + 3, key].mean())))
    return sorted(candidates)


def _one_line(candidates, note, onset) -> list[tuple[int, int, int]]:
    """The melody among the struck keys: (onset frame, end frame, key) in time order."""
    line: list[tuple[int, int, int]] = []
    index = 0
    while index < len(candidates):
        group = [c for c in candidates[index:] if c[0] - candidates[index][0] <= TOGETHER_FRAMES]
        index += len(group)
        loud = max(c[3] for c in group)
        real = [c for c in group if not any(o[3] >= c[3] and c[2] - o[2] in HARMONICS for o in group)]
        chosen = max((c for c in real or group if c[3] >= 0.5 * loud), key=lambda c: c[2])
        since = note[line[-1][0] : chosen[0] + 1, chosen[2]] if line and line[-1][2] == chosen[2] else None
        held = since is not None and since.min() >= FRAME_THRESHOLD
        if held and onset[chosen[0], chosen[2]] < RESTRIKE_ONSET:
            continue  # the same key sounding on (an attack's wobble, a vibrato), not struck again
        line.append(chosen[:3])
    return line


def _rising_edge(onset: np.ndarray, peak: int) -> int:
    """The frame where an onset's likelihood began to rise towards its peak: a slow attack (a
    flute, a hummed note) peaks 50-70 ms after the note began."""
    frame, floor = peak, RISE_SHARE * onset[peak]
    while frame > 0 and peak - frame < RISE_FRAMES and floor <= onset[frame - 1] < onset[frame]:
        frame -= 1
    return frame


def transcribe_file(path, tempo_map, key, snap: int, at: int = 0) -> tuple[Note, ...]:
    """A WAV/FLAC take as seed notes (``core.takes.seed_notes``, its first note at ``at``);
    AudioError with one line when it cannot be read, is silent or too long, or holds no notes."""
    heard = Transcriber().notes(read_mono(Path(path)))
    if not heard:
        raise AudioError("no notes were heard in the recording: hum or play the melody louder, one note at a time")
    return seed_notes(heard, tempo_map, key, snap, at)
