"""Numbers in lyrics read as a singer would say them: "4" -> four, "24/7" -> twenty-four seven.

num2words does the English; this module only decides how a token is read (year, time,
ordinal, decade, fraction-like "24/7", money, percent).
"""

from __future__ import annotations

import re

from num2words import num2words

_ORDINAL = re.compile(r"^(\d+)(st|nd|rd|th)$")
_DECADE = re.compile(r"^(\d*0)'?s$")  # 80s, 1990s, '60s is handled by the caller stripping "'"
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def _plural(words: str) -> str:
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def _cardinal(digits: str) -> str:
    value = int(digits)
    if len(digits) == 4 and (1100 <= value <= 1999 or 2010 <= value <= 2099):
        return num2words(value, to="year")
    return num2words(value)


def number_words(token: str) -> list[str]:
    """Words for a number token; hyphenated compounds stay one word ("twenty-four")."""
    token = token.replace(",", "")
    prefix, suffix = [], []
    if token[:1] in "$€£":
        suffix.append({"$": "dollars", "€": "euros", "£": "pounds"}[token[0]])
        token = token[1:]
    if token.endswith("%"):
        suffix.insert(0, "percent")
        token = token[:-1]
    if not token:
        return prefix + suffix
    if m := _ORDINAL.match(token):
        words = num2words(int(m.group(1)), to="ordinal")
    elif m := _DECADE.match(token):
        words = _plural(_cardinal(m.group(1)))
    elif m := _TIME.match(token):
        hours, minutes = int(m.group(1)), int(m.group(2))
        words = num2words(hours)
        if minutes:
            words += (" oh " if minutes < 10 else " ") + num2words(minutes)
    elif "/" in token or ":" in token:
        words = " ".join(_cardinal(part) for part in re.split(r"[/:]", token) if part)
    elif re.fullmatch(r"\d+\.\d+", token):
        words = num2words(float(token))
    else:
        words = " ".join(_cardinal(part) for part in re.split(r"\D+", token) if part)
    return prefix + words.replace(",", "").replace(" and ", " ").split() + suffix
