"""The model commands of the CLI: corpus, train, eval, harmony.

They rebuild what ships in models/; see models/README.md for the figures they produced.
(A style of the musician's own, fine-tuned on their files, is cli.user_style.)
"""

from __future__ import annotations

import json
import sys
import time

from studio.core.errors import StudioError


def cmd_corpus(args) -> int:
    from collections import Counter

    from studio.core.paths import model_path
    from studio.core.settings import cache_dir
    from studio.ml.corpus import CACHE_VERSION, COLLECTIONS, build_cache, read_cache
    from studio.ml.split import make_split, write_split

    unknown = set(args.collections or ()) - set(COLLECTIONS)
    if unknown:
        raise StudioError(f"unknown collection {sorted(unknown)[0]} (choose from {', '.join(COLLECTIONS)})")
    target = cache_dir() / f"corpus-v{CACHE_VERSION}.jsonl.gz"
    started = time.perf_counter()

    def progress(stage: str, fraction: float) -> None:
        print(f"{stage} ({fraction:.0%})", file=sys.stderr, flush=True)

    report = build_cache(target, tuple(args.collections or COLLECTIONS), on_progress=progress)
    melodies = list(read_cache(target))
    counts = Counter(m.collection for m in melodies)
    print(
        f"wrote {target}: {report['melodies']} melodies from {report['files']} files in "
        f"{time.perf_counter() - started:.0f} s ({len(report['problems'])} files skipped)"
    )
    for collection, count in sorted(counts.items()):
        print(f"  {collection}: {count}")
    if args.write_split:
        split = make_split(melodies)
        write_split(split, model_path("splits"))
        share = Counter(split.values())
        print(f"split: {share['train']} train, {share['valid']} valid, {share['test']} test -> {model_path('splits')}")
    return 0


def _corpus_sides():
    """(train, valid, test) melodies from the corpus cache and the committed split."""
    from studio.core.paths import model_path
    from studio.core.settings import cache_dir
    from studio.ml.corpus import CACHE_VERSION, read_cache
    from studio.ml.split import read_split

    cache = cache_dir() / f"corpus-v{CACHE_VERSION}.jsonl.gz"
    if not cache.is_file():
        raise StudioError(f"no corpus cache at {cache}; run `studio corpus` first")
    test, valid = read_split(model_path("splits"))
    melodies = list(read_cache(cache))
    train = [m for m in melodies if m.id not in test and m.id not in valid]
    return train, [m for m in melodies if m.id in valid], [m for m in melodies if m.id in test]


def cmd_train(args) -> int:
    from dataclasses import asdict

    from studio.core.paths import model_path
    from studio.ml.model import MelodyConfig, save_checkpoint
    from studio.ml.train import TrainConfig, new_model, token_streams, train

    train_melodies, valid_melodies, _ = _corpus_sides()  # the test side is never touched here
    train_streams = token_streams(train_melodies)
    valid_streams = token_streams(valid_melodies)
    model = new_model(MelodyConfig.debug() if args.debug else MelodyConfig())
    steps = args.steps or 2800
    config = TrainConfig(steps=steps, batch=args.batch, eval_every=max(1, min(200, steps)))
    out = args.out or model_path("melody.pt")
    tokens = sum(map(len, train_streams))
    print(f"training {model.parameter_count():,} parameters on {len(train_streams)} melodies ({tokens:,} tokens)")
    log_so_far: list[dict] = []

    def progress(entry: dict) -> None:
        print(" ".join(f"{k}={v}" for k, v in entry.items()), flush=True)
        log_so_far.append(entry)
        meta = {"train": asdict(config), "log": log_so_far, "train_melodies": len(train_streams),
                "train_tokens": tokens}  # fmt: skip
        save_checkpoint(model, out, meta)  # every evaluation: a stopped run keeps its progress

    from studio.ml.device import pick_device

    device = pick_device(args.device)
    model.to(device)
    print(f"training on {device}", flush=True)
    train(model, config, train_streams, valid_streams, on_progress=progress)
    print(f"wrote {out}")
    return 0


def cmd_eval(args) -> int:
    from studio.core.paths import model_path
    from studio.ml.evaluate import evaluate
    from studio.ml.model import load_checkpoint

    started = time.perf_counter()
    model, _ = load_checkpoint(args.weights or model_path("melody.pt"))
    train, _, test = _corpus_sides()
    report = evaluate(model, train, test)
    overall = dict(report.pop("all"))
    overall["per_collection"] = report
    overall["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(overall))
        return 0
    print("collection   melodies  notes   model bits/note  baseline bits/note  update excl.  token NLL  accuracy")
    for name, row in [("all", overall), *sorted(report.items())]:
        print(
            f"{name:<12} {row['test_melodies']:>8} {row['test_notes']:>6} {row['model_pitch_bits_per_note']:>17.3f}"
            f" {row['baseline_pitch_bits_per_note']:>19.3f}"
            f" {row['baseline_update_exclusion_pitch_bits_per_note']:>13.3f} {row['model_token_nll']:>10.3f}"
            f" {row['model_token_accuracy']:>9.3f}"
        )
    print(f"({overall['seconds']:.0f} s)")
    return 0


def cmd_harmony(args) -> int:
    from studio.compose.harmony import HarmonyModel, harmony_metrics
    from studio.core.atomic import atomic_write_text
    from studio.core.paths import model_path
    from studio.ml.harmony_data import chorale_beats, chorale_files
    from studio.ml.split import read_split

    started = time.perf_counter()
    test_ids, _ = read_split(model_path("splits"))
    # The harmony has nothing to tune, so it learns from train and validation chorales alike.
    test_works = {i.rsplit("/", 2)[0] for i in test_ids if i.startswith("bach/")}  # "bach/bwv115.6"
    train, test = [], []
    files = chorale_files()
    for done, path in enumerate(files, start=1):
        if done % 50 == 0 or done == len(files):
            print(f"reading chorales {done}/{len(files)}", file=sys.stderr, flush=True)
        chorale = chorale_beats(path)
        if chorale:
            (test if chorale["work"] in test_works else train).append(chorale)
    model = HarmonyModel.fit(train)
    out = args.out or model_path("harmony.json")
    atomic_write_text(out, model.to_json())
    metrics = harmony_metrics(model, test)
    metrics["train_chorales"] = len(train)
    print(json.dumps(metrics))
    print(f"wrote {out} in {time.perf_counter() - started:.0f} s")
    return 0
