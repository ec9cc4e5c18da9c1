import math

import pytest

from studio.ml.baseline import PPM, combine, pitch_bits


def test_distribution_sums_to_one_and_prefers_what_was_seen():
    model = PPM(alphabet=12, max_order=3).fit([[0, 2, 4, 5, 7, 5, 4, 2, 0]] * 5)
    distribution = model.distribution([0, 2])
    assert sum(distribution) == pytest.approx(1.0)
    assert max(range(12), key=distribution.__getitem__) == 4
    assert all(p > 0 for p in distribution)  # never certain: unseen pitches keep some mass


def test_unseen_model_is_uniform():
    assert PPM(alphabet=8).distribution([1, 2, 3]) == [1 / 8] * 8


def test_short_term_model_learns_repeats_inside_a_tune():
    long_term = PPM(alphabet=24, max_order=4).fit([[0, 1, 2, 3, 4, 5, 6, 7]])
    phrase = [10, 12, 14, 15, 17, 15, 14, 12]
    tune = phrase * 4
    with_stm = pitch_bits(long_term, tune, short_term=True)
    without = pitch_bits(long_term, tune, short_term=False)
    assert sum(with_stm[8:]) < sum(without[8:]) / 2


def test_combine_weights_the_more_certain_model():
    sure = [0.97, 0.01, 0.01, 0.01]
    unsure = [0.25, 0.25, 0.25, 0.25]
    mixed = combine([sure, unsure])
    assert sum(mixed) == pytest.approx(1.0)
    assert mixed[0] > 0.7


def test_bits_of_a_certain_prediction_are_small():
    model = PPM(alphabet=4, max_order=2).fit([[0, 1, 2, 3] * 50])
    bits = pitch_bits(model, [0, 1, 2, 3, 0, 1, 2, 3], short_term=False)
    assert bits[0] == pytest.approx(-math.log2(model.distribution([])[0]))
    assert max(bits[2:]) < 0.2


def test_update_exclusion_counts_a_known_symbol_only_in_its_longest_contexts():
    from studio.ml.baseline import PPM

    plain, excluding = PPM(4, 2), PPM(4, 2, update_exclusion=True)
    for ppm in (plain, excluding):
        ppm.fit([[0, 1, 0, 1, 0, 1]])
    assert plain.counts[()][1] == 3  # every occurrence, in every context
    assert excluding.counts[()][1] == 1  # once new; later seen in a longer context first
    assert abs(sum(excluding.distribution([0, 1, 0])) - 1.0) < 1e-9
