"""Coverage-guided fuzzing of MIDI import (atheris, libFuzzer underneath).

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_midi.py fuzz/corpus/midi -max_total_time=300 -max_len=8192

Anything but a MidiError is a crash: libFuzzer stops and writes the input as crash-*.
fuzz/corpus/midi holds the inputs that reached new code, so the next run starts from them.
"""

import sys

import atheris

with atheris.instrument_imports(include=["studio", "mido"]):
    from studio.core.errors import MidiError
    from studio.formats.midi_import import read_midi_bytes


def one_input(data: bytes) -> None:
    try:
        read_midi_bytes(data, "fuzz.mid")
    except MidiError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
