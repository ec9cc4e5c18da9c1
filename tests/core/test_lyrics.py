import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.core.lyrics import analyse_lyrics, format_syllables
from studio.core.numbers import number_words
from studio.core.syllables import guess_syllable_count, split_written


def one_line(text):
    analysis = analyse_lyrics(text)
    assert len(analysis.lines) == 1, analysis
    return analysis.lines[0]


def shown(text):
    return format_syllables(one_line(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("beautiful morning", "BEAU·ti·ful MORN·ing"),
        ("remember yesterday", "re·MEM·ber YES·ter·day"),
        ("I don't know", "I DON'T KNOW"),
        ("I'm waiting 'til dawn", "I'M WAIT·ing 'TIL DAWN"),
        ("nothin' but the rain", "NOTH·in' BUT the RAIN"),
        ("Don’t stop", "DON'T STOP"),  # typographic apostrophe
        ("'hello', she said", "hel·LO SHE SAID"),  # quotes are not elisions
    ],
)
def test_dictionary_words_and_contractions(text, expected):
    assert shown(text) == expected


def test_stress_values_come_from_cmudict():
    line = one_line("everything")
    assert [s.stress for s in line.syllables] == [1, 0, 2]
    assert [s.text for s in line.syllables] == ["ev", "ery", "thing"]


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("4", ["four"]),
        ("24/7", ["twenty-four", "seven"]),
        ("1999", ["nineteen", "ninety-nine"]),
        ("3rd", ["third"]),
        ("80s", ["eighties"]),
        ("9:30", ["nine", "thirty"]),
        ("50%", ["fifty", "percent"]),
        ("$5", ["five", "dollars"]),
        ("1,000", ["one", "thousand"]),
        ("2.5", ["two", "point", "five"]),
    ],
)
def test_numbers_are_read_as_words(token, words):
    assert number_words(token) == words


def test_numbers_are_sung_with_their_syllables():
    line = one_line("24/7 for 4 days")
    assert [w.text for w in line.words] == ["twenty-four", "seven", "for", "four", "days"]
    assert [w.source for w in line.words][:2] == ["24/7", "24/7"]
    assert len(line.syllables) == 3 + 2 + 1 + 1 + 1


def test_hyphens_force_the_musicians_split():
    line = one_line("beau-ti-ful")
    assert [s.text for s in line.syllables] == ["beau", "ti", "ful"]
    assert [s.stress for s in line.syllables] == [1, 0, 0]  # stress still from the dictionary
    assert [w.text for w in line.words] == ["beautiful"]
    forced = one_line("fi-re")  # the dictionary says one word of two syllables; here it is two
    assert [s.text for s in forced.syllables] == ["fi", "re"]


def test_hyphenated_compound_keeps_each_parts_syllables():
    line = one_line("a well-known twenty-one")
    assert [s.text for s in line.syllables] == ["a", "well", "known", "twen", "ty", "one"]


def test_word_boundaries_are_marked():
    syllables = one_line("beautiful day").syllables
    assert [(s.word_start, s.word_end) for s in syllables] == [
        (True, False),
        (False, False),
        (False, True),
        (True, True),
    ]
    assert [s.line_end for s in syllables] == [False, False, False, True]


def test_underscore_holds_a_word_over_more_notes():
    line = one_line("love_ me tender__")
    assert [s.notes for s in line.syllables] == [2, 1, 1, 3]
    assert format_syllables(line) == "LOVE_ ME TEN·der__"


@pytest.mark.parametrize(
    ("word", "count"), [("zorblat", 2), ("glimmerous", 3), ("stone", 1), ("table", 2), ("walked", 1), ("café", 2)]
)
def test_fallback_syllable_count_for_unknown_words(word, count):
    assert guess_syllable_count(word) == count


def test_unknown_word_gets_a_syllable_split_and_a_stress():
    word = one_line("zorblatic").words[0]
    assert not word.known
    assert len(word.syllables) == 3
    assert sum(1 for s in word.syllables if s.stress == 1) == 1
    assert "".join(s.text for s in word.syllables) == "zorblatic"


