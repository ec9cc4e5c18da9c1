import pytest

from studio.compose.form import plan_vocal
from studio.compose.styles import get_style
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
    return new_model(MelodyConfig.debug()).eval()  # random weights: the plan and the masks make it sing


def request(text=LYRICS, style="pop", seed=7, seed_notes=(), **changes):
    lyrics = analyse_lyrics(text)
    _, rhythm = plan_vocal(lyrics, get_style(style), 0, seed, 0.9, seed_notes)
    values = dict(lyrics=lyrics, key=Key(9, "minor"), meter=get_style(style).meter, seed=seed, rhythm=rhythm,
                  seed_notes=seed_notes)  # fmt: skip
    return MelodyRequest(**(values | changes))


def test_every_syllable_gets_its_notes_in_order_at_the_planned_times(debug_model):
    req = request()
    notes = generate_melody(debug_model, req).notes
    sung = [n.lyric for n in notes if n.lyric]
    assert sung == [s.text for s in req.lyrics.syllables]
    assert len(notes) == sum(s.notes for s in req.lyrics.syllables)  # "love_" holds two notes
    love = next(i for i, n in enumerate(notes) if n.lyric == "love")
    assert notes[love + 1].lyric == ""  # the held note
    assert [n.joins_next for n in notes if n.lyric] == [not s.word_end for s in req.lyrics.syllables]
    assert [(n.start, n.duration) for n in notes] == [(t.start, t.duration) for t in req.rhythm]


def test_monophonic_in_key_and_in_range(debug_model):
    req = request()
    notes = generate_melody(debug_model, req).notes
    assert all(b.start >= a.end for a, b in zip(notes, notes[1:]))
    scale = set(Key(9, "minor").scale) | {(9 + 11) % 12}
    assert all(n.pitch % 12 in scale for n in notes)
    assert max(n.pitch for n in notes) - min(n.pitch for n in notes) <= req.range_semitones


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


def test_cancel_empty_lyrics_and_lyrics_without_their_rhythm(debug_model):
    with pytest.raises(Cancelled):
        generate_melody(debug_model, request(), should_stop=lambda: True)
    with pytest.raises(StudioError, match="nothing to sing"):
        generate_melody(debug_model, MelodyRequest(lyrics=analyse_lyrics("!!!")))
    with pytest.raises(StudioError, match="rhythm planned"):
        generate_melody(debug_model, MelodyRequest(lyrics=analyse_lyrics(LYRICS)))


def test_long_songs_slide_the_context_window(debug_model):
    notes = generate_melody(debug_model, request("\n".join(["la la la la la la la la"] * 12), seed=3)).notes
    assert len([n for n in notes if n.lyric]) == 96  # >> the debug model's 64 tokens


def test_a_repeated_chorus_repeats_its_melody(debug_model):
    text = "[Verse]\nwalking down the road\n\n[Chorus]\nsing it out loud tonight\n\n"
    text += "[Verse]\ntalking to the moon\n\n[Chorus]"
    result = generate_melody(debug_model, request(text, seed=5))
    starts = dict(result.sections)
    assert list(starts) == ["Verse 1", "Chorus 1", "Verse 2", "Chorus 2"]

    def section_notes(label, following):
        end = starts.get(following, 10**9)
        return [(n.pitch, n.start - starts[label], n.duration) for n in result.notes if starts[label] <= n.start < end]

    assert section_notes("Chorus 2", None) == section_notes("Chorus 1", "Verse 2")


def test_a_second_verse_with_new_words_leans_on_the_first_verses_tune(debug_model):
    text = "[Verse]\nwalking down the road tonight\n\n[Chorus]\noh oh oh\n\n[Verse]\nsinging to the moon and stars"
    req = request(text, seed=11)
    notes = generate_melody(debug_model, req).notes
    verses = [[n.pitch for n, t in zip(notes, req.rhythm) if t.section == k] for k in (0, 2)]
    same = sum(1 for a, b in zip(*verses) if a == b)
    assert same >= len(verses[0]) // 2, verses


