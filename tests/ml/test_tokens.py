from studio.ml.corpus import LINE_END, SYLLABLE, WORD_END, WORD_START, Melody
from studio.ml.tokens import BOS, EOS, TOKEN_ID, VOCABULARY, decode, encode, kind


def chorale_line():
    # pickup on beat 4, then two bars of 4/4 in A minor, sung "Ky-ri-e e-lei-son" (A4 = tonic)
    word, cont, end = SYLLABLE | WORD_START, SYLLABLE, WORD_END
    notes = (
        (69, 1440, 480, word),
        (72, 1920, 480, cont),
        (71, 2400, 240, cont | end),
        (72, 2640, 240, 0),  # a melisma on "e"
        (74, 2880, 960, word | LINE_END),
        (76, 3840, 1920, cont | end | LINE_END),
    )
    return Melody("bach/x/0/0", "bach", "bach/x/0", (4, 4), (9, "minor"), notes)


def test_vocabulary_is_unique_and_small():
    assert len(set(VOCABULARY)) == len(VOCABULARY) < 512


def test_encoding_reads_as_documented():
    encoded = encode(chorale_line())
    words = [VOCABULARY[t] for t in encoded.tokens]
    assert words[:4] == ["<bos>", "style:bach", "meter:4/4", "mode:minor"]
    assert words[4:9] == ["<bar>", "pos:72", "syl:word", "pitch:+0", "dur:24"]
    assert words[-1] == "<eos>"
    assert words.count("<bar>") == 3
    assert words.count("eol") == 2
    assert words.count("syl:word") + words.count("syl:cont") == 5  # the melisma note has none
    assert [words[i][:6] for i in encoded.pitch_positions] == ["pitch:"] * 6


def test_decode_inverts_encode_in_a_new_key():
    melody = chorale_line()
    notes = decode(encode(melody).tokens, melody.meter, tonic_pitch=69)
    assert notes == [(p, s, d) for p, s, d, _ in melody.notes]
    transposed = decode(encode(melody).tokens, melody.meter, tonic_pitch=60)  # C minor
    assert [p for p, _, _ in transposed] == [p - 9 for p, *_ in melody.notes]


def test_odd_lengths_snap_to_the_nearest_spellable_duration():
    melody = Melody("e/1/0", "essen", "e/1", (3, 4), (0, "major"), ((60, 0, 470, 0), (62, 480, 2000, 0)))
    words = [VOCABULARY[t] for t in encode(melody).tokens]
    assert "dur:24" in words and "dur:96" in words


def test_overlong_bars_are_left_out():
    melody = Melody("t/1/0", "trecento", "t/1", (4, 1), (0, "major"), ((60, 0, 480, 0),))
    assert encode(melody) is None


def test_token_kinds():
    assert kind(TOKEN_ID["pitch:+3"]) == "pitch" and kind(BOS) == "<bos>" and kind(EOS) == "<eos>"