def test_written_split_matches_the_count():
    for word, count in [("rhythm", 2), ("fire", 2), ("beautiful", 3), ("a", 1), ("strengths", 1)]:
        pieces = split_written(word, count)
        assert len(pieces) == count and "".join(pieces) == word


def test_two_vowels_sung_apart_are_split_between_them():
    """ "radio" is ra-di-o, not ra-d-io with a lone consonant sung as a syllable."""
    assert [s.text for s in one_line("radio video Maria").syllables] == ["ra", "di", "o", "vi", "de", "o",
                                                                        "Ma", "ri", "a"]  # fmt: skip


def test_chinese_one_syllable_per_character_with_tone():
    line = one_line("我爱你的歌")
    assert [s.text for s in line.syllables] == list("我爱你的歌")
    assert [s.tone for s in line.syllables] == [3, 4, 3, 5, 1]
    assert [s.stress for s in line.syllables] == [1, 1, 1, 0, 1]  # the neutral tone is unstressed


def test_chinese_with_punctuation_and_latin_mixed():
    line = one_line("你好，world！")
    assert [s.text for s in line.syllables] == ["你", "好", "world"]


def test_japanese_kana_and_korean():
    assert [s.text for s in one_line("きょうは").syllables] == ["きょ", "う", "は"]
    assert [s.text for s in one_line("사랑해").syllables] == ["사", "랑", "해"]


def test_punctuation_and_emoji_are_never_syllables():
    line = one_line("Oh!!! 🎵 love... (yeah) — ♥ “you”")
    assert format_syllables(line) == "OH LOVE YEAH YOU"


def test_line_without_singable_text_is_skipped_with_a_warning():
    analysis = analyse_lyrics("hello there\n🎵🎵 !!! ...\nsing along")
    assert len(analysis.lines) == 2
    assert len(analysis.warnings) == 1
    assert "line 2" in analysis.warnings[0] and "nothing to sing" in analysis.warnings[0]


def test_empty_lyrics_give_an_empty_analysis():
    assert analyse_lyrics("").is_empty
    assert analyse_lyrics("\n\n  \n").is_empty
    assert analyse_lyrics("!!! ???").is_empty


def test_sections_from_tags_and_blank_lines():
    text = """[Intro]
ooh ooh

[Verse]
first line here
second line here

[Chorus]
sing it loud

[Verse 2]
third line here

[Chorus]

[Bridge]
something new

[Outro]
goodbye"""
    analysis = analyse_lyrics(text)
    labels = [(s.kind, s.label) for s in analysis.sections]
    assert labels == [
        ("intro", "Intro"),
        ("verse", "Verse 1"),
        ("chorus", "Chorus 1"),
        ("verse", "Verse 2"),
        ("chorus", "Chorus 2"),
        ("bridge", "Bridge"),
        ("outro", "Outro"),
    ]
    chorus_2 = analysis.sections[4]
    assert chorus_2.repeat_of == "Chorus 1"  # a bare tag repeats the chorus, words and melody
    assert chorus_2.lines == analysis.sections[2].lines
    assert analysis.sections[1].lines[1].number == 6  # line numbers point into the text


def test_untagged_blocks_repeated_are_the_chorus():
    text = "a verse line\n\nthe chorus line\n\nanother verse\n\nthe chorus line"
    analysis = analyse_lyrics(text)
    assert [s.label for s in analysis.sections] == ["Verse 1", "Chorus 1", "Verse 2", "Chorus 2"]
    assert analysis.sections[3].repeat_of == "Chorus 1"


def test_bare_tag_with_nothing_to_repeat_warns():
    analysis = analyse_lyrics("[Chorus]\n\n[Verse]\nhello")
    assert [s.label for s in analysis.sections] == ["Verse"]
    assert any("no earlier chorus" in w for w in analysis.warnings)


def test_control_characters_are_ignored():
    assert shown("he\x00llo\u200b wor\x07ld") == "hel·LO WORLD"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_analyses_without_crashing(text):
    analysis = analyse_lyrics(text)
    for line in analysis.lines:
        assert line.syllables
        for syllable in line.syllables:
            assert syllable.text.strip()
            assert syllable.stress in (0, 1, 2)
            assert syllable.notes >= 1
