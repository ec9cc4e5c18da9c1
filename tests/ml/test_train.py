from studio.ml.corpus import SYLLABLE, WORD_START, Melody
from studio.ml.model import MelodyConfig
from studio.ml.train import Batches, TrainConfig, learning_rate, new_model, token_streams, train


def scale_melodies(count=12):
    melodies = []
    for i in range(count):
        notes = tuple((60 + (k * (i % 3 + 1)) % 12, k * 480, 480, SYLLABLE | WORD_START) for k in range(16))
        melodies.append(Melody(f"essen/t/{i}/0", "essen", f"essen/t/{i}", (4, 4), (0, "major"), notes))
    return melodies


def test_smoke_run_learns_something():
    streams = token_streams(scale_melodies())
    model = new_model(MelodyConfig.debug())
    log = train(model, TrainConfig(steps=60, batch=8, eval_every=30, warmup=5, learning_rate=3e-3), streams, streams)
    assert [entry["step"] for entry in log] == [30, 60]
    assert log[-1]["valid_loss"] < log[0]["valid_loss"]
    assert not model.training


def test_stop_keeps_what_was_learned():
    streams = token_streams(scale_melodies())
    model = new_model(MelodyConfig.debug())
    log = train(model, TrainConfig(steps=1000, batch=4), streams, should_stop=lambda: True)
    assert [entry["step"] for entry in log] == [1]


def test_batches_have_context_length_and_shifted_targets():
    batches = Batches(token_streams(scale_melodies(2)), context=16, seed=0)
    inputs, targets = batches.sample(3)
    assert inputs.shape == targets.shape == (3, 16)
    assert (inputs[:, 1:] == targets[:, :-1]).all()


def test_learning_rate_warms_up_then_decays():
    config = TrainConfig(steps=100, warmup=10, learning_rate=1.0)
    assert learning_rate(0, config) == 0.1
    assert learning_rate(9, config) == 1.0
    assert learning_rate(99, config) < 0.11
