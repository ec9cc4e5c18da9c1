"""docs/MUSICALITY.md and its plot from the measured songs and the human rows."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench.songcraft.summary import FIGURES, aggregate

HUMAN_COLUMNS = ("essen", "bach", "english")


def _cell(value, key: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if key in ("range", "distinct_chords") or abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return str(value)


def _mark(figure, value) -> str:
    met = figure.met(value)
    return "" if met is None else (" ✓" if met else " ✗")


def summary_table(groups: dict[str, list[dict]], human: dict) -> list[str]:
    names = list(groups)
    head = ["figure", "goal", *names, "Essen", "Bach", "English songs"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    totals = {name: aggregate(rows) for name, rows in groups.items()}
    for figure in FIGURES:
        cells = [figure.label, figure.goal or ""]
        for i, name in enumerate(names):
            value = totals[name].get(figure.key)
            cells.append(_cell(value, figure.key) + (_mark(figure, value) if i == 0 else ""))
        cells += [_cell(human[h].get(figure.key), figure.key) for h in HUMAN_COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("| songs | | " + " | ".join(str(totals[n]["songs"]) for n in names) + " | "
                 + " | ".join(str(human[h]["songs"]) for h in HUMAN_COLUMNS) + " |")  # fmt: skip
    return lines


def style_table(by_style: dict[str, dict[str, list[dict]]]) -> list[str]:
    """Figures per style, each cell 'tune / held-out'."""
    styles = sorted(by_style)
    lines = ["| figure | goal | " + " | ".join(styles) + " |", "|" + "---|" * (len(styles) + 2)]
    totals = {s: {half: aggregate(rows) for half, rows in halves.items()} for s, halves in by_style.items()}
    for figure in FIGURES:
        cells = [figure.label, figure.goal or ""]
        for style in styles:
            pair = [_cell(totals[style].get(half, {}).get(figure.key), figure.key) for half in ("tune", "held-out")]
            cells.append(" / ".join(pair))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def vocabulary_table(by_style: dict[str, list[dict]]) -> list[str]:
    lines = ["| style | chords used (roman numerals, share of half bars) | a progression (first song, seed 1) |",
             "|---|---|---|"]  # fmt: skip
    for style in sorted(by_style):
        counts: Counter = Counter()
        for row in by_style[style]:
            counts.update(row.get("vocabulary", {}))
        total = sum(counts.values()) or 1
        used = ", ".join(f"{numeral} {count / total:.2f}" for numeral, count in counts.most_common(8))
        example = next((r.get("progression", "") for r in by_style[style] if r.get("progression")), "")
        words = example.split()
        lines.append(f"| {style} | {used} | {' '.join(words[:16])}{' …' if len(words) > 16 else ''} |")
    return lines


def listening_table(songs: list[tuple[str, str, str, int, dict]]) -> list[str]:
    """(style, lyric, half, seed, figures) of the songs the recogniser heard."""
    lines = ["| style | lyric (half) | seed | WER dry | WER mix | F0 within 50 c | heard (dry, start) |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    for style, lyric, half, seed, f in songs:
        if f.get("wer_dry") is None and f.get("wer_mix") is None:
            continue
        heard = " ".join((f.get("heard_dry") or "").split()[:14])
        lines.append(f"| {style} | {lyric} ({half}) | {seed} | {_cell(f.get('wer_dry'))} | {_cell(f.get('wer_mix'))} | "
                     f"{_cell(f.get('f0_within_50c'))} | {heard} … |")  # fmt: skip
    return lines


def distinctness_lines(result: dict) -> list[str]:
    styles = result["styles"]
    lines = [
        f"Leave-one-seed-out nearest-centroid accuracy: **{_cell(result['accuracy'])}** "
        f"({result['tested']} songs classified into {len(styles)} styles).",
        "",
    ]
    if result["confusions"]:
        worst = sorted(result["confusions"].items(), key=lambda item: -item[1])[:8]
        lines += ["Confusions (true -> guessed: songs): " + ", ".join(f"{a} -> {b}: {n}" for (a, b), n in worst), ""]
    lines += ["Distance between style centroids (root mean square over the features, in standard deviations):", ""]
    lines += ["| | " + " | ".join(styles) + " |", "|" + "---|" * (len(styles) + 1)]
    for a in styles:
        row = [_cell(result["distance"].get((min(a, b), max(a, b)))) if a != b else "" for b in styles]
        lines.append(f"| {a} | " + " | ".join(row) + " |")
    return lines


def onset_plot(studio_places: dict, human_places: dict, target: Path) -> None:
    """Where in the bar stressed and unstressed syllables start: Studio beside the English songs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    bins = np.linspace(0, 1, 17)
    figure, axes = plt.subplots(1, 2, figsize=(11, 3.4), sharey=True)
    panels = (("Studio (4/4 songs)", studio_places), ("English songs in music21", human_places))
    for axis, (title, places) in zip(axes, panels):
        for kind, colour in (("stressed", "#c0392b"), ("unstressed", "#2e86c1")):
            values = places.get(kind, [])
            if values:
                weights = np.full(len(values), 1 / len(values))
                axis.hist(values, bins=bins, weights=weights, alpha=0.6, color=colour, label=f"{kind} ({len(values)})")
        axis.set_title(title)
        axis.set_xticks(np.linspace(0, 1, 5), ["1", "2", "3", "4", "|"])
        axis.set_xlabel("beat of the bar (sixteenth bins)")
        axis.legend()
    axes[0].set_ylabel("share of syllables")
    figure.tight_layout()
    figure.savefig(target, dpi=90)
    plt.close(figure)
