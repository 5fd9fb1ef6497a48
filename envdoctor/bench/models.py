"""The seed notes' networks, small enough for a smoke test, with synthetic learnable data.

This module imports torch at the top: only the bench runner imports it, lazily,
after it has checked that torch is installed (so `envdoctor --help` never pays for it).
Every task is deterministic for a seed and learnable within a few dozen steps, so
"the loss falls" is a real check. No downloads, no torchvision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from envdoctor.bench.training import MODEL_NAMES


class LogisticRegression(nn.Module):
    """The seed's template: one linear unit and a sigmoid, trained with BCELoss."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.linear(x))


class MLP(nn.Module):
    def __init__(self, d_in: int = 32, hidden: int = 64, classes: int = 4) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(d_in, hidden),
            nn.GELU(),
            nn.LayerNorm(hidden),
            nn.Linear(hidden, hidden),
            nn.GELU(),
            nn.Linear(hidden, classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.net(x)
        return out


class BasicBlock(nn.Module):
    """ResNet basic block: conv-BN-ReLU-conv-BN plus a shortcut (projected on a shape change)."""

    def __init__(self, c_in: int, c_out: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(
                nn.Conv2d(c_in, c_out, 1, stride=stride, bias=False), nn.BatchNorm2d(c_out)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class SmallResNet(nn.Module):
    def __init__(self, classes: int = 4, width: int = 8) -> None:
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()
        )
        self.stage1 = BasicBlock(width, width)
        self.stage2 = BasicBlock(width, width * 2, stride=2)
        self.head = nn.Linear(width * 2, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stage2(self.stage1(self.stem(x)))
        # A mean over H, W rather than AdaptiveAvgPool2d: its CUDA backward is nondeterministic.
        out: torch.Tensor = self.head(x.mean(dim=(2, 3)))
        return out


class SmallVGG(nn.Module):
    """VGG style: stacks of 3x3 conv + ReLU, max-pooling between stacks, a linear head."""

    def __init__(self, classes: int = 4, width: int = 8, size: int = 16) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(width, width, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(width, width * 2, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(width * 2 * (size // 4) ** 2, 32),
            nn.ReLU(),
            nn.Linear(32, classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.classifier(self.features(x))
        return out


def _double_conv(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1),
        nn.BatchNorm2d(c_out),
        nn.ReLU(),
        nn.Conv2d(c_out, c_out, 3, padding=1),
        nn.ReLU(),
    )


class SmallUNet(nn.Module):
    """U-Net: encoder, bottleneck, transposed-conv upsampling, skip concatenation, 1x1 head."""

    def __init__(self, classes: int = 2, width: int = 8) -> None:
        super().__init__()
        self.enc = _double_conv(3, width)
        self.down = nn.MaxPool2d(2)
        self.mid = _double_conv(width, width * 2)
        self.up = nn.ConvTranspose2d(width * 2, width, 2, stride=2)
        self.dec = _double_conv(width * 2, width)
        self.head = nn.Conv2d(width, classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skip = self.enc(x)
        mid = self.mid(self.down(skip))
        up = self.up(mid)
        out: torch.Tensor = self.head(self.dec(torch.cat([up, skip], dim=1)))
        return out


class SmallFCN(nn.Module):
    """FCN: convolutions only (no linear layer), a 1x1 classifier at stride 2 and a
    bilinear upsampling head back to the input size, plus FCN's skip from stride 1."""

    def __init__(self, classes: int = 2, width: int = 16) -> None:
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU()
        )
        self.down = nn.Sequential(
            nn.Conv2d(width, width * 2, 3, stride=2, padding=1),
            nn.BatchNorm2d(width * 2),
            nn.ReLU(),
            nn.Conv2d(width * 2, width * 2, 3, padding=1),
            nn.ReLU(),
        )
        self.score = nn.Conv2d(width * 2, classes, 1)
        self.score_skip = nn.Conv2d(width, classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skip = self.stem(x)
        coarse = self.score(self.down(skip))
        up = F.interpolate(coarse, size=x.shape[-2:], mode="bilinear", align_corners=False)
        out: torch.Tensor = up + self.score_skip(skip)
        return out


class ASPP(nn.Module):
    """DeepLab's atrous spatial pyramid pooling: parallel 1x1 and dilated 3x3 branches
    and an image-level branch, concatenated and projected."""

    def __init__(self, c_in: int, c_out: int, rates: tuple[int, ...] = (2, 4)) -> None:
        super().__init__()
        branches: list[nn.Module] = [
            nn.Sequential(nn.Conv2d(c_in, c_out, 1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())
        ]
        for rate in rates:
            branches.append(
                nn.Sequential(
                    nn.Conv2d(c_in, c_out, 3, padding=rate, dilation=rate, bias=False),
                    nn.BatchNorm2d(c_out),
                    nn.ReLU(),
                )
            )
        self.branches = nn.ModuleList(branches)
        self.image = nn.Conv2d(c_in, c_out, 1)
        self.project = nn.Sequential(
            nn.Conv2d(c_out * (len(rates) + 2), c_out, 1, bias=False),
            nn.BatchNorm2d(c_out),
            nn.ReLU(),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        outs = [branch(x) for branch in self.branches]
        # A mean over H, W rather than AdaptiveAvgPool2d: its CUDA backward is nondeterministic.
        pooled = F.relu(self.image(x.mean(dim=(2, 3), keepdim=True)))
        outs.append(pooled.expand(-1, -1, x.shape[2], x.shape[3]))
        out: torch.Tensor = self.project(torch.cat(outs, dim=1))
        return out


class SmallDeepLab(nn.Module):
    """DeepLab v3 in small: a strided backbone whose last stage is atrous (dilated, no
    further downsampling), the ASPP head, a 1x1 classifier and bilinear upsampling."""

    def __init__(self, classes: int = 2, width: int = 16) -> None:
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(),
            nn.Conv2d(width, width * 2, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(width * 2),
            nn.ReLU(),
            nn.Conv2d(width * 2, width * 2, 3, padding=2, dilation=2, bias=False),
            nn.BatchNorm2d(width * 2),
            nn.ReLU(),
        )
        self.aspp = ASPP(width * 2, width)
        self.classifier = nn.Conv2d(width, classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        logits = self.classifier(self.aspp(self.backbone(x)))
        out: torch.Tensor = F.interpolate(
            logits, size=x.shape[-2:], mode="bilinear", align_corners=False
        )
        return out


class TinyTransformer(nn.Module):
    """One pre-norm decoder block with causal scaled_dot_product_attention."""

    def __init__(self, vocab: int = 16, d: int = 32, heads: int = 4, seq: int = 32) -> None:
        super().__init__()
        self.heads = heads
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(seq, d)
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
        self.ln_f = nn.LayerNorm(d)
        self.out = nn.Linear(d, vocab)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        b, t = idx.shape
        x = self.tok(idx) + self.pos(torch.arange(t, device=idx.device))
        q, k, v = self.qkv(self.ln1(x)).chunk(3, dim=-1)
        shape = (b, t, self.heads, -1)
        q, k, v = (z.reshape(shape).transpose(1, 2) for z in (q, k, v))
        att = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(att.transpose(1, 2).reshape(b, t, -1))
        x = x + self.mlp(self.ln2(x))
        logits: torch.Tensor = self.out(self.ln_f(x))
        return logits


@dataclass(frozen=True)
class Task:
    """A model with its fixed batch and loss; `classes` > 0 means ln(C) is the sane start."""

    name: str
    model: nn.Module
    inputs: torch.Tensor
    targets: torch.Tensor
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    classes: int
    lr: float
    optimizer: str  # sgd or adam
    batch: int


def _planted_images(gen: torch.Generator, n: int, size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Noise images with a bright patch; the label is the quadrant holding the patch."""
    x = torch.randn(n, 3, size, size, generator=gen) * 0.3
    y = torch.randint(0, 4, (n,), generator=gen)
    half = size // 2
    for i in range(n):
        r, c = divmod(int(y[i]), 2)
        x[i, :, r * half + 2 : r * half + half - 2, c * half + 2 : c * half + half - 2] += 1.5
    return x, y


def _cross_entropy(out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(out.float(), target)


def _seq_cross_entropy(out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(out.float().reshape(-1, out.shape[-1]), target.reshape(-1))


def _bce(out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    # The seed uses BCELoss(reduction="sum"). BCE on probabilities is unsafe in low
    # precision, so the training loop calls losses outside autocast, in fp32.
    return F.binary_cross_entropy(out.float(), target, reduction="sum")


def build(name: str, seed: int = 0, batch: int = 32, image: int = 16) -> Task:
    """The task for `name`, on the CPU, identical for a given seed."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    if name == "logreg":
        x = torch.tensor([[1.0], [2.0], [3.0]])
        y = torch.tensor([[0.0], [0.0], [1.0]])
        return Task(name, LogisticRegression(), x, y, _bce, 0, 0.2, "sgd", 3)
    if name == "mlp":
        x = torch.randn(batch * 4, 32, generator=gen)
        teacher = torch.randn(32, 4, generator=gen)
        return Task(
            name, MLP(), x, (x @ teacher).argmax(dim=1), _cross_entropy, 4, 3e-3, "adam", batch * 4
        )
    if name in {"resnet", "vgg"}:
        x, y = _planted_images(gen, batch, image)
        model: nn.Module = SmallResNet() if name == "resnet" else SmallVGG(size=image)
        return Task(name, model, x, y, _cross_entropy, 4, 3e-3, "adam", batch)
    if name in {"unet", "fcn", "deeplab"}:
        x = torch.randn(batch // 2, 3, image, image, generator=gen)
        # Segment pixels where the first channel, smoothed, is positive: local and learnable.
        smooth = F.avg_pool2d(x[:, :1], 3, stride=1, padding=1)
        y = (smooth[:, 0] > 0).long()
        seg = {"unet": SmallUNet, "fcn": SmallFCN, "deeplab": SmallDeepLab}[name]()
        return Task(name, seg, x, y, _cross_entropy, 2, 3e-3, "adam", batch // 2)
    if name == "transformer":
        seq = 32
        base = torch.randint(0, 16, (batch // 2, 8), generator=gen)
        stream = base.repeat(1, seq // 8 + 1)  # a repeating pattern: next token is predictable
        return Task(
            name,
            TinyTransformer(seq=seq),
            stream[:, :seq],
            stream[:, 1 : seq + 1],
            _seq_cross_entropy,
            16,
            3e-3,
            "adam",
            batch // 2,
        )
    msg = f"unknown model {name!r}"
    raise ValueError(msg)


__all__ = ["MODEL_NAMES", "Task", "build"]
