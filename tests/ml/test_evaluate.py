import math

import pytest
import torch

from studio.ml.evaluate import evaluate, token_log_probs
from studio.ml.model import MelodyConfig
from studio.ml.train import new_model
from tests.songs import scale_melodies


def test_windowed_scoring_counts_every_token_once():
    model = new_model(MelodyConfig.debug()).eval()
    tokens = list(torch.randint(0, model.config.vocab_size, (150,)).tolist())  # > 2 contexts of 64
    log_probs, guesses, _ = token_log_probs(model, tokens)
    assert len(log_probs) == len(guesses) == 149
    assert all(lp < 0 for lp in log_probs)
    short, _, _ = token_log_probs(model, tokens[:60])  # fits one window: the same numbers
    assert short == pytest.approx(log_probs[:59], abs=1e-5)


def test_report_has_the_promised_fields_per_collection():
    melodies = scale_melodies(6)
    report = evaluate(new_model(MelodyConfig.debug()).eval(), melodies[:4], melodies[4:])
    overall = report["all"]
    assert overall["test_melodies"] == 2 and overall["test_notes"] == 32
    assert overall["model_perplexity"] == pytest.approx(math.exp(overall["model_token_nll"]), rel=1e-3)
    assert 0 <= overall["model_token_accuracy"] <= 1
    # an untrained model is near uniform over the vocabulary; the baseline already knows scales
    assert overall["baseline_pitch_bits_per_note"] < overall["model_pitch_bits_per_note"]
    assert set(report) == {"all", "essen"}
    # the short-term model learns each melody's repeats: mixed in, it must help a random model
    assert overall["model_with_short_term_pitch_bits_per_note"] < overall["model_pitch_bits_per_note"]