def test_the_hook_line_sings_the_first_lines_opening_and_varies_its_ending(debug_model):
    text = "[Chorus]\nhold on to the light tonight\nwe are running out of time\nnever let the embers die\nhold me"
    req = request(text, seed=2)
    notes = generate_melody(debug_model, req).notes
    lines = [[n.pitch for n, t in zip(notes, req.rhythm) if t.line == k] for k in (0, 2)]
    assert lines[0][:-2] == lines[1][:-2] and lines[0][-2:] != lines[1][-2:]


def intervals_in_lines(notes, rhythm):
    """(interval, the next interval) inside each line, but for the fall into its cadence."""
    pairs = []
    for key in sorted({(t.section, t.line) for t in rhythm}):
        pitches = [n.pitch for n, t in zip(notes, rhythm) if (t.section, t.line) == key]
        steps = [b - a for a, b in zip(pitches, pitches[1:])]
        pairs += list(zip(steps, steps[1:]))
    return pairs


def test_a_leap_is_followed_by_a_step_back(debug_model):
    """A line that opens with a leap of a sixth or an octave turns back by step (gap-fill)."""
    text = "\n".join(["[Verse]", *["remember how the river ran along the valley floor"] * 2,
                      "the evening light was falling on the water and the shore", "[Chorus]",
                      "carry me home tonight", "over the hills and far away"])  # fmt: skip
    leaps = []
    for seed in range(3):
        req = request(text, seed=seed, leap=1.0, key=Key(0))
        notes = generate_melody(debug_model, req).notes
        leaps += [(step, after) for step, after in intervals_in_lines(notes, req.rhythm) if abs(step) > 7]
    assert len(leaps) >= 3
    bad = [(step, after) for step, after in leaps if not (1 <= abs(after) <= 2 and after * step < 0)]
    assert not bad, leaps


def test_a_varied_hook_ending_after_a_leap_falls_back_past_the_hook_s_note():
    """A leap A-F in "Higher, higher" is answered by E, the hook's own last note; where the
    returning hook must vary its ending, E gets no gap-fill bonus and the line falls a third."""
    from studio.core.form import TimedNote
    from studio.core.lyrics import Syllable
    from studio.ml.steering import NoteContext, pitch_bonus

    timed = TimedNote(0, 480, Syllable("er", 0, word_start=False), 0, strong=False, line_end=True, place=1.0)
    values = [0, 2, 4, 5, 7, 9, 11, 12]  # C major: from F the only step down is E
    first = pitch_bonus(values, values, NoteContext(timed, previous=5, before=-3, in_line=True), 0.7, (0, 12))
    varied = pitch_bonus(values, values, NoteContext(timed, previous=5, before=-3, in_line=True, avoid=4), 0.7, (0, 12))
    assert max(values, key=first.get) == 4
    assert max(values, key=varied.get) == 2 and varied[4] < varied[2] - 8


def test_a_line_does_not_chant_on_one_pitch_but_its_cadence_may_stay_home(debug_model):
    """Past three notes in a row on one pitch, each more costs the style's run_cost; a line's
    last two notes (its cadence's approach) are free. A model leaning hard on repeats
    (repeat_penalty -4) chants without it."""
    from studio.ml.steering import RUN_EXEMPT, RUN_FREE

    text = "[Verse]\nthe fishermen are waiting by the harbour in the evening\nand the nets are lying on the stones"

    def runs_inside_lines(run_cost):
        longest = 0
        for seed in range(3):
            req = request(text, seed=seed, key=Key(0), repeat_penalty=-4.0, run_cost=run_cost)
            notes = generate_melody(debug_model, req).notes
            lines = {}
            for note, timed in zip(notes, req.rhythm):
                lines.setdefault((timed.section, timed.line), []).append(note.pitch)
            for pitches in lines.values():
                run = 1
                for k in range(1, len(pitches) - RUN_EXEMPT):
                    run = run + 1 if pitches[k] == pitches[k - 1] else 1
                    longest = max(longest, run)
        return longest

    assert runs_inside_lines(0.0) > RUN_FREE + 1
    assert runs_inside_lines(10.0) <= RUN_FREE


