"""Progress reports: plain callbacks ``report(stage, fraction)`` (DESIGN rule 3), and the
one way a part of the work reports its share of the whole."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, float], None]
Stop = Callable[[], bool]


def silent(stage: str, fraction: float) -> None:
    """A report nobody listens to."""


def never() -> bool:
    return False


def part(report: Progress | None, start: float, end: float) -> Progress:
    """A report for one part of the work: its 0..1 becomes start..end of the whole."""
    if report is None:
        return silent
    return lambda stage, fraction: report(stage, start + (end - start) * fraction)
