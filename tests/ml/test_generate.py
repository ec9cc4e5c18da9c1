import pytest

from studio.core.errors import Cancelled, StudioError
from studio.core.lyrics import analyse_lyrics
from studio.core.song import Note
from studio.core.theory import Key, Meter
from studio.ml.generate import MelodyRequest, generate_melody, tonic_pitch
from studio.ml.model import MelodyConfig
from studio.ml.train import new_model

LYRICS = """[Verse]
I walked along the river in the morning light
love_ me tender, beautiful remember

[Chorus]
sing it out"""


@pytest.fixture(scope="module")
def debug_model():
    return new_model(MelodyConfig.debug()).eval()  # random weights: only the masks make it sing


def request(**changes):
    values = dict(lyrics=analyse_lyrics(LYRICS), key=Key(9, "minor"), meter=Meter(4, 4), seed=7)
    return MelodyRequest(**(values | changes))


def test_every_syllable_gets_its_notes_in_order(debug_model):
    req = request()
    notes = generate_melody(debug_model, req).notes
    sung = [n.lyric for n in notes if n.lyric]
    expected = [s.text for s in req.lyrics.syllables]
    assert sung == expected
    assert len(notes) == sum(s.notes for s in req.lyrics.syllables)  # "love_" holds two notes
    love = next(i for i, n in enumerate(notes) if n.lyric == "love")
    assert notes[love + 1].lyric == ""  # the held note
    assert [n.joins_next for n in notes if n.lyric] == [not s.word_end for s in req.lyrics.syllables]


def test_monophonic_in_key_and_in_range(debug_model):
    req = request()
    notes = generate_melody(debug_model, req).notes
    assert all(b.start >= a.end for a, b in zip(notes, notes[1:]))
    scale = set(Key(9, "minor").scale) | {(9 + 11) % 12}
    assert all(n.pitch % 12 in scale for n in notes)
    assert max(n.pitch for n in notes) - min(n.pitch for n in notes) <= req.range_semitones


def test_stressed_syllables_of_long_words_start_on_a_beat(debug_model):
    req = request()
    notes = generate_melody(debug_model, req).notes
    syllables = list(req.lyrics.syllables)
    words = [w for line in req.lyrics.lines for w in line.words]
    long_stressed = {id(s) for w in words if len(w.syllables) > 1 for s in w.syllables if s.stress == 1}
    lyric_notes = [n for n in notes if n.lyric]
    for syllable, note in zip(syllables, lyric_notes):
        if id(syllable) in long_stressed:
            assert note.start % 480 == 0, (syllable.text, note.start)


def test_lines_end_on_a_long_note(debug_model):
    req = request()
    notes = generate_melody(debug_model, req).notes
    line_ends = [n for n, s in zip([n for n in notes if n.lyric], req.lyrics.syllables) if s.line_end]
    assert line_ends and all(n.duration >= 480 for n in line_ends)


def test_same_seed_same_melody_and_another_seed_differs(debug_model):
    assert generate_melody(debug_model, request()).notes == generate_melody(debug_model, request()).notes
    assert generate_melody(debug_model, request()).notes != generate_melody(debug_model, request(seed=8)).notes


def test_seed_notes_open_the_melody_exactly(debug_model):
    tonic = tonic_pitch(Key(9, "minor"))
    seed = (Note(tonic, 0, 480), Note(tonic + 3, 480, 480), Note(tonic + 7, 960, 960))
    notes = generate_melody(debug_model, request(seed_notes=seed)).notes
    assert [(n.pitch, n.start, n.duration) for n in notes[:3]] == [(n.pitch, n.start, n.duration) for n in seed]
    assert all(n.seed for n in notes[:3]) and not notes[3].seed
    assert notes[3].start >= 1920


def test_without_lyrics_an_instrumental_line(debug_model):
    notes = generate_melody(debug_model, MelodyRequest(meter=Meter(3, 4), seed=1)).notes
    assert notes and all(not n.lyric for n in notes)
    assert notes[-1].start < 8 * 1440


def test_cancel_and_empty_lyrics(debug_model):
    with pytest.raises(Cancelled):
        generate_melody(debug_model, request(), should_stop=lambda: True)
    with pytest.raises(StudioError):
        generate_melody(debug_model, request(lyrics=analyse_lyrics("!!!")))


def test_long_songs_slide_the_context_window(debug_model):
    long_lyrics = analyse_lyrics("\n".join(["la la la la la la la la"] * 12))  # >> 64 tokens
    notes = generate_melody(debug_model, MelodyRequest(lyrics=long_lyrics, seed=3)).notes
    assert len([n for n in notes if n.lyric]) == 96


def test_sections_start_on_bar_lines_and_a_repeated_chorus_repeats_its_melody(debug_model):
    text = "[Verse]\nwalking down the road\n\n[Chorus]\nsing it out loud tonight\n\n"
    text += "[Verse]\ntalking to the moon\n\n[Chorus]"
    result = generate_melody(debug_model, MelodyRequest(lyrics=analyse_lyrics(text), seed=5))
    starts = dict(result.sections)
    assert list(starts) == ["Verse 1", "Chorus 1", "Verse 2", "Chorus 2"]
    assert all(tick % 1920 == 0 for tick in starts.values())

    def section_notes(label, following):
        end = starts.get(following, 10**9)
        return [(n.pitch, n.start - starts[label], n.duration) for n in result.notes if starts[label] <= n.start < end]

    assert section_notes("Chorus 2", None) == section_notes("Chorus 1", "Verse 2")


def test_a_second_verse_with_new_words_follows_the_first_verses_tune(debug_model):
    text = "[Verse]\nwalking down the road tonight\n\n[Chorus]\noh oh oh\n\n[Verse]\nsinging to the moon and stars"
    lyrics = analyse_lyrics(text)
    result = generate_melody(debug_model, MelodyRequest(lyrics=lyrics, seed=11))
    starts = dict(result.sections)

    def shape(label, end):
        return [(n.pitch, n.start - starts[label], n.duration) for n in result.notes if starts[label] <= n.start < end]

    first, second = shape("Verse 1", starts["Chorus"]), shape("Verse 2", 10**9)
    same = sum(1 for a, b in zip(first, second) if a == b)
    assert same >= len(first) // 2, (first, second)
    assert [n.lyric for n in result.notes if n.lyric] == [s.text for s in lyrics.syllables]  # words still rule
