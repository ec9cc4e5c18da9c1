"""The only exceptions the UI and the CLI expect.

Every message is written for a musician: it names the file or the input and says what is
wrong in one line, without a traceback.
"""


class StudioError(Exception):
    """Base of every error that is shown to the user as a message."""


class LyricsError(StudioError):
    """The lyrics cannot be analysed (for example: nothing singable in them)."""


class ProjectError(StudioError):
    """A .studio project file cannot be read or written."""


class MidiError(StudioError):
    """A MIDI file cannot be read or written."""


class ExportError(StudioError):
    """An export (MusicXML, audio) failed."""


class AudioError(StudioError):
    """Rendering or playback failed (no SoundFont, no sound card, ...)."""


class Cancelled(StudioError):
    """The musician stopped a long job (generation, rendering); nothing was changed."""


class RequestError(StudioError):
    """A Generate request with a setting out of range (a tempo of 900 BPM)."""
