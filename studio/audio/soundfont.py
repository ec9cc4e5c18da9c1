"""Which SoundFont to play with: the musician's choice, a system General MIDI font, or the
small General MIDI font that ships inside the pretty_midi wheel, in that order."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from studio.core.errors import AudioError
from studio.core.paths import resource_path

# Where distributions put their General MIDI fonts (Debian/Ubuntu, Fedora, Arch, Homebrew).
SYSTEM_FONTS = (
    "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    "/usr/share/sounds/sf2/MuseScore_General.sf2",
    "/usr/share/sounds/sf2/default-GM.sf2",
    "/usr/share/soundfonts/FluidR3_GM.sf2",
    "/usr/share/soundfonts/default.sf2",
    "/usr/share/soundfonts/MuseScore_General.sf2",
    "/opt/homebrew/share/soundfonts/default.sf2",
)


def bundled_font() -> Path | None:
    """TimGM6mb.sf2 (6 MB, GPL-2): in the PyInstaller bundle's resources, else from the
    pretty_midi wheel, found without importing it."""
    packed = resource_path("soundfonts", "TimGM6mb.sf2")
    if packed.is_file():
        return packed
    spec = importlib.util.find_spec("pretty_midi")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "TimGM6mb.sf2"
        if candidate.is_file():
            return candidate
    return None


def find_soundfont(user_choice: str | os.PathLike | None = None, system_fonts=SYSTEM_FONTS) -> Path:
    """The SoundFont to load. A font the musician chose but that is missing is an error, not
    a silent fallback: they would wonder why their sounds changed."""
    if user_choice:
        path = Path(user_choice).expanduser()
        if not path.is_file():
            raise AudioError(f"the SoundFont {path} does not exist (change it in Settings)")
        return path
    for candidate in system_fonts:
        if Path(candidate).is_file():
            return Path(candidate)
    found = bundled_font()
    if found is None:
        raise AudioError("no SoundFont found: install fluid-soundfont-gm or choose a .sf2 file in Settings")
    return found