def test_the_run_cost_grows_with_each_note_past_three():
    from studio.core.form import TimedNote
    from studio.ml.steering import NoteContext, pitch_bonus

    timed = TimedNote(0, 480, None, 0, place=0.5)
    values = list(range(0, 13))
    costs = []
    for run in range(1, 6):
        context = NoteContext(timed, previous=5, in_line=True, run=run)
        free = pitch_bonus(values, values, context, 0.7, (0, 12))
        charged = pitch_bonus(values, values, context, 0.7, (0, 12), run_cost=1.5)
        assert all(free[v] == charged[v] for v in values if v != 5)
        costs.append(free[5] - charged[5])
    assert costs == pytest.approx([0.0, 0.0, 1.5, 3.0, 4.5])


def test_a_line_does_not_trill_between_two_pitches(debug_model, monkeypatch):
    """Three notes alternating (C D C) make the next D cost ZIGZAG_COST, four make the next C
    cost twice that; a line sung by a model leaning on neighbours (a step bonus standing in
    for its habit) alternates five notes in a row without the cost, and far less with it."""
    import studio.ml.steering as steering
    from studio.core.form import TimedNote
    from studio.ml.steering import ZIGZAG_COST, NoteContext, pitch_bonus
    from studio.ml.tune import Tune

    timed = TimedNote(0, 480, None, 0, place=0.5)
    values = list(range(0, 13))
    free = pitch_bonus(values, values, NoteContext(timed, previous=2, in_line=True), 0.7, (0, 12))
    charged = pitch_bonus(values, values, NoteContext(timed, previous=2, in_line=True, zigzag=(0, 4)), 0.7, (0, 12))
    assert [round(free[v] - charged[v], 6) for v in values] == [2 * ZIGZAG_COST] + [0.0] * 12
    text = "[Verse]\nthe fishermen are waiting by the harbour in the evening\nand the nets are lying on the stones"
    req = request(text, seed=0, key=Key(0), chords=[])
    tune = Tune(req, (0, 24), set(values))
    alternations = []
    for index, pitch in enumerate([0, 2, 0, 2, 4]):
        alternations.append(tune._zigzag(index))
        tune.sung(index, pitch)
    assert alternations == [None, None, None, (2, 3), (0, 4)] and tune._zigzag(5) is None

    def trilled(cost):
        monkeypatch.setattr(steering, "ZIGZAG_COST", cost)
        count = 0
        for seed in range(4):
            notes = generate_melody(debug_model, request(text, seed=seed, key=Key(0))).notes
            pitches = [n.pitch for n in notes]
            count += sum(len(set(pitches[k - 4 : k + 1])) == 2 and pitches[k] == pitches[k - 2] == pitches[k - 4]
                         and pitches[k - 1] == pitches[k - 3] for k in range(4, len(pitches)))  # fmt: skip
        return count

    monkeypatch.setattr(steering, "MOTION_BONUS", {1: 6.0, 2: 6.0})
    leaning, steered = trilled(0.0), trilled(ZIGZAG_COST)
    assert leaning >= 4 and steered <= leaning // 2, (leaning, steered)


def test_a_line_ends_within_a_fifth_of_where_the_next_one_must_open():
    """Before a line whose opening is decided (a repeated chorus, a returning hook, verse 2
    guided by verse 1), the line's last note is steered within a fifth of it: the copied
    opening cannot step back, so a leap there would go unanswered."""
    from studio.core.form import TimedNote
    from studio.ml.steering import LEAP, NoteContext, pitch_bonus
    from studio.ml.tune import Tune

    timed = TimedNote(0, 480, None, 0, line_end=True, place=1.0)
    values = list(range(0, 25))
    free = pitch_bonus(values, values, NoteContext(timed, previous=12), 0.7, (0, 24))
    ahead = pitch_bonus(values, values, NoteContext(timed, previous=12, next_given=4), 0.7, (0, 24))
    assert [v for v in values if ahead[v] < free[v]] == [v for v in values if abs(v - 4) > LEAP]
    text = "[Verse]\nremember how the river ran\n[Chorus]\nsing it out\n[Verse]\nthe evening light is low\n"
    req = request(text + "[Chorus]\nsing it out", seed=0)
    tune, before_chorus = Tune(req, (0, 24), set(values)), []
    for index, timed in enumerate(req.rhythm):
        context = tune.context(index) if tune.given(index) is None else None
        if timed.line_end and index + 1 < len(req.rhythm) and req.rhythm[index + 1].section == 3:
            before_chorus.append(context.next_given == tune.written[1][0])  # the chorus again
        tune.sung(index, 5 + index % 7)
    assert before_chorus == [True]


