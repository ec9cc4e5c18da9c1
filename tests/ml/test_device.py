import torch

from studio.ml.device import pick_device


def test_falls_back_to_the_cpu_and_honours_a_cpu_choice(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert pick_device("auto").type == "cpu"
    assert pick_device("cuda").type == "cpu"  # asked for a GPU that is not there
    assert pick_device("cpu").type == "cpu"


def test_prefers_cuda_when_present_unless_told_otherwise(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device("auto").type == "cuda"
    assert pick_device("cpu").type == "cpu"
