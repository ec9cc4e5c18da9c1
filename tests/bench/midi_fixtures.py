"""Tiny hand-made song.mid files with known answers, written with mido as a DAW would."""

from __future__ import annotations

import mido

PPQ = 480


def write_song(path, vocal, meter=(4, 4), key="C", markers=(), chords=(), bass=(), drums=(), bpm=120):
    """``vocal``: (pitch, start, duration, lyric or None); ``chords``/``bass``: (pitch, start,
    duration); ``drums``: (key, start); ``markers``: (tick, label)."""
    midi = mido.MidiFile(type=1, ticks_per_beat=PPQ)
    conductor = [(0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm))),
                 (0, mido.MetaMessage("time_signature", numerator=meter[0], denominator=meter[1])),
                 (0, mido.MetaMessage("key_signature", key=key))]  # fmt: skip
    conductor += [(tick, mido.MetaMessage("marker", text=label)) for tick, label in markers]
    midi.tracks.append(_track(conductor))
    parts = [("Vocal", 0, [(p, s, d, lyric) for p, s, d, lyric in vocal]),
             ("Chords", 1, [(p, s, d, None) for p, s, d in chords]),
             ("Bass", 2, [(p, s, d, None) for p, s, d in bass]),
             ("Drums", 9, [(k, s, 60, None) for k, s in drums])]  # fmt: skip
    for name, channel, notes in parts:
        if not notes:
            continue
        events = [(0, mido.MetaMessage("track_name", name=name))]
        for pitch, start, duration, lyric in notes:
            if lyric:
                events.append((start, mido.MetaMessage("lyrics", text=lyric)))
            events.append((start, mido.Message("note_on", channel=channel, note=pitch, velocity=90)))
            events.append((start + duration, mido.Message("note_off", channel=channel, note=pitch, velocity=0)))
        midi.tracks.append(_track(events))
    midi.save(str(path))
    return path


def _track(events):
    order = {"note_off": 0, "lyrics": 1, "note_on": 2}
    events.sort(key=lambda e: (e[0], order.get(e[1].type, 1)))
    track, now = mido.MidiTrack(), 0
    for tick, message in events:
        track.append(message.copy(time=tick - now))
        now = tick
    return track
