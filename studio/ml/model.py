"""The melody model: a small decoder-only transformer in the style of nanoGPT.

Checkpoints are ``{"config": dict, "state_dict": ..., "meta": dict}`` and load with
``torch.load(weights_only=True)``, so a model file can hold numbers only, never code.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from studio.core.errors import StudioError
from studio.ml.tokens import VOCABULARY


@dataclass
class MelodyConfig:
    vocab_size: int = len(VOCABULARY)
    context: int = 256  # tokens, about 70 notes: a folk song's repeats fit; half the cost of 512
    layers: int = 4
    heads: int = 4
    width: int = 256  # 4 layers x 256 wide: about 3.3M parameters, trains ~4k tok/s on 2 cores
    dropout: float = 0.1

    @classmethod
    def debug(cls) -> MelodyConfig:
        """A tiny random model for fast tests (audiocraft's 'debug' model)."""
        return cls(context=64, layers=1, heads=2, width=32, dropout=0.0)


class SelfAttention(nn.Module):
    def __init__(self, config: MelodyConfig):
        super().__init__()
        self.heads = config.heads
        self.qkv = nn.Linear(config.width, 3 * config.width)
        self.out = nn.Linear(config.width, config.width)
        self.dropout = config.dropout

    def forward(self, x: torch.Tensor, cache: tuple | None = None):
        # x: (B, T, C) -> q, k, v: (B, heads, T, C / heads)
        b, t, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        q, k, v = (z.view(b, t, self.heads, c // self.heads).transpose(1, 2) for z in (q, k, v))
        if cache is not None:  # generation: earlier keys and values are kept, not recomputed
            k, v = torch.cat([cache[0], k], dim=2), torch.cat([cache[1], v], dim=2)
        # With a cache the new queries come after every cached key, so no mask is needed
        # for one new token; for a prompt (cache empty) the usual causal mask applies.
        causal = cache is None or cache[0].shape[2] == 0
        y = F.scaled_dot_product_attention(
            q, k, v, is_causal=causal and t > 1, dropout_p=self.dropout if self.training else 0.0
        )
        y = y.transpose(1, 2).contiguous().view(b, t, c)
        return self.out(y), (k, v)


class Block(nn.Module):
    def __init__(self, config: MelodyConfig):
        super().__init__()
        self.norm1 = nn.LayerNorm(config.width)
        self.attention = SelfAttention(config)
        self.norm2 = nn.LayerNorm(config.width)
        self.mlp = nn.Sequential(
            nn.Linear(config.width, 4 * config.width),
            nn.GELU(),
            nn.Linear(4 * config.width, config.width),
            nn.Dropout(config.dropout),
        )

    def forward(self, x: torch.Tensor, cache: tuple | None = None):
        attended, cache = self.attention(self.norm1(x), cache)
        x = x + attended
        return x + self.mlp(self.norm2(x)), cache


class MelodyTransformer(nn.Module):
    def __init__(self, config: MelodyConfig):
        super().__init__()
        self.config = config
        self.tokens = nn.Embedding(config.vocab_size, config.width)
        self.positions = nn.Embedding(config.context, config.width)
        self.drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.layers))
        self.norm = nn.LayerNorm(config.width)
        self.head = nn.Linear(config.width, config.vocab_size, bias=False)
        self.head.weight = self.tokens.weight  # tied input/output embeddings: fewer parameters
        self.apply(self._init)
        for name, p in self.named_parameters():  # GPT-2's scaled init of residual projections
            if name.endswith("out.weight") or name.endswith("mlp.2.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.layers))

    @staticmethod
    def _init(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def parameter_count(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None):
        """idx, targets: (B, T) token ids -> logits (B, T, vocab), mean cross-entropy or None."""
        logits, _ = self.step(idx, None)
        if targets is None:
            return logits, None
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1), ignore_index=-1)
        return logits, loss

    def step(self, idx: torch.Tensor, caches: list | None, start: int = 0):
        """Logits for idx (B, T) placed at positions start.., and the updated key/value caches."""
        t = idx.shape[1]
        if start + t > self.config.context:
            raise ValueError(f"sequence of {start + t} tokens is longer than the context ({self.config.context})")
        positions = torch.arange(start, start + t, device=idx.device)
        x = self.drop(self.tokens(idx) + self.positions(positions))
        new_caches = []
        for i, block in enumerate(self.blocks):
            x, cache = block(x, caches[i] if caches else None)
            new_caches.append(cache)
        return self.head(self.norm(x)), new_caches


def save_checkpoint(model: MelodyTransformer, path: str | os.PathLike, meta: dict | None = None) -> None:
    from studio.core.atomic import atomic_write

    payload = {"config": asdict(model.config), "state_dict": model.state_dict(), "meta": meta or {}}
    atomic_write(path, lambda tmp: torch.save(payload, tmp))


def file_sha256(path: str | os.PathLike) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_checkpoint(
    path: str | os.PathLike, device: str | torch.device = "cpu", sha256: str | None = None
) -> tuple[MelodyTransformer, dict]:
    """The model in eval mode and its metadata. Any damage is a StudioError naming the file.

    With ``sha256`` (the shipped weights have theirs in ``<file>.sha256``) a file that is not
    byte for byte the one we trained is refused before torch reads it.
    """
    path = Path(path)
    if not path.is_file():
        raise StudioError(f"the melody model {path} is missing; reinstall Studio or run `studio train`")
    if sha256 and file_sha256(path) != sha256.strip():
        raise StudioError(f"the melody model {path.name} is damaged (checksum mismatch); reinstall it")
    try:
        payload = torch.load(path, map_location=device, weights_only=True)
        known = {f.name for f in fields(MelodyConfig)}
        config = MelodyConfig(**{k: v for k, v in payload["config"].items() if k in known})
        model = MelodyTransformer(config)
        model.load_state_dict(payload["state_dict"])
    except Exception as exc:  # torch raises many kinds on a damaged or foreign file
        raise StudioError(f"the melody model {path.name} is damaged ({type(exc).__name__}); reinstall it") from None
    return model.to(device).eval(), dict(payload.get("meta", {}))


def load_shipped_model(name: str = "melody.pt", device: str | torch.device = "cpu") -> tuple[MelodyTransformer, dict]:
    """The weights committed under models/, checked against their recorded checksum."""
    from studio.core.paths import model_path

    return load_checked(model_path(name), device)


def load_checked(
    path: str | os.PathLike, device: str | torch.device = "cpu", required: bool = False
) -> tuple[MelodyTransformer, dict]:
    """Weights checked against the checksum in ``<file>.sha256`` beside them; without that
    file they load unchecked, unless ``required`` (a style of the musician's always has one)."""
    path = Path(path)
    checksum = path.with_name(path.name + ".sha256")
    if required and not checksum.is_file() and path.is_file():
        raise StudioError(f"the melody model {path} has no checksum beside it; make the style again")
    expected = checksum.read_text(encoding="utf-8").split()[0] if checksum.is_file() else None
    return load_checkpoint(path, device, expected)
