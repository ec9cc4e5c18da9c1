"""Every figure of one song, from its folder (song.mid, stems/Vocal.wav) and its lyric."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.songcraft.band import arrangement, harmony
from bench.songcraft.melody import pitch, rhythm
from bench.songcraft.phrasing import phrasing
from bench.songcraft.prosody import prosody
from bench.songcraft.score import Piece, assign_lines, read_song_midi
from bench.songcraft.shape import shape
from bench.songcraft.tones import tone_agreement

LYRICS = Path(__file__).resolve().parent.parent / "lyrics"
HALVES = ("tune", "held-out")  # tune: what may steer the models; held-out: what may not


@dataclass(frozen=True)
class Lyric:
    name: str
    half: str
    path: Path
    text: str
    lines: tuple[tuple[str, tuple[str, ...]], ...]  # (section label, words as sung) per line
    english: bool

    @property
    def sung_text(self) -> str:
        """The words as sung, repeats included: the reference a transcript is scored against."""
        return "\n".join(" ".join(words) for _, words in self.lines)


def load_lyric(path: Path, half: str) -> Lyric:
    from studio.core.lyrics import analyse_lyrics

    text = path.read_text(encoding="utf-8")
    analysis = analyse_lyrics(text)
    lines = tuple(
        (section.label, tuple(w.text for w in line.words)) for section in analysis.sections for line in section.lines
    )
    english = not any("\u4e00" <= c <= "\u9fff" or "\u3040" <= c <= "\u30ff" or "\uac00" <= c <= "\ud7af" for c in text)
    return Lyric(path.stem, half, path, text, lines, english)


def lyric_set(folder: Path = LYRICS) -> list[Lyric]:
    return [load_lyric(path, half) for half in HALVES for path in sorted((folder / half).glob("*.txt"))]


def read_piece(song_mid: Path, lyric: Lyric) -> Piece:
    piece = read_song_midi(song_mid)
    assign_lines(piece, [(label, list(words)) for label, words in lyric.lines])
    return piece


def written_piece(song, lyric: Lyric, folder: Path) -> Piece:
    """A generated Song as the benchmark sees it: written to ``folder``/song.mid, read back."""
    from studio.formats.midi_export import write_midi

    path = folder / "song.mid"
    write_midi(song, path)
    return read_piece(path, lyric)


def symbolic(piece: Piece) -> dict:
    """The figures the MIDI alone gives."""
    figures = {
        "words_sung": piece.words_sung / piece.words_expected if piece.words_expected else None,
        "meter": f"{piece.meter.numerator}/{piece.meter.denominator}",
    }
    for part in (prosody, phrasing, rhythm, pitch, shape, tone_agreement, harmony, arrangement):
        figures.update(part(piece))
    return figures


def measure_song(folder: Path, lyric: Lyric) -> tuple[dict, Piece]:
    from bench.songcraft.vocal import vocal_agreement

    piece = read_piece(folder / "song.mid", lyric)
    figures = symbolic(piece)
    stem = folder / "stems" / "Vocal.wav"
    if stem.is_file():
        figures.update(vocal_agreement(piece, stem))
    return figures, piece
