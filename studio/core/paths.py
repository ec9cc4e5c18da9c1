"""The one place that knows where resources and models live (DESIGN rule 10).

Works in a source checkout (folders beside the package), an installed wheel (copied under
``<prefix>/share/studio``) and a PyInstaller bundle (unpacked under ``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def _roots() -> list[Path]:
    roots = []
    if bundle := getattr(sys, "_MEIPASS", None):
        roots.append(Path(bundle))
    roots.append(Path(__file__).resolve().parents[2])  # checkout or editable install
    roots.append(Path(sys.prefix) / "share" / "studio")  # wheel data files
    return roots


def data_path(kind: str, *parts: str) -> Path:
    """Path of ``resources/...`` or ``models/...``; the first root that has it wins."""
    if kind not in ("resources", "models"):
        raise ValueError(f"unknown data folder {kind!r}")
    for root in _roots():
        candidate = root.joinpath(kind, *parts)
        if candidate.exists():
            return candidate
    return _roots()[0].joinpath(kind, *parts)  # not found: the caller reports the path


def resource_path(*parts: str) -> Path:
    return data_path("resources", *parts)


def model_path(*parts: str) -> Path:
    return data_path("models", *parts)


def package_file(package: str, *parts: str) -> Path | None:
    """A file another package ships inside its wheel (a model), found without importing the
    package (basic_pitch's ``__init__`` looks for TensorFlow); in a bundle, where build.spec
    put it. None when the package is not installed."""
    import importlib.util

    if bundle := getattr(sys, "_MEIPASS", None):
        candidate = Path(bundle, package, *parts)
        if candidate.exists():
            return candidate
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)), *parts)
