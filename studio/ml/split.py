"""Train / validation / test split by tune, not by file, fixed by committed id lists.

The same tune turns up in several files (a chorale melody harmonised in several cantatas,
a reel in both O'Neill's and Ryan's), so melodies are grouped before splitting: parts of
one work share a group, and so do melodies whose opening sixteen intervals and rhythm are
the same. Whole groups go to one side. Each collection gets at least 5% of its melodies in
the test set, which no training or tuning touches.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from studio.ml.corpus import Melody

TEST_SHARE = 0.06
VALID_SHARE = 0.05
MIN_TEST_SHARE = 0.05
FINGERPRINT_NOTES = 17


def fingerprint(melody: Melody) -> tuple:
    """Transposition-free opening: intervals and durations of the first notes."""
    notes = melody.notes[:FINGERPRINT_NOTES]
    return tuple((b[0] - a[0], a[2]) for a, b in zip(notes, notes[1:]))


class _Groups:
    """Union-find over melody ids."""

    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_melodies(melodies: Iterable[Melody]) -> dict[str, str]:
    """melody id -> group id."""
    groups = _Groups()
    first_by_key: dict[tuple, str] = {}
    for melody in melodies:
        groups.find(melody.id)
        for key in (("work", melody.work), ("tune", fingerprint(melody))):
            if key in first_by_key:
                groups.union(melody.id, first_by_key[key])
            else:
                first_by_key[key] = melody.id
    return {item: groups.find(item) for item in groups.parent}


def _rank(group: str) -> float:
    """A stable pseudo-random number in [0, 1) per group (Python's hash() changes per run)."""
    return int(hashlib.sha1(group.encode()).hexdigest()[:12], 16) / 16**12


def make_split(melodies: list[Melody]) -> dict[str, str]:
    """melody id -> 'train', 'valid' or 'test'."""
    group_of = group_melodies(melodies)
    side = {}
    for group in set(group_of.values()):
        rank = _rank(group)
        side[group] = "test" if rank < TEST_SHARE else "valid" if rank < TEST_SHARE + VALID_SHARE else "train"
    # Top up any collection whose test share fell short, taking whole groups in rank order.
    by_collection: dict[str, list[Melody]] = defaultdict(list)
    for melody in melodies:
        by_collection[melody.collection].append(melody)
    for members in by_collection.values():
        needed = MIN_TEST_SHARE * len(members)
        candidates = sorted({group_of[m.id] for m in members if side[group_of[m.id]] != "test"}, key=_rank)
        while sum(1 for m in members if side[group_of[m.id]] == "test") < needed and candidates:
            side[candidates.pop(0)] = "test"
    return {m.id: side[group_of[m.id]] for m in melodies}


def write_split(split: dict[str, str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("test", "valid"):
        ids = sorted(i for i, s in split.items() if s == name)
        (folder / f"melody-{name}.txt").write_text("\n".join(ids) + "\n", encoding="utf-8")


def read_split(folder: Path) -> tuple[set[str], set[str]]:
    """(test ids, validation ids); everything else is training data."""
    test = set((folder / "melody-test.txt").read_text(encoding="utf-8").split())
    valid = set((folder / "melody-valid.txt").read_text(encoding="utf-8").split())
    return test, valid
