"""How a style sings (vibrato that starts late, glides, a phrase's dynamics, breaths, air) and
the channel strip's compressor."""

import numpy as np
import pytest

from studio.audio.voice.expression import add_air, add_breaths, breath_times, f0_curve, phrase_dynamics
from studio.audio.voice.singer import SungNote
from studio.compose.styles import get_style
from studio.core.singing import Singing, singing_from_table

RATE = 22050


def cents(hz, midi):
    return 1200 * np.log2(hz / (440.0 * 2 ** ((midi - 69) / 12)))


def test_vibrato_waits_for_its_delay_then_swings_by_its_depth():
    singing = Singing(vibrato_delay=0.4, vibrato_ramp=0.2, vibrato_depth=0.25, vibrato_rate=5.0)
    note = SungNote(0.0, 2.0, 60.0)
    t = np.arange(0.0, 2.0, 0.002)
    off = cents(f0_curve(t, [note], singing), 60)
    assert np.abs(off[t < 0.4]).max() < 1e-6  # held straight at first
    full = off[t > 0.7]
    assert full.max() == pytest.approx(25, abs=1) and full.min() == pytest.approx(-25, abs=1)
    signs = np.sign(full[np.abs(full) > 0.5])
    crossings = np.sum(np.diff(signs) != 0)
    assert crossings == pytest.approx(2 * 5.0 * (2.0 - 0.7), abs=1)  # five cycles a second
    short = f0_curve(np.arange(0.0, 0.5, 0.002), [SungNote(0.0, 0.5, 60.0)], singing)
    assert np.allclose(short, short[0])  # a short note has none


def test_close_notes_glide_and_a_wide_leap_is_taken_quickly():
    singing = Singing(glide=0.09, glide_interval=5, vibrato_depth=0)
    t = np.arange(0.4, 0.6, 0.001)

    def gliding_time(second_pitch):
        notes = [SungNote(0.0, 0.5, 60.0), SungNote(0.5, 1.0, second_pitch)]
        pitch = 69 + 12 * np.log2(f0_curve(t, notes, singing) / 440)
        between = (pitch > 60.001) & (pitch < second_pitch - 0.001)
        return between.sum() * 0.001

    assert gliding_time(62.0) == pytest.approx(0.09, abs=0.01)
    assert gliding_time(72.0) == pytest.approx(0.03, abs=0.01)
    apart = [SungNote(0.0, 0.4, 60.0), SungNote(0.5, 1.0, 62.0)]  # a rest between: no glide
    assert np.all(f0_curve(np.arange(0.3, 0.4, 0.001), apart, singing) == f0_curve(np.array([0.0]), apart, singing))


def test_a_phrase_swells_to_its_high_middle_and_eases_off_at_its_end():
    line = [SungNote(0.5 * i, 0.5 * i + 0.5, p) for i, p in enumerate([60, 62, 64, 67, 65, 62, 60])]
    second = [SungNote(5.0 + 0.5 * i, 5.5 + 0.5 * i, 64) for i in range(3)]  # after a rest: its own arc
    gains = phrase_dynamics(line + second, swell_db=4.0)
    db = 20 * np.log10(gains)
    assert np.argmax(db[:7]) == 3 and db[3] == pytest.approx(0.0, abs=0.01)  # the peak: the high G
    assert db[6] < db[5] < db[3] and db[0] < db[3]
    assert db[:7].min() >= -4.0 - 1e-9
    assert np.argmax(db[7:]) == 1  # the second phrase peaks in its own middle
    assert phrase_dynamics(line, 0.0) == [1.0] * 7


def test_breaths_come_at_the_end_of_rests_long_enough_to_breathe():
    breaths = breath_times([(1.0, 3.0), (3.1, 5.0), (5.5, 8.0)])
    assert breaths == [(pytest.approx(0.55), 1.0), (pytest.approx(5.2), 5.5)]  # 0.1 s: no time to breathe


def test_an_inhale_is_noise_well_under_the_voice_and_ends_at_the_phrase():
    t = np.arange(int(3.0 * RATE)) / RATE
    take = np.where((t > 1.0) & (t < 2.0), 0.1 * np.sin(2 * np.pi * 220 * t), 0.0).astype(np.float32)
    breathed = add_breaths(take, RATE, breath_times([(1.0, 2.0)]), -24.0)
    inhale = breathed[int(0.55 * RATE) : int(1.0 * RATE)]
    assert np.abs(breathed[: int(0.5 * RATE)]).max() == 0.0 and np.abs(breathed[int(2.0 * RATE) :]).max() == 0.0
    level = 20 * np.log10(np.sqrt(np.mean(inhale**2)) / (0.1 / np.sqrt(2)))
    assert -32 < level < -24
    spectrum = np.abs(np.fft.rfft(inhale))
    freqs = np.fft.rfftfreq(len(inhale), 1 / RATE)
    assert spectrum[freqs < 500].sum() < 0.02 * spectrum.sum()  # hiss, not a hum
    assert np.array_equal(breathed, add_breaths(take, RATE, breath_times([(1.0, 2.0)]), -24.0))  # the same file


def test_breathiness_adds_air_only_where_the_voice_sounds():
    t = np.arange(int(2.0 * RATE)) / RATE
    take = np.where(t < 1.0, 0.1 * np.sin(2 * np.pi * 220 * t), 0.0).astype(np.float32)
    airy = add_air(take, RATE, 0.5)
    added = airy - take
    assert np.abs(added[int(1.05 * RATE) :]).max() < 1e-6
    level = 20 * np.log10(np.sqrt(np.mean(added[: int(0.9 * RATE)] ** 2)) / (0.1 / np.sqrt(2)))
    assert level == pytest.approx(-14 + 20 * np.log10(0.5), abs=1.5)
    assert add_air(take, RATE, 0.0) is take


def test_a_style_says_how_it_sings_and_bad_settings_are_named():
    ballad, rock = get_style("ballad").singing, get_style("rock").singing
    assert ballad.vibrato_delay > rock.vibrato_delay and ballad.breathiness > rock.breathiness
    assert singing_from_table({}) == Singing()
    with pytest.raises(ValueError, match="vibrato_speed"):
        singing_from_table({"vibrato_speed": 5})
    with pytest.raises(ValueError, match="vibrato_depth should be a number from 0.0 to 1.0"):
        singing_from_table({"vibrato_depth": 3})
    with pytest.raises(ValueError, match="breathiness"):
        singing_from_table({"breathiness": "lots"})


def test_the_channel_strip_compressor_turns_the_loud_syllable_down_and_leaves_the_rest():
    from studio.audio.voice.fx import COMPRESS_OVER_DB, COMPRESS_RATIO, compress

    t = np.arange(int(3.0 * RATE)) / RATE
    level = np.select([t < 1.0, t < 2.0], [0.05, 0.2], 0.05)  # a syllable 12 dB over its neighbours
    take = (level * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    out = compress(take, RATE)

    def db(a, b, x):
        return 20 * np.log10(np.sqrt(np.mean(x[int(a * RATE) : int(b * RATE)] ** 2)))

    sung_db = 20 * np.log10(np.sqrt(np.mean(take**2)))
    over = db(1.2, 1.8, take) - sung_db - COMPRESS_OVER_DB
    assert db(1.2, 1.8, out) - db(1.2, 1.8, take) == pytest.approx(-over * (1 - 1 / COMPRESS_RATIO), abs=0.3)
    assert db(0.2, 0.8, out) == pytest.approx(db(0.2, 0.8, take), abs=0.05)  # the quiet ones untouched
    assert np.abs(np.diff(out)).max() < 0.05  # its gain changes smoothly: no click
