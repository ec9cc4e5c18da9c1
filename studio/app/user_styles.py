"""A style of the musician's own, learned from their MIDI files.

``read_sources`` reads a folder (or files) and says what is usable; ``make_user_style``
learns the style data from the files (compose.style_learning), fine-tunes the melody model
on their melodies (ml.train) and writes the style into the musician's data folder:

    <data>/styles/<id>/style.toml       the readable style file (the base style's band, the
                                        files' rhythm, tempo, meter and chord loops)
                         melody.pt      fine-tuned weights, with melody.pt.sha256 beside them
                         card.md        which files, how many melodies and notes, bits/note

It is written in ``.new-<id>`` (checkpoints there after every evaluation) and renamed into
place only when complete, so the style list never shows a half-written style; a crash leaves
the last good checkpoint in the hidden folder, a cancel removes it.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from studio.compose.style_learning import learn_style, plays_chords
from studio.compose.styles import (
    USER_STYLE_FILE,
    USER_WEIGHTS,
    Style,
    get_style,
    load_style,
    read_style_table,
    style_folder,
    user_style_folder,
)
from studio.core.atomic import atomic_write_text
from studio.core.errors import Cancelled, MidiError, StudioError

MIDI_SUFFIXES = (".mid", ".midi", ".kar")
MAX_FILES = 300  # a bigger folder is sampled, and the musician is told
USER_TOKEN = "user1"  # each user style has its own weights, so one conditioning slot serves them all
HELD_OUT_SHARE = 0.1  # a tenth of the melodies is scored, never trained on
LEARNING_RATE, WARMUP, BATCH = 1e-4, 5, 16
CONTEXT = 256  # tokens a training window holds (the melody model's context)
EPOCHS, STEPS_RANGE = 24, (20, 400)
CHECKS = 10  # times the held-out melodies are scored while fine-tuning; the best weights are kept
TIMED_STEPS = 3  # steps an estimate of the training time is measured over


@dataclass(frozen=True)
class StyleSource:
    """What a folder of MIDI files holds, before any training: shown to the musician."""

    found: int  # MIDI files found
    used: tuple[Path, ...]  # files with a usable melody
    songs: tuple  # their Songs, as read
    melodies: tuple  # their melodies (ml.corpus.Melody)
    skipped: tuple[str, ...]  # one line per file left out, with the reason
    sampled: bool  # the folder held more than MAX_FILES: a sample of them was read

    @property
    def notes(self) -> int:
        return sum(len(m.notes) for m in self.melodies)

    def summary(self) -> str:
        """One line: what will be learned from, and what was left out."""
        line = f"{len(self.melodies)} melodies ({self.notes} notes) in {self.found} MIDI files"
        if self.skipped:
            line += f"; {len(self.skipped)} skipped"
        if self.sampled:
            line += f"; more than {MAX_FILES} files, so {MAX_FILES} chosen at random were read"
        return line


def style_id_for(name: str) -> str:
    """The folder and command-line id of a style name: "My Folk Songs" -> "my-folk-songs"."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
    if not slug:
        raise StudioError(f"{name!r} cannot name a style: use letters or digits")
    return slug


def user_style_exists(style_id: str) -> bool:
    return (user_style_folder() / style_id / USER_STYLE_FILE).is_file()


def check_name(name: str, replace: bool) -> str:
    """The new style's id; a name a shipped style has, or one of the musician's (unless it is
    being replaced), is a StudioError saying so."""
    style_id = style_id_for(name)
    if (style_folder() / f"{style_id}.toml").is_file():
        raise StudioError(f"Studio has a style called {style_id!r} already; choose another name")
    if user_style_exists(style_id) and not replace:
        raise StudioError(f"you have a style called {style_id!r} already; replace it or choose another name")
    return style_id


