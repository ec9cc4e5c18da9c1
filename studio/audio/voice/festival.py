"""English words spoken by a woman: Festival's cmu_us_slt_arctic_hts voice, with the time of
every phoneme.

No female Piper voice ships in a wheel; joe with his formants raised and his pitch moved up
2-4x (the neural voice's female part) sounds like a man's falsetto and lost the most words of
any voice in the slow songs. The HTS voice of the CMU ARCTIC speaker "slt" (Debian's
``festvox-us-slt-hts``, BSD-style; Festival itself from ``festival``, X11-style) speaks at
about 170 Hz, so PSOLA moves it 1.5-2x, and the recogniser understood the sung female songs
better (docs/decisions.md). Festival runs as one long-lived process (``festival --pipe``)
fed Scheme; each phrase comes back as a WAV file and a line per segment: its name, end
time and which of the phrase's words it belongs to.

The voice is deterministic (HTS generates the parameters it was trained on, no sampling),
so a song renders the same file every time.
"""

from __future__ import annotations

import functools
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

from studio.audio.voice.phonemes import with_releases
from studio.audio.voice.piper import rounded_pace
from studio.audio.voice.types import Phone, Utterance
from studio.core.errors import AudioError

VOICE = "cmu_us_slt_arctic_hts"
RATE = 32000  # Hz: the voice's own; read again from each phrase's file
FRAME = 256  # samples per level measured for a vowel's release (8 ms at 32 kHz)
REPLY_SECONDS = 30.0  # a phrase takes some 0.1 s; no answer for this long is a hung process
PAUSE = "pau"
RENAME = {"y": "j"}  # Festival's "y" is the consonant; the singer would read it as a vowel
# What the singer needs of a word: its letters, digits and joins. Quotes and brackets
# would end the Scheme string or become tokens of their own.
UNSPOKEN = re.compile(r"[^\w'\-]+")
# studio_say: speak TEXT at RATE (HTS's speed, 1 its own) into WAV, then print each
# segment's name, end in seconds and the index of the token it came from, and END.
SCHEME = r"""
(define (studio_tokens utt)
  (let ((tok (utt.relation.first utt 'Token)) (n 0))
    (while tok (item.set_feat tok "idx" n) (set! n (+ n 1)) (set! tok (item.next tok)))))
(define (studio_say text wav rate)
  (set! hts_engine_params (append studio_params (list (list "-r" rate))))
  (let ((utt (eval (list 'Utterance 'Text text))))
    (utt.synth utt)
    (studio_tokens utt)
    (utt.save.wave utt wav 'riff)
    (mapcar (lambda (seg) (format t "S %s %f %s\n" (item.name seg) (item.feat seg "end")
                                  (item.feat seg "R:SylStructure.parent.parent.R:Token.parent.idx")))
            (utt.relation.items utt 'Segment)))
  (format t "END\n")
  (fflush nil))
(if (member 'VOICE (voice.list))
    (begin (voice_VOICE) (set! studio_params hts_engine_params) (format t "READY\n"))
    (format t "NOVOICE\n"))
(fflush nil)
""".replace("VOICE", VOICE)


def festival_program() -> tuple[list[str], dict[str, str]]:
    """The command that starts Festival, and its environment: the bundle's own copy where
    the app is frozen (its library folder passed on), the system's otherwise."""
    internal = Path(getattr(sys, "_MEIPASS", ""))
    bundled = internal / "festival"
    if getattr(sys, "frozen", False) and (bundled / "festival").is_file():
        # PyInstaller puts the program's libraries (Edinburgh Speech Tools) beside Python's.
        env = {**os.environ, "LD_LIBRARY_PATH": os.pathsep.join([str(internal), os.environ.get("LD_LIBRARY_PATH", "")])}
        share = str(bundled / "share")  # its Scheme, lexicons and the voice, found there and not in /usr
        return [str(bundled / "festival"), "--libdir", share, "--datadir", share, "--pipe"], env
    program = shutil.which("festival")
    if program is None:
        raise AudioError("the female voice needs Festival (the festival and festvox-us-slt-hts packages)")
    return [program, "--pipe"], dict(os.environ)


