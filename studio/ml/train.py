"""Training the melody model on the token corpus (and fine-tuning it on a musician's files).

Plain Python with callbacks (DESIGN rule 3): ``train(...)`` reports progress and stops when
``should_stop`` says so, keeping what it has learned so far.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import torch

from studio.ml.corpus import Melody
from studio.ml.model import MelodyConfig, MelodyTransformer
from studio.ml.tokens import encode


def bf16_helps(device: torch.device | str = "cpu") -> bool:
    """bfloat16 autocast doubles CPU training speed where the CPU has bf16 instructions
    (AVX-512 BF16, AMX) and slows it down elsewhere; CUDA GPUs of this decade all have it."""
    if str(device).startswith("cuda"):
        return torch.cuda.is_bf16_supported()
    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


@dataclass
class TrainConfig:
    steps: int = 2800
    batch: int = 32
    learning_rate: float = 1.5e-3
    warmup: int = 100
    weight_decay: float = 0.1
    eval_every: int = 250
    eval_batches: int = 20
    seed: int = 1234
    threads: int = 2
    bf16: bool | None = None  # None: use it where the hardware has it


def token_streams(melodies: Iterable[Melody], style: str | None = None) -> list[list[int]]:
    """One token list per melody that fits the vocabulary."""
    streams = []
    for melody in melodies:
        encoded = encode(melody, style)
        if encoded is not None:
            streams.append(encoded.tokens)
    return streams


class Batches:
    """Random training windows of context + 1 tokens.

    Half the windows start at a melody's beginning, so the model sees its style, meter and
    mode header; half start anywhere, so the ends of long reels are learned too. Streams
    are packed end to end, as nanoGPT does.
    """

    def __init__(self, streams: list[list[int]], context: int, seed: int):
        self.data = torch.tensor([t for s in streams for t in s], dtype=torch.long)
        self.starts = []
        offset = 0
        for stream in streams:
            self.starts.append(offset)
            offset += len(stream)
        self.context = context
        self.random = random.Random(seed)
        if len(self.data) <= context + 1:
            self.data = self.data.repeat(math.ceil((context + 2) / max(1, len(self.data))))

    def sample(self, batch: int, device: torch.device | str = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
        limit = len(self.data) - self.context - 1
        rows = []
        for _ in range(batch):
            if self.random.random() < 0.5:
                start = min(self.random.choice(self.starts), limit)
            else:
                start = self.random.randint(0, limit)
            rows.append(self.data[start : start + self.context + 1])
        block = torch.stack(rows).to(device)
        return block[:, :-1], block[:, 1:]


def learning_rate(step: int, config: TrainConfig) -> float:
    """Linear warm-up, then cosine decay to a tenth."""
    if step < config.warmup:
        return config.learning_rate * (step + 1) / config.warmup
    progress = (step - config.warmup) / max(1, config.steps - config.warmup)
    return config.learning_rate * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


@torch.no_grad()
def mean_loss(model: MelodyTransformer, batches: Batches, count: int, batch: int) -> float:
    model.eval()
    device = next(model.parameters()).device
    losses = [model(*batches.sample(batch, device))[1].item() for _ in range(count)]
    model.train()
    return sum(losses) / len(losses)


def train(
    model: MelodyTransformer,
    config: TrainConfig,
    train_streams: list[list[int]],
    valid_streams: list[list[int]] | None = None,
    on_progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[dict]:
    """Train in place; returns the log (one dict per evaluation)."""
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    context = model.config.context
    train_batches = Batches(train_streams, context, config.seed)
    valid_batches = Batches(valid_streams, context, config.seed + 1) if valid_streams else None
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": config.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=config.learning_rate,
        betas=(0.9, 0.95),
    )
    device = next(model.parameters()).device  # the caller moves the model to CUDA/MPS if it wants
    use_bf16 = bf16_helps(device) if config.bf16 is None else config.bf16
    model.train()
    log, started, seen = [], time.perf_counter(), 0
    for step in range(config.steps):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, config)
        inputs, targets = train_batches.sample(config.batch, device)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_bf16 and device.type != "mps"):
            _, loss = model(inputs, targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        seen += inputs.numel()
        last = step == config.steps - 1
        stop = should_stop is not None and should_stop()
        if (step + 1) % config.eval_every == 0 or last or stop:
            entry = {
                "step": step + 1,
                "train_loss": round(loss.item(), 4),
                "seconds": round(time.perf_counter() - started, 1),
                "tokens_per_second": round(seen / (time.perf_counter() - started)),
            }
            if valid_batches:
                entry["valid_loss"] = round(mean_loss(model, valid_batches, config.eval_batches, config.batch), 4)
            log.append(entry)
            if on_progress:
                on_progress(entry)
        if stop:
            break
    model.eval()
    return log


def new_model(config: MelodyConfig | None = None, seed: int = 1234) -> MelodyTransformer:
    torch.manual_seed(seed)
    return MelodyTransformer(config or MelodyConfig())
