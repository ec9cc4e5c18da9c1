import pytest
import torch

from studio.core.errors import StudioError
from studio.ml.model import MelodyConfig, MelodyTransformer, load_checkpoint, save_checkpoint


@pytest.fixture
def debug_model():
    torch.manual_seed(0)
    return MelodyTransformer(MelodyConfig.debug()).eval()


def test_shapes_and_loss(debug_model):
    idx = torch.randint(0, debug_model.config.vocab_size, (3, 20))
    logits, loss = debug_model(idx, idx)
    assert logits.shape == (3, 20, debug_model.config.vocab_size)
    assert loss.ndim == 0 and torch.isfinite(loss)


def test_cached_steps_match_the_full_forward_pass(debug_model):
    idx = torch.randint(0, debug_model.config.vocab_size, (1, 12))
    full, _ = debug_model(idx)
    logits, caches = debug_model.step(idx[:, :5], None)
    outputs = [logits]
    for position in range(5, 12):
        logits, caches = debug_model.step(idx[:, position : position + 1], caches, start=position)
        outputs.append(logits)
    assert torch.allclose(torch.cat(outputs, dim=1), full, atol=1e-5)


def test_context_is_enforced(debug_model):
    with pytest.raises(ValueError, match="longer than the context"):
        debug_model(torch.zeros((1, debug_model.config.context + 1), dtype=torch.long))


def test_default_size_is_a_few_million_parameters():
    assert 2_000_000 < MelodyTransformer(MelodyConfig()).parameter_count() < 6_000_000


def test_checkpoint_round_trip(tmp_path, debug_model):
    path = tmp_path / "melody.pt"
    save_checkpoint(debug_model, path, {"trained_tokens": 123})
    loaded, meta = load_checkpoint(path)
    assert meta == {"trained_tokens": 123}
    idx = torch.randint(0, debug_model.config.vocab_size, (1, 10))
    assert torch.equal(loaded(idx)[0], debug_model(idx)[0])


def test_missing_and_damaged_weights_are_clear_errors(tmp_path, debug_model):
    with pytest.raises(StudioError, match="missing"):
        load_checkpoint(tmp_path / "absent.pt")
    path = tmp_path / "melody.pt"
    save_checkpoint(debug_model, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StudioError, match="damaged"):
        load_checkpoint(path)


class Boom:
    def __reduce__(self):
        return (print, ("this must never run",))


def test_a_checkpoint_holding_code_is_refused(tmp_path, capsys):
    path = tmp_path / "evil.pt"
    torch.save({"config": {}, "state_dict": {}, "payload": Boom()}, path)
    with pytest.raises(StudioError, match="damaged"):
        load_checkpoint(path)
    assert "must never run" not in capsys.readouterr().out


def test_checksum_mismatch_is_refused(tmp_path, debug_model):
    from studio.ml.model import file_sha256

    path = tmp_path / "melody.pt"
    save_checkpoint(debug_model, path)
    good = file_sha256(path)
    load_checkpoint(path, sha256=good)
    with pytest.raises(StudioError, match="checksum"):
        load_checkpoint(path, sha256="0" * 64)
