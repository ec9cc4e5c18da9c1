"""The lead sheet as a musician sees it: a generated song's song.musicxml rendered by
MuseScore 3 and read back with music21.

    ./dev leadsheet     # installs Debian's musescore3 first; writes docs/leadsheet.png

Checks what issue 17 asks of the sheet: no accidental the key does not need, a chord symbol
only where the chord changes, the song's title and no "Music21" composer, a rehearsal mark
per section, rests where the singer breathes; then renders page 1 with
`mscore3 -o page.png song.musicxml`. Exits non-zero on a failed check or a failed render.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LYRIC = ROOT / "bench" / "lyrics" / "held-out" / "paper-boats.txt"


def checks(song, path: Path) -> list[str]:
    """What is wrong with the written sheet (empty when nothing is)."""
    import music21

    text = path.read_text(encoding="utf-8")
    sheet = music21.converter.parse(str(path))
    problems = []
    key = song.key
    naturals = text.count("<accidental>natural</accidental>")
    if naturals > len(song.melody_track().notes) // 10:
        problems.append(f"{naturals} natural signs for {len(song.melody_track().notes)} notes")
    symbols = [c.figure for c in sheet.recurse().getElementsByClass("ChordSymbol")]
    if any(a == b for a, b in zip(symbols, symbols[1:])):
        problems.append("a chord symbol repeated where the chord did not change")
    if "Music21" in text or not sheet.metadata.bestTitle:
        problems.append("no title, or music21 named as the composer")
    marks = [r.content for r in sheet.recurse().getElementsByClass("RehearsalMark")]
    if marks != [s.label for s in song.sections]:
        problems.append(f"rehearsal marks {marks} for sections {[s.label for s in song.sections]}")
    if not sheet.recurse().getElementsByClass("Rest"):
        problems.append("no rests: the singer never breathes")
    print(f"key {key.name}, {len(symbols)} chord symbols, marks {marks}, {naturals} naturals")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "leadsheet.png")
    parser.add_argument("--style", default="pop")
    args = parser.parse_args(argv)
    from studio.app.engine import Engine
    from studio.compose.pipeline import generate
    from studio.compose.request import SongRequest
    from studio.core.settings import load_settings
    from studio.formats.musicxml import write_musicxml

    song = generate(SongRequest(LYRIC.read_text(encoding="utf-8"), args.style, seed=1, title=LYRIC.stem),
                    Engine(load_settings()[0]).models())  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        sheet = Path(scratch) / "song.musicxml"
        write_musicxml(song, sheet)
        problems = checks(song, sheet)
        mscore = shutil.which("mscore3") or shutil.which("musescore3")
        if mscore is None:
            problems.append("MuseScore 3 is not installed (Debian: musescore3; ./dev leadsheet installs it)")
        else:
            page = Path(scratch) / "page.png"
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            run = subprocess.run([mscore, "-r", "80", "-o", str(page), str(sheet)], env=env, capture_output=True,
                                 text=True, timeout=120)  # fmt: skip
            pages = sorted(Path(scratch).glob("page*.png"))
            if run.returncode or not pages or "Error" in run.stderr + run.stdout:
                problems.append(f"MuseScore could not render it: {(run.stderr or run.stdout).strip()[-300:]}")
            else:
                shutil.copyfile(pages[0], args.out)
                print(f"wrote {args.out} ({len(pages)} page(s))")
    for problem in problems:
        print(f"lead sheet: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
