"""The musician's settings: a small JSON file in the user's configuration folder."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from studio.core.atomic import atomic_write_text

COMPUTE_DEVICES = ("auto", "cpu", "cuda", "mps")


@dataclass(frozen=True)
class Settings:
    soundfont: str = ""  # empty: pick a General MIDI font automatically
    audio_device: str = ""  # empty: the system's default output
    midi_input: str = ""  # the MIDI keyboard seed notes are recorded from; empty: the first one there is
    compute_device: str = "auto"  # auto / cpu / cuda / mps
    recent_files: tuple[str, ...] = ()


def config_dir() -> Path:
    if override := os.environ.get("STUDIO_CONFIG_DIR"):
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "Studio"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Studio"
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "studio"


def data_dir() -> Path:
    """Where the musician's own data lives (the styles learned from their files): kept, and
    never inside the installation, which may be read-only (the app bundle)."""
    if override := os.environ.get("STUDIO_DATA_DIR"):
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "Studio" / "data"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Studio" / "data"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "studio"


def cache_dir() -> Path:
    """Where rebuildable data lives (the parsed training corpus): safe to delete."""
    if override := os.environ.get("STUDIO_CACHE_DIR"):
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "Studio" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "Studio"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "studio"


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings and, if the file was unreadable, a one-line warning (defaults are used)."""
    path = path or config_dir() / "settings.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError) as exc:
        return Settings(), f"settings file {path} is unreadable ({exc}); using defaults"
    if not isinstance(data, dict):
        return Settings(), f"settings file {path} is damaged; using defaults"
    known = {f.name: f.default for f in fields(Settings)}
    values = {}
    for name, default in known.items():
        value = data.get(name, default)
        if name == "recent_files" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            values[name] = tuple(value)
        elif type(value) is type(default):
            values[name] = value
    if values.get("compute_device", "auto") not in COMPUTE_DEVICES:
        values["compute_device"] = "auto"
    return Settings(**values), None


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or config_dir() / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(settings)
    data["recent_files"] = list(settings.recent_files)
    atomic_write_text(path, json.dumps(data, indent=2))
