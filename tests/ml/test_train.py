from studio.ml.model import MelodyConfig
from studio.ml.train import Batches, TrainConfig, learning_rate, new_model, token_streams, train
from tests.songs import scale_melodies


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
