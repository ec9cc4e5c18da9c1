"""A MIDI keyboard take through a fake port: notes paired and timed, one line, a held key
ending at Stop; no MIDI system is one line."""

import mido
import pytest

from studio.app import midi_input
from studio.app.midi_input import KeyboardTake
from studio.core.errors import MidiError


class FakePort:
    name = "Fake Keys"

    def __init__(self, name, callback):
        self.callback, self.closed = callback, False

    def close(self):
        self.closed = True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def play(take, clock, seconds, kind, note, velocity=90):
    clock.now = 100.0 + seconds
    take._port.callback(mido.Message(kind, note=note, velocity=velocity))


def test_notes_are_paired_timed_and_a_held_key_ends_at_stop():
    clock = Clock()
    take = KeyboardTake("", opener=FakePort, clock=clock)
    play(take, clock, 0.5, "note_on", 60)
    play(take, clock, 0.9, "note_on", 60, 0)  # a note-on at velocity 0 releases
    play(take, clock, 1.0, "note_on", 64, 70)
    play(take, clock, 1.4, "note_off", 64)
    take._port.callback(mido.Message("control_change", control=64, value=127))  # the pedal: not a note
    play(take, clock, 1.5, "note_on", 67)
    clock.now = 102.0
    notes = take.stop()
    assert [(n.pitch, n.start, n.end, n.velocity) for n in notes] == [
        (60, 0.5, pytest.approx(0.9), 90),
        (64, 1.0, pytest.approx(1.4), 70),
        (67, 1.5, 2.0, 90),
    ]
    assert take._port.closed and take.port_name == "Fake Keys"


def test_a_chord_gives_its_top_note():
    clock = Clock()
    take = KeyboardTake("", opener=FakePort, clock=clock)
    for note in (48, 55, 64):
        play(take, clock, 1.0, "note_on", note)
    play(take, clock, 1.5, "note_on", 65)
    clock.now = 102.0
    assert [n.pitch for n in take.stop()] == [64, 65]


def test_no_midi_system_or_no_keyboard_is_one_line(monkeypatch):
    def no_sequencer():
        raise SystemError("MidiInAlsa::initialize: error creating ALSA sequencer client object.")

    monkeypatch.setattr(midi_input, "_backend", lambda: type("B", (), {"get_input_names": staticmethod(no_sequencer)}))
    with pytest.raises(MidiError, match="no MIDI system"):
        midi_input.open_port("", print)
    monkeypatch.setattr(midi_input, "input_ports", lambda: [])
    with pytest.raises(MidiError, match="no MIDI keyboard is connected"):
        midi_input.open_port("", print)
    monkeypatch.setattr(midi_input, "input_ports", lambda: ["Keys A"])
    with pytest.raises(MidiError, match="'Keys B' is not there"):
        midi_input.open_port("Keys B", print)
