"""Syllables of scripts written one syllable per character: Chinese, Japanese kana, Korean.

Every Han character is one sung syllable; its Mandarin tone (1-4, 5 = neutral) comes
from pypinyin and is kept for the guide vocal. Kana are split into morae (a small kana
such as ゃ joins the one before it); every Hangul block is one syllable.
"""

from __future__ import annotations

import functools

_SMALL_KANA = set("ぁぃぅぇぉゃゅょゎァィゥェォャュョヮッっー")


def is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F
    )


def is_kana(char: str) -> bool:
    return 0x3040 <= ord(char) <= 0x30FF


def is_hangul(char: str) -> bool:
    return 0xAC00 <= ord(char) <= 0xD7A3


def is_syllabic(char: str) -> bool:
    """A character that is a syllable (or mora) by itself."""
    return is_han(char) or is_kana(char) or is_hangul(char)


def split_syllabic(run: str) -> list[str]:
    """'きょうは' -> ['きょ', 'う', 'は']; '我爱你' -> ['我', '爱', '你']."""
    pieces: list[str] = []
    for char in run:
        if char in _SMALL_KANA and pieces and is_kana(pieces[-1][-1]):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


@functools.cache
def mandarin_tones(text: str) -> tuple[int, ...]:
    """Tone number of each Han character of ``text`` (5 for the neutral tone)."""
    from pypinyin import Style, pinyin  # 0.2 s to load its dictionaries; only for Chinese lyrics

    tones = []
    for (reading,) in pinyin(
        text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda chars: ["?5"] * len(chars)
    ):
        tones.append(int(reading[-1]) if reading[-1:].isdigit() else 5)
    return tuple(tones)
