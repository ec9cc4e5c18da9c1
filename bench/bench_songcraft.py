"""The songcraft benchmark: every style x the lyric set x two seeds, measured the way a
musician hears a song, from the files `studio generate` writes (song.mid, stems/).

    .venv/bin/python bench/bench_songcraft.py            # the whole matrix, writes docs/MUSICALITY.md
    .venv/bin/python bench/bench_songcraft.py --quick    # 4 lyrics, 1 seed: day-to-day work
    .venv/bin/python bench/bench_songcraft.py --reference  # measure the human rows again first

The recogniser and the plain-speech voice come from the `bench` extra
(`.venv/bin/pip install -e '.[bench]'`); without it, --no-asr. The figures are defined in
bench/songcraft/ (one module per level: prosody, phrasing, melody, band, vocal, asr).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from bench.songcraft import report  # noqa: E402
from bench.songcraft.matrix import listen, plan, run_matrix  # noqa: E402
from bench.songcraft.measure import lyric_set  # noqa: E402
from bench.songcraft.reference import load_reference  # noqa: E402
from bench.songcraft.summary import aggregate, style_distinctness  # noqa: E402

QUICK_LYRICS = ("morning-train", "city-rap", "paper-boats", "winter-ballad")
SPEECH_LYRICS = ("morning-train", "paper-boats")  # one per half, spoken plainly for the recogniser


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 lyrics, 1 seed, fewer transcriptions")
    parser.add_argument("--no-asr", action="store_true", help="skip the recogniser (no bench extra needed)")
    parser.add_argument("--reference", action="store_true", help="measure the human reference rows again")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="where the songs go (default: a temporary folder)")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "MUSICALITY.md")
    return parser.parse_args(argv)


def plain_speech(lyrics, folder: Path, transcriber) -> list[str]:
    from bench.songcraft.asr import intelligibility
    from bench.songcraft.speech_reference import espeak_speech, festival_speech, piper_speech

    voices = {  # column name -> how the lyric's lines are spoken into a file (None: voice missing)
        "eSpeak NG female": lambda lines, target: espeak_speech(lines, "female", target),
        "eSpeak NG male": lambda lines, target: espeak_speech(lines, "male", target),
        "Piper joe (male)": piper_speech,
        "Festival slt (female)": festival_speech,
    }
    rows = ["| lyric (half) | " + " | ".join(voices) + " |", "|---" * len(voices) + "|---|"]
    for lyric in (ly for ly in lyrics if ly.name in SPEECH_LYRICS):
        lines = [" ".join(words) for _, words in lyric.lines]
        cells = []
        for k, speak in enumerate(voices.values()):
            wav = speak(lines, folder / f"{lyric.name}-{k}.wav")
            cells.append(report._cell(intelligibility(transcriber, wav, lyric.sung_text)["wer"]) if wav else "–")
        rows.append(f"| {lyric.name} ({lyric.half}) | " + " | ".join(cells) + " |")
    return rows


def main(argv=None) -> int:
    args = parse_args(argv)
    from studio.compose.styles import list_styles

    started = time.perf_counter()
    reference = load_reference(rebuild=args.reference)
    lyrics = lyric_set()
    if args.quick:
        lyrics = [ly for ly in lyrics if ly.name in QUICK_LYRICS]
    styles = [s.id for s in list_styles()]
    seeds = [1] if args.quick else [1, 2]
    jobs = plan(styles, lyrics, seeds, dry_per_style=1 if args.quick else 4, mix_per_style=0 if args.quick else 1)
    if args.no_asr:
        jobs = [type(j)(j.style, j.lyric, j.seed) for j in jobs]
    with tempfile.TemporaryDirectory(prefix="songcraft-") as scratch:
        root = args.out or Path(scratch)

        def said(job, figures, done, total):
            print(f"[{done}/{total}] {job.style} {job.lyric.name} seed {job.seed}: "
                  f"{figures['seconds_of_music']:.0f} s of music, made in {figures['generate_seconds']:.1f} s",
                  file=sys.stderr, flush=True)  # fmt: skip

        results = run_matrix(jobs, root, args.workers, said)
        made = time.perf_counter() - started
        speech = []
        if not args.no_asr:
            from bench.songcraft.asr import WhisperTranscriber

            transcriber = WhisperTranscriber(root / "cache")
            listen(results, root, transcriber, lambda job, key, wer: print(
                f"{key} {job.style} {job.lyric.name}: {wer:.2f}", file=sys.stderr, flush=True))  # fmt: skip
            speech = [] if args.quick else plain_speech(lyrics, root, transcriber)
    elapsed = time.perf_counter() - started
    write_document(args, results, reference, speech, made, elapsed)
    return 0


def write_document(args, results, reference, speech, made, elapsed) -> None:
    rows = [(job, {k: v for k, v in f.items() if k != "places"}) for job, f in results]
    groups = {"all songs": [f for _, f in rows]}
    for half in ("tune", "held-out"):
        groups[f"{half} lyrics"] = [f for job, f in rows if job.lyric.half == half]
    by_style: dict[str, dict[str, list[dict]]] = {}
    for job, f in rows:
        by_style.setdefault(job.style, {}).setdefault(job.lyric.half, []).append(f)
    flat_style = {s: [f for half in h.values() for f in half] for s, h in by_style.items()}
    distinct = style_distinctness([(job.style, job.seed, f) for job, f in rows])
    places = {"stressed": [], "unstressed": []}
    for _, f in results:
        if f.get("meter") == "4/4" and f.get("places"):  # one bar for all
            for kind in places:
                places[kind] += f["places"][kind]
    plot = args.doc.parent / "songcraft-onsets.png"
    report.onset_plot(places, reference["english_places"], plot)
    human = reference["rows"]
    listened = [(j.style, j.lyric.name, j.lyric.half, j.seed, f) for j, f in rows]
    text = [
        "# Musicality: the songcraft benchmark",
        "",
        f"`.venv/bin/python bench/bench_songcraft.py{' --quick' if args.quick else ''}` on {machine()}: "
        f"{len(rows)} songs ({len(flat_style)} styles x {len({j.lyric.name for j, _ in rows})} lyrics x "
        f"{len({j.seed for j, _ in rows})} seeds) written by `studio generate`'s own code and measured from "
        f"song.mid and stems/ alone; {made:.0f} s to make and measure them, {elapsed:.0f} s in all.",
        "",
        "Lyrics: `bench/lyrics/tune/` may steer the models, `bench/lyrics/held-out/` may not. Human rows: the "
        "held-out melodies of the melody model's split and the English songs music21 ships, measured by the same "
        "code (`bench/songcraft/reference.json`, remade with `--reference`). Medians over songs; prosody shares "
        "pooled over syllables; word error rates are means. ✓/✗ marks the goal on all songs. Definitions: "
        "`bench/songcraft/` and shared/notes/musicality.md.",
        "",
        "## All songs, each half of the lyric set, and the human references",
        "",
        *report.summary_table(groups, human),
        "",
        "## Per style (tune / held-out lyrics)",
        "",
        *report.style_table(by_style),
        "",
        "## Chord vocabulary per style",
        "",
        *report.vocabulary_table(flat_style),
        "",
        "## Style distinctness",
        "",
        "Features: notes per beat and per syllable, syncopation, note-length entropy and most common length, "
        "mean interval, repeated notes, leaps, range, bars per line, distinct chords, chord changes per bar, "
        "drum hits and bass notes per bar; no instruments, no tempo.",
        "",
        *report.distinctness_lines(distinct),
        "",
        "## Where syllables start in the bar",
        "",
        f"![stressed and unstressed syllable onsets]({plot.name})",
        "",
        "## What a listener understands",
        "",
        "Whisper base (faster-whisper, int8, beam 5, language en, no VAD) on the dry vocal stem and on the mix, "
        "against the sung words; a few lyrics of each half per style in turn, at both seeds (the mix at the first).",
        "",
        *report.listening_table(listened),
        "",
    ]
    if speech:
        text += ["The same recogniser on plain speech of whole lyrics (no music):", "", *speech, ""]
    args.doc.write_text("\n".join(text), encoding="utf-8")
    songs = [{"style": j.style, "lyric": j.lyric.name, "half": j.lyric.half, "seed": j.seed, **f} for j, f in rows]
    (args.doc.parent / "musicality.json").write_text(
        json.dumps({"songs": songs, "all": aggregate([f for _, f in rows])}, indent=1, default=str) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.doc}, {plot.name} and musicality.json ({elapsed:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