def test_the_note_before_a_cadence_stands_a_step_from_home():
    """Before a line's cadence the note is steered a step (one or two semitones) from the
    cadence's home tone where the cadence may sing it: the tonic of a full cadence, under a
    verse's ceiling; the root of the dominant at a half cadence. A line then comes home by
    step (2-1, 7-1) as most folk tunes and chorales end, not by a fall from a fifth."""
    from studio.core.form import TimedNote
    from studio.ml.steering import NoteContext, home_tone, pitch_bonus
    from studio.ml.tune import Tune

    timed = TimedNote(0, 480, None, 0, place=0.9)
    values = list(range(0, 25))
    free = pitch_bonus(values, values, NoteContext(timed, previous=7), 0.7, (0, 24))
    steered = pitch_bonus(values, values, NoteContext(timed, previous=7, approach=frozenset({10, 11, 13, 14})), 0.7,
                          (0, 24))  # fmt: skip
    assert [v for v in values if steered[v] > free[v]] == [10, 11, 13, 14]
    assert home_tone("full", (0, 4, 7)) == 0 and home_tone("half", (7, 11, 2)) == 7 and home_tone("", ()) is None
    text = "[Verse]\nremember how the river ran\nand how the morning came\n[Chorus]\nsing it out\nsing it loud"
    req = request(text, seed=0, key=Key(0), chords=[])
    tune = Tune(req, (0, 24), set(values))
    tune.chorus_top = 14  # the verse may not sing above D: its tonic is the lower C, or none above it
    before_full = 0
    for index in range(len(req.rhythm)):
        following = req.rhythm[index + 1] if index + 1 < len(req.rhythm) else None
        approach = tune._approach(index)
        if following is not None and following.line_end and following.cadence == "full" and following.section == 0:
            assert approach == frozenset({1, 2, 10, 11, 13, 14})
            before_full += 1
        elif following is None or not (following.line_end and following.cadence):
            assert approach == frozenset()
    assert before_full == 1  # the verse's last line


def test_a_cadence_comes_home_by_step_more_often_with_its_approach(debug_model, monkeypatch):
    """With random weights the plan alone steers: line ends on a cadence reached by a step,
    with and without the approach's bonus, over the same songs; none reached by a leap."""
    import studio.ml.steering as steering

    text = "\n".join(["[Verse]", "when the colour fades on the radio", "and the evening comes to call me home",
                      "every window holds a little light", "and the river carries it away", "[Chorus]",
                      "carry me home tonight", "over the hills and far away"])  # fmt: skip

    def by_step():
        steps = leaps = total = 0
        for seed in range(6):
            req = request(text, seed=seed, key=Key(0))
            notes = generate_melody(debug_model, req).notes
            for k in range(1, len(notes)):
                if req.rhythm[k].line_end and req.rhythm[k].cadence and not req.rhythm[k - 1].line_end:
                    move = abs(notes[k].pitch - notes[k - 1].pitch)
                    steps, leaps, total = steps + (1 <= move <= 2), leaps + (move > 7), total + 1
        return steps / total, leaps

    steered, leaps = by_step()
    monkeypatch.setattr(steering, "APPROACH_BONUS", 0.0)
    free, _ = by_step()
    assert steered > free + 0.15 and steered >= 0.6, (steered, free)
    assert leaps == 0


