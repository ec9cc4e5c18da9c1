"""The matrix of songs: every style x the lyric set x the seeds, written by the code
`studio generate` runs (studio.app.songs.generate_into) and measured from the files it
wrote. Two worker processes, each with one engine loaded once and one torch
thread; the recogniser runs afterwards on the songs picked for it."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench.songcraft.measure import HALVES, Lyric, measure_song


@dataclass(frozen=True)
class Job:
    style: str
    lyric: Lyric
    seed: int
    listen_dry: bool = False  # transcribe the dry vocal stem
    listen_mix: bool = False  # and the mix

    def folder(self, root: Path) -> Path:
        return root / "songs" / self.style / self.lyric.name / f"seed{self.seed}"


def plan(styles: list[str], lyrics: list[Lyric], seeds: list[int], dry_per_style: int, mix_per_style: int) -> list[Job]:
    """Every (style, lyric, seed). The recogniser hears the dry vocal of ``dry_per_style``
    English lyrics per style at every seed, the halves in turn (the first two as they always
    were, more further on in each half), and the first seed's mix of the first
    ``mix_per_style`` of them; from one style to the next it moves on through the lyric set,
    so that every English lyric is heard in some style. Both seeds: with one, 32 songs gave
    the mean a standard error of about 0.012, twice the distance to its goal."""
    english = [[ly for ly in lyrics if ly.english and ly.half == half] for half in HALVES]
    jobs = []
    for s, style in enumerate(styles):
        heard: dict[str, int] = {}
        for i in range(dry_per_style):
            pool = english[(s + i) % len(english)]
            if pool:
                step = s if dry_per_style >= len(english) else s // len(english)
                step += 3 * (i // len(english))  # past one lyric per half: three lyrics further on
                heard.setdefault(pool[step % len(pool)].name, i)
        for lyric in lyrics:
            for seed in seeds:
                rank = heard.get(lyric.name)
                mix = rank is not None and rank < mix_per_style and seed == seeds[0]
                jobs.append(Job(style, lyric, seed, rank is not None, mix))
    return jobs


_engine = None


def _start_worker() -> None:
    """One engine per worker process, rendering into a scratch folder of its own."""
    global _engine
    import tempfile

    from studio.app.engine import Engine
    from studio.core.settings import load_settings
    from studio.ml.device import single_threaded

    single_threaded()
    _engine = Engine(load_settings()[0], audio_folder=tempfile.mkdtemp(prefix="songcraft-render-"))
    _engine.models(), _engine.synth()


def make_and_measure(job_and_root: tuple[Job, Path]) -> tuple[Job, dict]:
    """Generate one song into its folder, measure it, and keep only the audio the
    recogniser will hear (a song's WAVs are about 1 MB a second)."""
    from studio.app.songs import generate_into
    from studio.app.wire import files_in
    from studio.compose.request import SongRequest

    job, root = job_and_root
    folder = job.folder(root)
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    request = SongRequest(job.lyric.text, job.style, seed=job.seed, title=job.lyric.name)
    _, rendering = generate_into(_engine, request, folder)
    for path in files_in(rendering):  # the engine's own copies; the song's files are written
        Path(path).unlink(missing_ok=True)
    made = time.perf_counter() - started
    figures, _ = measure_song(folder, job.lyric)
    figures.update(seconds_of_music=rendering.seconds, generate_seconds=made,
                   measure_seconds=time.perf_counter() - started - made)  # fmt: skip
    for wav in folder.rglob("*.wav"):
        keep = (job.listen_dry and wav.name == "Vocal.wav") or (job.listen_mix and wav.name == "song.wav")
        if not keep:
            wav.unlink()
    return job, figures


def run_matrix(jobs: list[Job], root: Path, workers: int, on_song=None) -> list[tuple[Job, dict]]:
    from multiprocessing import get_context

    results = []
    with get_context("spawn").Pool(workers, initializer=_start_worker) as pool:
        for job, figures in pool.imap_unordered(make_and_measure, [(job, root) for job in jobs]):
            results.append((job, figures))
            if on_song:
                on_song(job, figures, len(results), len(jobs))
    order = {(j.style, j.lyric.name, j.seed): i for i, j in enumerate(jobs)}
    return sorted(results, key=lambda r: order[(r[0].style, r[0].lyric.name, r[0].seed)])


def listen(results: list[tuple[Job, dict]], root: Path, transcriber, on_song=None) -> None:
    """Word error rates of the dry vocal and of the mix, into each song's figures."""
    from bench.songcraft.asr import intelligibility

    for job, figures in results:
        folder = job.folder(root)
        for wanted, wav, key in ((job.listen_dry, folder / "stems" / "Vocal.wav", "wer_dry"),
                                 (job.listen_mix, folder / "song.wav", "wer_mix")):  # fmt: skip
            if wanted and wav.is_file():
                heard = intelligibility(transcriber, wav, job.lyric.sung_text)
                figures[key], figures[key.replace("wer", "heard")] = heard["wer"], heard["heard"]
                wav.unlink()
                if on_song:
                    on_song(job, key, heard["wer"])