def midi_files(paths: list[Path]) -> list[Path]:
    """The MIDI files of folders (searched through) and files given."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in MIDI_SUFFIXES and p.is_file())
        elif path.is_file() and path.suffix.lower() in MIDI_SUFFIXES:
            found.append(path)
        elif not path.exists():
            raise StudioError(f"{path} does not exist")
    return found


def read_sources(paths: list[Path], on_file: Callable[[int, int], None] | None = None) -> StyleSource:
    """Every usable melody in the MIDI files of ``paths``; broken files, files with only drums
    or only chords, and files without 8 notes of melody are skipped and counted. A StudioError
    when nothing is usable."""
    from studio.formats.midi_import import read_midi
    from studio.ml.corpus import melody_from_song

    files = midi_files(paths)
    if not files:
        raise StudioError(f"no MIDI files (.mid, .midi, .kar) in {', '.join(str(p) for p in paths)}")
    sampled = len(files) > MAX_FILES
    chosen = sorted(random.Random(0).sample(files, MAX_FILES)) if sampled else files
    used, songs, melodies, skipped = [], [], [], []
    for done, path in enumerate(chosen, start=1):
        if on_file:
            on_file(done, len(chosen))
        try:
            song = read_midi(path)
        except MidiError as exc:
            skipped.append(f"{path.name}: {exc}")
            continue
        track = song.melody_track()
        if track is None:
            skipped.append(f"{path.name}: only drums, no melody")
            continue
        if plays_chords(track):
            skipped.append(f"{path.name}: only chords, no melody")
            continue
        melody = melody_from_song(song, path.stem, USER_TOKEN)
        if melody is None:
            skipped.append(f"{path.name}: no melody of 8 notes or more")
            continue
        used.append(path)
        songs.append(song)
        melodies.append(melody)
    if not melodies:
        reasons = "; ".join(skipped[:3])
        raise StudioError(f"no usable melodies in {len(files)} MIDI files ({reasons})")
    return StyleSource(len(files), tuple(used), tuple(songs), tuple(melodies), tuple(skipped), sampled)


def split_held_out(melodies: list) -> tuple[list, list]:
    """(train, held out): every tenth melody is held out, at least one when there are three
    or more; with fewer, all are trained on and nothing is scored."""
    if len(melodies) < 3:
        return list(melodies), []
    every = max(2, round(1 / HELD_OUT_SHARE)) if len(melodies) >= 10 else len(melodies)
    held = [m for k, m in enumerate(melodies) if k % every == every - 1]
    return [m for m in melodies if m not in held], held


def default_steps(source: StyleSource) -> int:
    """Fine-tuning steps: EPOCHS passes over the folder's melodies (BATCH windows of the
    model's 256-token context a step), within STEPS_RANGE. The weights kept are the step's
    that scores the held-out tenth best, so more steps cost time, not quality: 50 pentatonic
    riffs read 2.61 bits/note after 20 steps, 2.38 after 60, 2.25 after 120 (3.40 before);
    50 Scottish airs the model knows the like of gained nothing at any step
    (bench/bench_user_style.py)."""
    from studio.ml.tokens import encode

    tokens = sum(len(e.tokens) for e in map(encode, source.melodies) if e is not None)
    low, high = STEPS_RANGE
    return max(low, min(high, round(EPOCHS * tokens / (BATCH * CONTEXT))))


def estimate_seconds(source: StyleSource, steps: int, device: str = "auto", init: Path | None = None,
                     threads: int = 1) -> float:  # fmt: skip
    """How long fine-tuning would take here: a few steps timed on a throwaway copy."""
    from studio.ml.device import pick_device
    from studio.ml.model import load_checkpoint, load_shipped_model
    from studio.ml.train import TrainConfig, token_streams, train

    model, _ = load_checkpoint(init) if init else load_shipped_model()
    model.to(pick_device(device))
    trial = TIMED_STEPS + 1
    config = TrainConfig(steps=trial, batch=BATCH, learning_rate=0.0, warmup=1, eval_every=trial, threads=threads)
    ended: list[float] = []

    def clock() -> bool:  # asked after every step: when each one ended
        ended.append(time.perf_counter())
        return False

    train(model, config, token_streams(list(source.melodies), USER_TOKEN), None, should_stop=clock)
    per_step = (ended[-1] - ended[0]) / TIMED_STEPS  # the first step warms up, and is not counted
    return per_step * steps + 2 * per_step * len(source.melodies) / BATCH  # and scoring the held-out tenth


def make_user_style(
    source: StyleSource,
    name: str,
    base: str,
    steps: int | None = None,
    on_progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    device: str = "auto",
    init: Path | None = None,
    threads: int = 1,
    replace: bool = False,
) -> Style:
    """Learn a style from ``source`` starting from the style ``base``; returns it as the
    style list will show it. Cancelled (nothing written) when ``should_stop`` says so."""
    style_id = check_name(name, replace)
    if replace and name == style_id and user_style_exists(style_id):
        name = get_style(style_id).name  # learned again by its id: it keeps the musician's name for it
    base_style = get_style(base)
    if base_style.folder is not None:
        raise StudioError("a new style starts from one of Studio's styles, not from another of yours")
    staging = user_style_folder() / f".new-{style_id}"
    shutil.rmtree(staging, ignore_errors=True)  # a crashed run's leftovers: started afresh
    staging.mkdir(parents=True)
    started = time.perf_counter()
    try:
        figures = _fine_tune(source, staging / USER_WEIGHTS, steps or default_steps(source), on_progress,
                             should_stop, device, init, threads)  # fmt: skip
        figures |= {"base": base, "files": source.found, "melodies": len(source.melodies), "notes": source.notes,
                    "skipped": len(source.skipped), "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
        description = f"learned from {len(source.melodies)} of your melodies, on {base_style.name}"
        table, learned = learn_style(list(source.songs), read_style_table(style_folder() / f"{base}.toml"), name,
                                     description)  # fmt: skip
        table.setdefault("melody", {})["style_token"] = USER_TOKEN
        table["learned"] = {k: v for k, v in figures.items() if v is not None}
        atomic_write_text(staging / "card.md", _card(name, source, learned, figures))
        atomic_write_text(staging / USER_STYLE_FILE, _style_text(table, name, base))
        load_style(staging / USER_STYLE_FILE)  # it reads back as a style before it is shown anywhere
        _publish(staging, user_style_folder() / style_id)
    except Cancelled:
        shutil.rmtree(staging, ignore_errors=True)  # cancelled: as if it had never started
        raise
    return get_style(style_id)


def _fine_tune(source, weights: Path, steps, on_progress, should_stop, device, init, threads) -> dict:
    """Fine-tune the melody model on all but the held-out tenth and keep the weights that
    score those melodies best (the shipped ones, if no step beats them: a folder close to
    what the model learned from gains little and overfits fast), saved after every check;
    the weights' checksum beside them; the figures for the card."""
    import copy

    from studio.ml.device import pick_device
    from studio.ml.evaluate import melody_bits
    from studio.ml.model import file_sha256, load_checkpoint, load_shipped_model, save_checkpoint
    from studio.ml.train import TrainConfig, token_streams, train

    model, _ = load_checkpoint(init) if init else load_shipped_model()
    model.to(pick_device(device))
    train_melodies, held = split_held_out(list(source.melodies))
    before = melody_bits(model, held, USER_TOKEN)
    config = TrainConfig(steps=steps, batch=BATCH, learning_rate=LEARNING_RATE, warmup=min(WARMUP, steps // 4),
                         eval_every=max(1, steps // CHECKS), threads=threads)  # fmt: skip
    log: list[dict] = []
    best = {"bits": before, "step": 0, "state": copy.deepcopy(model.state_dict())}

    def progress(entry: dict) -> None:
        bits = melody_bits(model, held, USER_TOKEN)
        log.append(entry | {"held_out_bits": bits})
        if bits is None or bits < best["bits"]:
            best.update(bits=bits, step=entry["step"], state=copy.deepcopy(model.state_dict()))
            save_checkpoint(model, weights, {"log": log, "train": asdict(config)})  # the best so far is kept
        if on_progress:
            on_progress(entry | {"steps": steps})

    train(model, config, token_streams(train_melodies, USER_TOKEN), None, on_progress=progress,
          should_stop=should_stop)  # fmt: skip
    if should_stop and should_stop():
        raise Cancelled("the new style was not made")
    model.load_state_dict(best["state"])
    save_checkpoint(model, weights, {"log": log, "train": asdict(config), "kept_step": best["step"]})
    atomic_write_text(weights.with_name(f"{weights.name}.sha256"), f"{file_sha256(weights)}  {weights.name}\n")
    last = log[-1] if log else {"step": 0, "tokens_per_second": 0}
    return {"held_out": len(held), "bits_before": before, "bits_after": best["bits"], "kept_step": best["step"],
            "steps": last["step"], "tokens_per_second": last["tokens_per_second"]}  # fmt: skip


def _publish(staging: Path, target: Path) -> None:
    """The finished folder takes the style's name in one rename; a style it replaces is
    moved aside first and removed after."""
    old = target.with_name(f".old-{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def delete_user_style(style_id: str) -> None:
    if not user_style_exists(style_id):
        raise StudioError(f"you have no style called {style_id!r}")
    folder = user_style_folder() / style_id
    hidden = folder.with_name(f".deleted-{style_id}")
    shutil.rmtree(hidden, ignore_errors=True)
    folder.rename(hidden)  # gone from the list at once, even if removing the files fails
    shutil.rmtree(hidden, ignore_errors=True)


def rename_user_style(style_id: str, name: str) -> Style:
    """A new display name; the id (its folder) stays, so songs made with it still find it."""
    if not user_style_exists(style_id):
        raise StudioError(f"you have no style called {style_id!r}")
    if not name.strip():
        raise StudioError("a style needs a name")
    path = user_style_folder() / style_id / USER_STYLE_FILE
    table = read_style_table(path)
    table["name"] = name.strip()
    atomic_write_text(path, _style_text(table, name.strip(), table.get("learned", {}).get("base", "")))
    return get_style(style_id)


def _style_text(table: dict, name: str, base: str) -> str:
    """The style file as a musician reads it: a header, and short lists on one line."""
    import tomli_w

    text = tomli_w.dumps(table)
    text = re.sub(r"\[\n((?:    [^\[\]\n{}]+,\n)+)\]", lambda m: "[" + ", ".join(
        item.strip().rstrip(",") for item in m.group(1).splitlines()) + "]", text)  # fmt: skip
    return (f"# {name}: a style Studio learned from your MIDI files, starting from {base!r}.\n"
            "# Edit it like any style file (see resources/styles/); [learned] is what the training measured.\n\n"
            + text)  # fmt: skip


def _kept(figures: dict) -> str:
    if figures["bits_before"] is None:
        return "the last step's weights"
    if figures["kept_step"] == 0:
        return "the shipped weights (no step sang your held-out melodies better)"
    return f"the weights of step {figures['kept_step']}, the best on the held-out melodies"


def _card(name: str, source: StyleSource, learned, figures: dict) -> str:
    bits = (f"{figures['bits_before']:.2f} before fine-tuning, {figures['bits_after']:.2f} after"
            if figures["bits_before"] is not None else "not measured (fewer than 3 melodies)")  # fmt: skip
    lines = [
        f"# {name}",
        "",
        f"Learned from {source.summary()}, starting from the style {figures['base']!r}.",
        "",
        f"- melodies: {figures['melodies']} ({figures['notes']} notes); held out and never trained on: "
        f"{figures['held_out']}",
        f"- pitch bits per note on the held-out melodies: {bits}",
        f"- fine-tuning: {figures['steps']} steps in {figures['seconds']:.0f} s "
        f"({figures['tokens_per_second']} tokens/s); kept: {_kept(figures)}",
        f"- tempo in the files: {learned.tempos[0]:.0f}-{learned.tempos[1]:.0f} BPM; meter {learned.meter}"
        if learned.tempos
        else "- tempo and meter: the base style's",
        f"- chord loops ({learned.chord_bars} bars of chords, a chord a {learned.chord_rhythm or 'bar'}): "
        f"{', '.join(learned.loops)}"
        if learned.loops
        else f"- chord loops: the base style's ({learned.chord_bars} bars of chords in the files)",
        "",
        "## Files",
        "",
        *[f"- {path.name}" for path in source.used],
    ]
    if source.skipped:
        lines += ["", "## Skipped", "", *[f"- {reason}" for reason in source.skipped]]
    return "\n".join(lines) + "\n"


def training_command(folders: list[Path], name: str, base: str, dry_run: bool = False, replace: bool = False,
                     device: str = "auto") -> list[str]:  # fmt: skip
    """The command line that learns a style in a process of its own (the window's way: its
    GUI thread only reads the progress lines): ``studio train --from-midi ...``."""
    import sys

    studio = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "studio"]
    command = [*studio, "train", "--from-midi", *map(str, folders), "--style", name, "--from", base,
               "--device", device, "--progress", "json"]  # fmt: skip
    return command + ["--dry-run"] * dry_run + ["--replace"] * replace
