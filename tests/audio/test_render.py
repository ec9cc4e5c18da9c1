import numpy as np
import pytest

from studio.audio.mixdown import limiter_gain, mix_down, pan_gains
from studio.audio.peaks import MIX
from studio.audio.render import render_song
from studio.audio.soundfont import bundled_font, find_soundfont
from studio.audio.stems import MemoryStem
from studio.audio.synth import SoundFontSynth
from studio.core.errors import AudioError
from studio.core.song import Note, Song, Track
from studio.formats.midi_export import write_midi
from studio.formats.midi_import import read_midi


@pytest.fixture(scope="module")
def synth():
    return SoundFontSynth(bundled_font())  # the small font: fast, and present on every install


def rms(x):
    return float(np.sqrt(np.mean(np.square(x))))


def test_four_track_midi_renders_audible_stems_and_a_clean_mix(tmp_path, synth, four_track_song):
    path = tmp_path / "song.mid"
    write_midi(four_track_song, path)
    rendering = render_song(read_midi(path), synth)
    assert set(rendering.stems) == {"Vocal", "Chords", "Bass", "Drums"}
    for name, stem in rendering.stems.items():
        assert stem.shape == rendering.mix.shape
        assert rms(stem) > 1e-3, f"{name} is silent"
    assert np.abs(rendering.mix).max() < 1.0  # below 0 dBFS
    assert np.allclose(sum(rendering.stems.values()), rendering.mix, atol=1e-6)
    assert rendering.seconds == pytest.approx(four_track_song.duration_seconds + 2.0, abs=0.01)


def test_drums_sound_like_a_drum_kit_not_a_piano(synth):
    hits = tuple(Note(42, i * 480, 240, 110) for i in range(8))  # closed hi-hat
    song_drums = Song(tracks=(Track("Drums", 0, 9, hits),))
    song_piano = Song(tracks=(Track("Piano", 0, 0, hits),))
    drums = render_song(song_drums, synth).mix[:, 0]
    piano = render_song(song_piano, synth).mix[:, 0]

    def brightness(x):  # spectral centroid in Hz
        spectrum = np.abs(np.fft.rfft(x))
        return float((spectrum * np.fft.rfftfreq(len(x), 1 / synth.rate)).sum() / spectrum.sum())

    assert rms(drums) > 1e-3
    assert brightness(drums) > 2 * brightness(piano)  # a hi-hat is noise, key 42 on a piano is F#2


def test_loud_songs_are_limited_without_clipping(synth):
    chord = tuple(Note(p, 0, 1920, 127) for p in range(40, 90, 2))
    tracks = tuple(Track(f"Wall {i}", 48 + i, i, chord) for i in range(6))
    rendering = render_song(Song(tracks=tracks), synth)
    assert 0.85 < np.abs(rendering.mix).max() <= 10 ** (-1 / 20) + 1e-6
    assert np.allclose(sum(rendering.stems.values()), rendering.mix, atol=1e-5)


def test_muted_tracks_are_left_out(synth, four_track_song):
    tracks = list(four_track_song.tracks)
    tracks[3] = Track("Drums", 0, 9, tracks[3].notes, muted=True)
    rendering = render_song(Song(tracks=tuple(tracks)), synth)
    assert "Drums" not in rendering.stems


def test_nothing_to_render(synth):
    with pytest.raises(AudioError, match="nothing to render"):
        render_song(Song(), synth)


def test_limiter_leaves_quiet_audio_alone_and_caps_peaks():
    quiet = np.full((1000, 2), 0.1, dtype=np.float32)
    assert np.all(limiter_gain(quiet, 44100, 0.9) == 1.0)
    loud = np.zeros((44100, 2), dtype=np.float32)
    loud[20000:20100] = 3.0
    gain = limiter_gain(loud, 44100, 0.9)
    assert np.abs(loud * gain[:, None]).max() <= 0.9 + 1e-6
    assert gain[0] == 1.0 and gain[-1] > 0.9  # turned down only around the peak


def test_constant_power_pan():
    left, right = pan_gains(1.0, 0.0)
    assert left == pytest.approx(1.0) and right == pytest.approx(1.0)
    left, right = pan_gains(1.0, -1.0)
    assert right == pytest.approx(0.0, abs=1e-9) and left == pytest.approx(np.sqrt(2))


