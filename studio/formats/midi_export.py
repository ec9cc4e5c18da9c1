"""Song -> Standard MIDI File, the way DAWs and notation programs expect it.

Type 1; track 0 is the conductor (tempo, meter, key, section markers); one named track per
part with its General MIDI program; drums on channel 10; the vocal carries one UTF-8
``lyrics`` event per syllable at its first note, a continuing syllable ending in "-".
"""

from __future__ import annotations

import os

import mido

from studio.core.atomic import atomic_write
from studio.core.errors import MidiError
from studio.core.song import Song, Track
from studio.core.theory import PPQ

# At one tick a note must end before the next one starts, and a lyric must come before the
# note it belongs to, or a repeated pitch gets cut and karaoke shows the word late.
_ORDER = {"note_off": 0, "lyrics": 1, "program_change": 1, "control_change": 1, "note_on": 2}


def _to_track(events: list[tuple[int, mido.Message]], end_tick: int) -> mido.MidiTrack:
    events.sort(key=lambda e: (e[0], _ORDER.get(e[1].type, 1)))
    track = mido.MidiTrack()
    now = 0
    for tick, message in events:
        track.append(message.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=max(0, end_tick - now)))
    return track


def _conductor(song: Song) -> mido.MidiTrack:
    events = [(0, mido.MetaMessage("track_name", name=song.title))]
    events += [(t.tick, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(t.bpm))) for t in song.tempos]
    events += [
        (m.tick, mido.MetaMessage("time_signature", numerator=m.meter.numerator, denominator=m.meter.denominator))
        for m in song.meters
    ]
    events += [(k.tick, mido.MetaMessage("key_signature", key=k.key.midi_name)) for k in song.keys]
    events += [(s.start, mido.MetaMessage("marker", text=s.label)) for s in song.sections]
    # one text event per chord change: DAWs show it on the timeline, and the import reads it back
    events += [(c.start, mido.MetaMessage("text", text=c.symbol)) for c in song.chords]
    return _to_track(events, 0)


def _part(track: Track) -> mido.MidiTrack:
    ch = track.channel
    events = [
        (0, mido.MetaMessage("track_name", name=track.name)),
        (0, mido.Message("program_change", channel=ch, program=track.program)),
        (0, mido.Message("control_change", channel=ch, control=7, value=min(127, round(track.volume * 100)))),
        (0, mido.Message("control_change", channel=ch, control=10, value=max(0, min(127, round(64 + track.pan * 63))))),
    ]
    for note in track.notes:
        if note.lyric:
            events.append((note.start, mido.MetaMessage("lyrics", text=note.lyric + ("-" if note.joins_next else ""))))
        events.append((note.start, mido.Message("note_on", channel=ch, note=note.pitch, velocity=note.velocity)))
        events.append((note.end, mido.Message("note_off", channel=ch, note=note.pitch, velocity=0)))
    return _to_track(events, track.end)


def song_to_midi(song: Song) -> mido.MidiFile:
    midi = mido.MidiFile(type=1, ticks_per_beat=PPQ, charset="utf-8")
    midi.tracks.append(_conductor(song))
    midi.tracks.extend(_part(track) for track in song.tracks)
    return midi


def write_midi(song: Song, path: str | os.PathLike) -> None:
    """Write atomically; lyrics are stored as UTF-8."""
    midi = song_to_midi(song)
    try:
        atomic_write(path, lambda tmp: midi.save(tmp))
    except OSError as exc:
        raise MidiError(f"cannot write {path}: {exc.strerror or exc}") from None
