"""Melisma in the legato styles: one long stressed vowel over two or three notes, one lyric
on the first, the vocal singing the vowel across them, the lead sheet slurring them."""

import pytest

from studio.audio.voice.pitch import pitch_report
from studio.audio.voice.singer import Singer
from studio.compose.form import plan_vocal
from studio.compose.harmony import HarmonyModel
from studio.compose.pipeline import Models, generate
from studio.compose.request import SongRequest
from studio.compose.styles import get_style
from studio.core.lyrics import analyse_lyrics
from studio.core.paths import model_path
from studio.core.song import Track
from studio.ml.model import load_shipped_model

WORDS = """[Verse]
the morning bell is calling from the tower on the hill
the valley wakes in silver light and all the world is still
we gather at the river where our fathers used to pray
and lift our voices gently at the breaking of the day
"""


def melismas(notes):
    """(first, following) index runs of a syllable sung over several notes."""
    runs = []
    for i, note in enumerate(notes):
        if note.lyric:
            runs.append([i])
        elif runs and notes[runs[-1][-1]].end == note.start:
            runs[-1].append(i)
    return [run for run in runs if len(run) > 1]


@pytest.mark.parametrize("style", ["ballad", "chorale", "celtic"])
def test_legato_styles_carry_a_stressed_vowel_over_notes_and_others_do_not(style):
    analysis = analyse_lyrics(WORDS)
    held = 0
    for seed in range(4):
        _, timed = plan_vocal(analysis, get_style(style), 0, seed, 0.9)
        for i, note in enumerate(timed):
            if note.syllable is None:  # a held note: the syllable before it is stressed
                owner = next(t for t in reversed(timed[:i]) if t.syllable is not None)
                assert owner.syllable.stress or (owner.syllable.word_start and owner.syllable.word_end)
                held += 1
    assert held >= 2
    _, pop = plan_vocal(analysis, get_style("pop"), 0, 0, 0.9)
    assert all(t.syllable is not None for t in pop)  # pop sings a note per syllable


def test_a_jig_slurs_two_eighths_on_a_quarter():
    """In 6/8 a stressed quarter (two eighths) may carry a melisma, as a jig slurs it; it had
    to last a whole dotted-quarter beat, which a jig's syllables seldom do."""
    from dataclasses import replace

    from studio.compose.form import _Planner
    from studio.compose.rhythm import line_slots

    celtic = get_style("celtic")
    always = replace(celtic, rhythm=replace(celtic.rhythm, melisma=1.0))
    slots = line_slots(analyse_lyrics("dancing over the water").lines[0])
    quarters = [(4 * k, 4) for k in range(len(slots))]  # grid 6 a beat: 4 steps, a quarter
    assert _Planner(always, 0, 0.9, ()).melisma("dancing over the water", slots, quarters)


def test_a_held_vowel_moves_to_a_neighbour_rather_than_staying_or_jumping():
    """On a melisma note the step is preferred over the same pitch and over a third: the
    vowel slides to a neighbour, as Bach's sopranos do in 0.96 of their melisma notes."""
    from studio.core.form import TimedNote
    from studio.ml.steering import NoteContext, pitch_bonus

    held = TimedNote(480, 480, None, 0, place=0.5)
    values = [0, 2, 4, 5, 7, 9, 11, 12]
    bonus = pitch_bonus(values, values, NoteContext(held, previous=4, in_line=True), 0.7, (0, 12))
    assert max(bonus[2], bonus[5]) > max(bonus[4], bonus[0], bonus[7]) + 2


def test_the_legato_styles_melismas_move_by_step():
    """The ballad's held vowels on two songs of the bench's lyric set: at seed 1 it held
    "loud" on C C C and "comes" on D D G before the step was preferred and staying cost."""
    from pathlib import Path

    models = Models(load_shipped_model()[0], HarmonyModel.load(model_path("harmony.json")))
    moves = []
    for name in ("highway-rock", "letters-ballad", "harbour-folk"):
        words = (Path(__file__).parents[2] / "bench" / "lyrics" / "tune" / f"{name}.txt").read_text(encoding="utf-8")
        notes = generate(SongRequest(words, "ballad", seed=1), models).melody_track().notes
        moves += [abs(notes[i].pitch - notes[i - 1].pitch) for run in melismas(notes) for i in run[1:]]
    assert len(moves) >= 6 and sum(1 <= m <= 2 for m in moves) / len(moves) >= 0.8, moves
    assert 0 not in moves, moves


@pytest.fixture(scope="module")
def ballad():
    models = Models(load_shipped_model()[0], HarmonyModel.load(model_path("harmony.json")))
    for seed in range(6):
        song = generate(SongRequest(WORDS, "ballad", seed=seed), models)
        notes = song.melody_track().notes
        runs = [run for run in melismas(notes) if len({notes[i].pitch for i in run}) > 1]
        if runs:
            return song, runs
    pytest.fail("no ballad in six seeds sang a melisma over two pitches")


def test_a_melismas_notes_share_one_lyric_and_the_vocal_sings_one_vowel_over_them(ballad):
    song, runs = ballad
    notes = song.melody_track().notes
    run = runs[0]
    assert notes[run[0]].lyric and all(notes[i].lyric == "" for i in run[1:])
    # the vocal stem: the singer carries the vowel from the first note through the others,
    # its pitch following each of them
    phrase = tuple(notes[max(0, run[0] - 3) : run[-1] + 1])
    take = Singer().sing(Track("Vocal", notes=phrase), song.tempo_map, song.voice)
    sung = take.notes[-len(run) :]
    assert len(take.notes) == len(phrase)
    report = pitch_report(take.samples, take.rate, sung)
    assert report.notes_heard == len(run) and report.share >= 0.8, report