def test_mix_of_nothing():
    peaks = mix_down({}, MemoryStem(0), 44100)
    assert len(peaks[MIX].times) == 0


def loud_stems(frames=50_000):
    rng = np.random.default_rng(3)
    stems = {}
    for name in ("a", "b", "c"):
        stem = MemoryStem(frames)
        stem.write(0, rng.uniform(-0.6, 0.6, (frames, 2)).astype(np.float32))
        stems[name] = stem
    return stems


def test_the_mixdown_by_blocks_is_the_mixdown_in_one_piece():
    small, whole = loud_stems(), loud_stems()
    small_mix, whole_mix = MemoryStem(50_000), MemoryStem(50_000)
    small_peaks = mix_down(small, small_mix, 44100, chunk=64 * 7)  # blocks that do not divide the song
    whole_peaks = mix_down(whole, whole_mix, 44100, chunk=64 * 1000)
    assert np.array_equal(small_mix.audio(), whole_mix.audio())
    assert 0.8 < np.abs(whole_mix.audio()).max() <= 10 ** (-1 / 20) + 1e-6  # it was limited
    assert np.allclose(sum(s.audio() for s in small.values()), small_mix.audio(), atol=1e-5)
    for name in (MIX, "a", "b", "c"):
        assert np.array_equal(small_peaks[name].high, whole_peaks[name].high)
    assert small_peaks[MIX].high.max() <= 10 ** (-1 / 20) + 1e-6


def test_soundfont_search_order(tmp_path):
    chosen = tmp_path / "mine.sf2"
    chosen.write_bytes(b"x")
    system = tmp_path / "FluidR3_GM.sf2"
    system.write_bytes(b"x")
    assert find_soundfont(chosen, system_fonts=[str(system)]) == chosen
    assert find_soundfont(None, system_fonts=[str(system)]) == system
    assert find_soundfont(None, system_fonts=[str(tmp_path / "absent.sf2")]) == bundled_font()
    with pytest.raises(AudioError, match="does not exist"):
        find_soundfont(tmp_path / "gone.sf2")


def test_a_file_that_is_not_a_soundfont(tmp_path):
    bad = tmp_path / "bad.sf2"
    bad.write_bytes(b"RIFF....not a soundfont")
    with pytest.raises(AudioError, match="cannot load the SoundFont"):
        SoundFontSynth(bad)


def test_cancel_stops_rendering(synth, four_track_song):
    from studio.core.errors import Cancelled

    calls = []

    def should_stop():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        render_song(four_track_song, synth, should_stop=should_stop)


def test_progress_names_each_track(synth, four_track_song):
    stages = []
    render_song(four_track_song, synth, on_progress=lambda stage, fraction: stages.append((stage, fraction)))
    names = [f"rendering {name}" for name in ("Vocal", "Chords", "Bass", "Drums")]
    assert [s for s, _ in stages] == names + ["mixed"]
    assert stages[-1][1] == 1.0


def test_rendering_into_files_gives_the_same_song_as_in_memory(tmp_path, synth, four_track_song):
    from studio.formats.frame_files import FrameFiles, read_frames

    in_memory = render_song(four_track_song, synth)
    on_disk = render_song(four_track_song, synth, store=FrameFiles(tmp_path))
    assert isinstance(on_disk.mix, np.memmap) and len(list(tmp_path.glob("*.npy"))) == 5  # 4 stems and the mix
    assert np.array_equal(np.load(on_disk.mix.filename), in_memory.mix)  # a plain .npy file
    for name, stem in in_memory.stems.items():
        assert np.array_equal(on_disk.stems[name], stem)
    assert np.array_equal(on_disk.peaks["Drums"].high, in_memory.peaks["Drums"].high)
    assert np.array_equal(read_frames(on_disk.mix, 1000, 5000), in_memory.mix[1000:5000])
    assert np.array_equal(read_frames(on_disk.mix[10:], 0, 5), in_memory.mix[10:15])  # a slice is not the file


def test_a_cancelled_render_leaves_no_files(tmp_path, synth, four_track_song):
    from studio.core.errors import Cancelled
    from studio.formats.frame_files import FrameFiles

    calls = []

    def stop_in_the_second_track():
        calls.append(1)
        return len(calls) > 12

    with pytest.raises(Cancelled):
        render_song(four_track_song, synth, should_stop=stop_in_the_second_track, store=FrameFiles(tmp_path))
    assert list(tmp_path.iterdir()) == []