def test_a_planned_leap_lands_on_a_stressed_syllable_on_a_strong_beat(debug_model):
    """A jump onto "the" is heard as a wrong note; onto "LOVE" as the line's lift."""
    text = "\n".join(["[Verse]", "when the colour fades on the radio", "and the evening comes to call me home",
                      "every window holds a little light", "[Chorus]", "carry me home tonight",
                      "over the hills and far away"])  # fmt: skip
    landed = []
    for seed in range(4):
        req = request(text, seed=seed, leap=1.0, key=Key(0))
        notes = generate_melody(debug_model, req).notes
        for k in range(1, len(notes)):
            now, before = req.rhythm[k], req.rhythm[k - 1]
            same_line = (now.section, now.line) == (before.section, before.line)
            if same_line and abs(notes[k].pitch - notes[k - 1].pitch) > 7 and now.shift == 0:
                landed.append(now)
    assert landed
    assert all(t.strong and t.syllable is not None and t.syllable.stress > 0 for t in landed), landed


def test_a_line_that_will_leap_opens_low_enough_for_the_leap():
    """With a leap planned, the line's opening is steered under the top of the range by the
    leap's size (leap_room), so the leap has room; without one nothing changes."""
    from studio.core.form import TimedNote
    from studio.ml.steering import NoteContext, pitch_bonus

    timed = TimedNote(0, 480, None, 0, strong=True, place=0.5)
    values = list(range(0, 13))
    free = pitch_bonus(values, values, NoteContext(timed), 0.7, (0, 12))
    roomy = pitch_bonus(values, values, NoteContext(timed, leap_room=4), 0.7, (0, 12))
    costs = [free[v] - roomy[v] for v in values]
    assert costs[:5] == [0.0] * 5 and all(b > a for a, b in zip(costs[4:], costs[5:]))


def test_the_note_before_a_planned_leap_is_steered_to_where_the_leap_lands_on_the_chord():
    """A sixth or an octave above the note before the leap must be a tone of the chord the leap
    lands on; that note is steered there (leap_from), or most planned leaps find none."""
    from studio.core.form import TimedNote
    from studio.ml.steering import NoteContext, pitch_bonus
    from studio.ml.tune import Tune

    timed = TimedNote(0, 480, None, 0, strong=True, place=0.5)
    values = list(range(0, 13))
    free = pitch_bonus(values, values, NoteContext(timed), 0.7, (0, 12))
    steered = pitch_bonus(values, values, NoteContext(timed, leap_from=frozenset({4, 7})), 0.7, (0, 12))
    assert [v for v in values if steered[v] > free[v]] == [4, 7]
    tune = object.__new__(Tune)  # the leap_from of a line planned to leap an octave onto C major
    tune.leap, tune.rhythm = 12, request("[Verse]\nremember how the river ran", seed=0).rhythm
    tune.request = request("[Verse]\nremember how the river ran", seed=0, chords=[])
    landing = next(k for k in range(1, 5) if tune.rhythm[k].strong and tune.rhythm[k].syllable.stress > 0)
    tune._heard = lambda t: ((0, 4, 7),)
    assert tune._leap_from(landing - 1, landing - 1) == frozenset({0, 4, 7})
    tune.leap = 0  # no leap planned: nothing steered
    assert tune._leap_from(landing - 1, landing - 1) == frozenset()


def test_a_leap_lands_on_a_level_mandarin_tone_not_a_moving_one():
    from studio.core.form import TimedNote
    from studio.core.lyrics import Syllable
    from studio.ml.tune import lands_leap

    def note(tone):
        return TimedNote(0, 480, Syllable("ma", 1, tone=tone), 0, strong=True)

    assert lands_leap(note(None)) and lands_leap(note(1))
    assert not any(lands_leap(note(tone)) for tone in (2, 3, 4))
    last = TimedNote(0, 480, Syllable("ma", 1), 0, strong=True, line_end=True)
    assert not lands_leap(last)  # a line's last note: no step could answer the leap
