"""Reading a style file: typed access to its TOML table, each mistake one line naming the
file and the field."""

from __future__ import annotations

from studio.core.errors import StudioError


class StyleError(StudioError):
    """A style file that cannot be used, with the file and field named."""


class StyleReader:
    """Typed access to the TOML table with the path of each field for messages."""

    def __init__(self, data: dict, source: str):
        self.data, self.source = data, source

    def fail(self, where: str, why: str):
        raise StyleError(f"style {self.source}: {where} {why}")

    def get(self, path: str, kind, default=None):
        node = self.data
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                if default is not None:
                    return default
                self.fail(path, "is missing")
            node = node[part]
        if kind is float and isinstance(node, int) and not isinstance(node, bool):
            node = float(node)
        if not isinstance(node, kind) or (kind is int and isinstance(node, bool)):
            self.fail(path, f"should be {kind.__name__}, not {node!r:.30}")
        return node

    def chance(self, path: str, default: float) -> float:
        """A probability field (0 to 1)."""
        value = self.get(path, float, default)
        if not 0.0 <= value <= 1.0:
            self.fail(path, "should be a chance between 0 and 1")
        return value

    def pattern(self, where: str, text: str, allowed: str, steps: int | None = None) -> str:
        if not text or any(c not in allowed for c in text):
            self.fail(where, f"may only use the characters {' '.join(allowed)}")
        if steps is not None and len(text) != steps:
            self.fail(where, f"has {len(text)} steps; the other patterns of this part have {steps}")
        return text
