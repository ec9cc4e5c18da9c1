"""Which torch device runs the models: CUDA when present, then Apple MPS, else the CPU."""

from __future__ import annotations


def pick_device(preference: str = "auto"):
    """A torch.device for the setting ('auto', 'cpu', 'cuda', 'mps'); falls back to the CPU."""
    import torch

    if preference in ("auto", "cuda") and torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if preference in ("auto", "mps") and mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")
