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


def single_threaded() -> None:
    """One torch thread for this process from now on: what an interactive process wants,
    since generation decodes token by token (see ml.generate) and the window's GUI thread
    must not wait while torch resizes its thread pool for each song."""
    import torch

    torch.set_num_threads(1)


def is_out_of_memory(exc: BaseException) -> bool:
    """A CUDA (or MPS) allocation failure, whatever class this torch version raises for it."""
    import torch

    kinds = tuple(
        k
        for k in (
            getattr(torch.cuda, "OutOfMemoryError", None),
            getattr(torch, "OutOfMemoryError", None),
        )
        if k
    )
    return isinstance(exc, kinds) or (isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower())
