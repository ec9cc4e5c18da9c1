"""The band around the song: drum turns and fills by the bar, bass walking into chord
changes, chords under the vocal."""

import pytest

from studio.compose.arrange import ChordSlot, Span, arrange
from studio.compose.styles import DRUM_KEYS, get_style
from studio.core.song import Note
from studio.core.theory import Key, chord_state

BAR = 1920
TONIC, SUBDOMINANT, DOMINANT = chord_state(0, "maj"), chord_state(5, "maj"), chord_state(7, "maj")


def band(style_id="pop", kind="verse", bars=16, melody=()):
    style = get_style(style_id)
    slots = [ChordSlot(b * BAR, (b + 1) * BAR, (TONIC, SUBDOMINANT, DOMINANT, TONIC)[b % 4]) for b in range(bars)]
    spans = [Span(0, bars * BAR, kind, kind.title()), Span(bars * BAR, (bars + 1) * BAR, "outro", "Outro")]
    slots.append(ChordSlot(bars * BAR, (bars + 1) * BAR, TONIC))
    return {t.name: t for t in arrange(style, Key(0), tuple(melody), spans, slots, BAR)}, style


def bar_hits(track, bar):
    return sorted((n.pitch, n.start - bar * BAR) for n in track.notes if bar * BAR <= n.start < (bar + 1) * BAR)


def test_the_fourth_bar_turns_and_the_eighth_fills():
    tracks, style = band()
    drums = tracks["Drums"]
    plain, turn, fill = bar_hits(drums, 0), bar_hits(drums, 3), bar_hits(drums, 7)
    assert plain == bar_hits(drums, 1) and turn != plain and fill not in (plain, turn)
    assert any(p == DRUM_KEYS["open_hat"] for p, _ in turn)  # the style's turn pattern
    assert bar_hits(drums, 8) == plain  # the next eight bars start plain again


def test_the_bridge_plays_its_own_drums():
    verse, _ = band(kind="verse")
    bridge, _ = band(kind="bridge")
    assert bar_hits(bridge["Drums"], 0) != bar_hits(verse["Drums"], 0)


def test_the_bass_walks_into_each_chord_change():
    tracks, _ = band()
    bass = tracks["Bass"].notes
    for b in range(3):  # I -> IV -> V -> I: the last note of each bar leads a step into the next root
        last = max((n for n in bass if b * BAR <= n.start < (b + 1) * BAR), key=lambda n: n.start)
        following = min((n for n in bass if n.start >= (b + 1) * BAR), key=lambda n: n.start)
        assert 1 <= abs(last.pitch - following.pitch) <= 2, (b, last.pitch, following.pitch)


def test_chords_leave_the_vocal_register_free():
    melody = tuple(Note(62, b * BAR, BAR) for b in range(16))  # a low line around D4
    tracks, style = band(melody=melody)
    under = [c for c in tracks["Chords"].notes if c.start < 16 * BAR]  # while the vocal sings
    assert under and all(c.pitch <= 62 - 2 for c in under)


def per_bar(track, bars=16):
    return len([n for n in track.notes if n.start < bars * BAR]) / bars if track else 0.0


@pytest.mark.parametrize("style_id", ["pop", "rock", "electronic", "ballad"])
def test_the_band_builds_from_verse_to_chorus(style_id):
    melody = tuple(Note(67, b * BAR, BAR // 2) for b in range(16))  # a lead doubles it in some choruses
    kinds = ("intro", "verse", "prechorus", "chorus", "bridge")
    parts = {kind: {k: t for k, t in band(style_id, kind, melody=melody)[0].items()} for kind in kinds}

    def energy(tracks):  # band notes per bar, and how many instruments play
        return sum(per_bar(t) for t in tracks.values()), len([t for t in tracks.values() if per_bar(t)])

    intro, verse, prechorus, chorus = (energy(parts[k]) for k in ("intro", "verse", "prechorus", "chorus"))
    assert intro[1] < verse[1] <= chorus[1] - 1  # instruments enter: the intro thinner, the chorus adds one
    assert verse[0] < prechorus[0] < chorus[0]  # the pre-chorus builds, the chorus is fullest
    assert energy(parts["bridge"]) != verse  # the bridge contrasts


def test_the_chorus_voicing_opens_up_below_the_vocal():
    melody = tuple(Note(67, b * BAR, BAR) for b in range(16))
    verse, _ = band("pop", "verse", melody=melody)
    chorus, _ = band("pop", "chorus", melody=melody)

    def widest(track):
        by_tick = {}
        for n in track.notes:
            if n.start < 16 * BAR:
                by_tick.setdefault(n.start, []).append(n.pitch)
        return max(max(p) - min(p) for p in by_tick.values())

    assert widest(chorus["Chords"]) >= 12 > widest(verse["Chords"])
    assert all(48 <= n.pitch <= 67 - 2 for n in chorus["Chords"].notes if n.start < 16 * BAR)


def test_the_electronic_breakdown_drops_the_bass():
    bridge, _ = band("electronic", "bridge")
    assert not [n for n in bridge["Bass"].notes if n.start < 16 * BAR] and per_bar(bridge["Drums"])