class FestivalSpeaker:
    """One per process (see ``festival_speaker()``): Festival starts and loads the voice in
    about 0.2 s."""

    def __init__(self):
        command, env = festival_program()
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                text=True,
                encoding="utf-8",
            )
        except OSError as exc:
            raise AudioError(f"Festival could not start: {exc}") from None
        self._lock = threading.Lock()  # one process, one phrase at a time
        self._lines: queue.Queue[str | None] = queue.Queue()  # Festival's output, read by a thread of its own
        threading.Thread(target=self._read, daemon=True, name="festival-output").start()
        self._folder = tempfile.TemporaryDirectory(prefix="studio-festival-")
        answer = self._send(SCHEME, until=("READY", "NOVOICE"))
        if answer[-1] != "READY":
            self.close()
            raise AudioError(f"Festival has no voice {VOICE} (the festvox-us-slt-hts package)")
        self.rate = RATE
        self._say = functools.lru_cache(maxsize=4096)(self._say_uncached)

    def say(self, word: str, voice: str = "female") -> Utterance:
        return self.say_words((word,), voice)[0]

    def say_words(
        self, words: tuple[str, ...], voice: str = "female", pace: float = 1.0, held: tuple[bool, ...] = ()
    ) -> list[Utterance]:
        """Words spoken as one phrase and cut apart again, as NeuralSpeaker.say_words: one
        Utterance per word on the phrase's samples; ``pace`` times slower than the voice's
        own rate. The voice is the female one whatever ``voice`` says; ``held`` is not used
        (Festival's lexicon says function words in their full forms already)."""
        return self._say(tuple(words), rounded_pace(pace))

    def _say_uncached(self, words: tuple[str, ...], pace: float) -> list[Utterance]:
        import soundfile

        spoken = [UNSPOKEN.sub("", word).strip("-'") for word in words]
        kept = [k for k, text in enumerate(spoken) if text]  # token n is word kept[n]
        phones: list[list[Phone]] = [[] for _ in words]
        if not kept:
            return [Utterance(self.rate, np.zeros(0, np.float32), ()) for _ in words]
        wav = Path(self._folder.name) / "phrase.wav"
        text = " ".join(spoken[k] for k in kept)
        lines = self._send(f'(studio_say "{text}" "{wav.as_posix()}" {1.0 / pace:.3f})\n', until=("END",))
        samples, self.rate = soundfile.read(str(wav), dtype="float32")
        start = 0
        for line in lines:
            parts = line.split()
            if len(parts) != 4 or parts[0] != "S":
                continue
            name, end, token = parts[1], min(round(float(parts[2]) * self.rate), len(samples)), int(float(parts[3]))
            if name != PAUSE and 0 <= token < len(kept) and end > start:
                phones[kept[token]].append(Phone(RENAME.get(name, name), start, end))
            start = max(start, end)
        return [Utterance(self.rate, samples, with_releases(tuple(p), samples, FRAME)) for p in phones]

    def _send(self, scheme: str, until: tuple[str, ...]) -> list[str]:
        """Scheme to Festival, and its output lines up to one of ``until``."""
        with self._lock:
            try:
                self._process.stdin.write(scheme)
                self._process.stdin.flush()
                lines: list[str] = []
                while not lines or lines[-1] not in until:
                    line = self._lines.get(timeout=REPLY_SECONDS)
                    if line is None:
                        raise AudioError("Festival stopped while it spoke the female voice")
                    lines.append(line.strip())
            except queue.Empty:
                raise AudioError(f"Festival gave no answer in {REPLY_SECONDS:.0f} s") from None
            except (OSError, ValueError) as exc:  # a pipe closed under us
                raise AudioError(f"Festival stopped: {exc}") from None
        return lines

    def _read(self) -> None:
        for line in self._process.stdout:
            self._lines.put(line)
        self._lines.put(None)  # the process has ended

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._folder.cleanup()


@functools.lru_cache(maxsize=1)
def festival_speaker() -> FestivalSpeaker:
    return FestivalSpeaker()
