"""Tensor smoke tests: every basic operation from the seed notes, checked for the right answer.

Each case runs on the device under test in the dtype under test and again on the
CPU in float64; the two must agree within a tolerance for that dtype. Inputs are made
on the CPU from a seeded generator and moved, so both sides see the same numbers.
Cases with a known answer (d(2x^2)/dx at 5 is 20, a view shares memory) also check
that answer, so the CPU-only path in CI tests something real.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from envdoctor.bench.result import SmokeResult, Status
from envdoctor.i18n import _

# (rtol, atol relative to the reference's largest magnitude) per dtype.
TOLERANCES: dict[str, tuple[float, float]] = {
    "fp32": (1e-4, 1e-5),
    "fp64": (1e-10, 1e-12),
    "tf32": (1e-2, 5e-3),
    "fp16": (1e-2, 2e-3),
    "bf16": (6e-2, 2e-2),
}


class Mismatch(Exception):
    """A case saw a wrong answer it can describe itself."""


class Skipped(Exception):
    """A case cannot run here for a reason that is not a fault (its message says why)."""


# Skipped cases whose reason the device report repeats as a note.
SKIP_NOTE_OPS = frozenset({"numpy_roundtrip"})


def torch_dtype(torch: Any, name: str) -> Any:
    return {
        "fp32": torch.float32,
        "tf32": torch.float32,
        "fp16": torch.float16,
        "bf16": torch.bfloat16,
        "fp64": torch.float64,
    }[name]


@dataclass(frozen=True)
class Ctx:
    torch: Any
    device: str
    dtype: Any

    def data(self, *shape: int, seed: int = 0, low: float = -1.0, high: float = 1.0) -> Any:
        """Seeded inputs made on the CPU (so every device gets the same numbers)."""
        gen = self.torch.Generator().manual_seed(seed)
        x = self.torch.rand(*shape, generator=gen, dtype=self.torch.float64) * (high - low) + low
        return x.to(device=self.device, dtype=self.dtype)


Case = Callable[[Ctx], Any]


def _creation(c: Ctx) -> Any:
    t = c.torch
    kw = {"device": c.device, "dtype": c.dtype}
    parts = [
        t.zeros(3, 4, **kw).flatten(),
        t.ones(2, 3, **kw).flatten(),
        t.eye(4, **kw).flatten(),
        t.arange(0, 10, **kw),
        t.linspace(-1, 1, 9, **kw),
        t.full((2, 2), 0.5, **kw).flatten(),
    ]
    return t.cat(parts)


def _random_seeded(c: Ctx) -> Any:
    t = c.torch
    outs = []
    for _attempt in range(2):
        t.manual_seed(1234)
        outs.append((t.rand(4096, device=c.device), t.randn(4096, device=c.device)))
    (u1, n1), (u2, n2) = outs
    if not (t.equal(u1, u2) and t.equal(n1, n2)):
        raise Mismatch(_("the same seed gave different random numbers"))
    if float(u1.min()) < 0.0 or float(u1.max()) >= 1.0:
        raise Mismatch(_("rand produced values outside [0, 1)"))
    mean, std = float(n1.mean()), float(n1.std())
    if abs(mean) > 0.1 or abs(std - 1.0) > 0.1:
        raise Mismatch(
            _("randn mean {mean:.3f} / std {std:.3f} are not near 0 / 1").format(mean=mean, std=std)
        )
    ints = t.randint(0, 100, (64,), device=c.device)
    if int(ints.min()) < 0 or int(ints.max()) >= 100:
        raise Mismatch(_("randint produced values outside [0, 100)"))
    return t.tensor([1.0])


def _arithmetic(c: Ctx) -> Any:
    t = c.torch
    x, y = c.data(8, 8, seed=1), c.data(8, 8, seed=2, low=0.5, high=2.0)
    out = t.empty_like(x)
    t.add(x, y, out=out)
    z = x.clone()
    z.add_(y).mul_(0.5)
    return t.cat(
        [
            (x + y).flatten(),
            (x - y).flatten(),
            (x * y).flatten(),
            (x / y).flatten(),
            out.flatten(),
            z.flatten(),
        ]
    )


def _matmul(c: Ctx) -> Any:
    t = c.torch
    a, b = c.data(64, 48, seed=3), c.data(32, 48, seed=4)
    return t.cat(
        [
            t.matmul(a, b.T).flatten(),
            (a @ b.transpose(0, 1)).flatten(),
            t.mm(a[:8], b.T[:, :8]).flatten(),
        ]
    )


def _repeat_matmul(c: Ctx) -> Any:
    """The same product, recomputed, must be bit-identical: a cheap check for silent
    data corruption (gpu-burn compares every result with the first one the same way)."""
    t = c.torch
    a, b = c.data(128, 128, seed=16), c.data(128, 128, seed=17)
    first = a @ b
    for attempt in range(4):
        if not t.equal(a @ b, first):
            raise Mismatch(
                _(
                    "matmul repeat {n} differs from the first result: silent data corruption?"
                ).format(n=attempt + 1)
            )
    return first


def _reductions(c: Ctx) -> Any:
    t = c.torch
    x = c.data(16, 16, seed=5)
    return t.stack([x.sum(), x.mean(), x.amax(), x.amin(), x.norm(), x.softmax(dim=1).sum() / 16])


def _indexing(c: Ctx) -> Any:
    t = c.torch
    data = t.arange(0, 48, device=c.device).reshape(6, 8)
    idx = t.tensor([0, 2, 5], device=c.device)
    selected = t.index_select(data, 0, idx).flatten()
    masked = t.masked_select(data, data % 3 == 0)
    zeros = t.zeros(3, 4, device=c.device)
    zeros[1, 2] = 1
    zeros[2, 0] = 1
    nz = t.nonzero(zeros).flatten()
    gathered = t.gather(
        data, 1, t.tensor([[0, 1], [2, 3], [4, 5], [6, 7], [1, 0], [3, 2]], device=c.device)
    ).flatten()
    if nz.tolist() != [1, 2, 2, 0]:
        raise Mismatch(_("nonzero found {found}, expected [1, 2, 2, 0]").format(found=nz.tolist()))
    return t.cat([selected, masked, nz, gathered])


def _views(c: Ctx) -> Any:
    t = c.torch
    x = t.ones(3, 3, device=c.device, dtype=c.dtype)
    view = x.view(9)
    view[0] = 5  # a view shares memory with its base ...
    if float(x[0, 0]) != 5.0:
        raise Mismatch(_("writing through a view did not change its base tensor"))
    copy = x.clone()
    copy[1, 1] = 7  # ... a clone does not
    if float(x[1, 1]) != 1.0:
        raise Mismatch(_("writing to a clone changed the original tensor"))
    row = x[0]  # basic indexing is a view too (the seed's "shallow copy")
    row[1] = 3
    if float(x[0, 1]) != 3.0:
        raise Mismatch(_("an indexed row did not share memory with its tensor"))
    return t.cat([x.reshape(-1), x.T.contiguous().reshape(-1), copy.reshape(-1)])


def _broadcasting(c: Ctx) -> Any:
    t = c.torch
    a = t.arange(1, 3, device=c.device, dtype=c.dtype).view(1, 2)
    b = t.arange(1, 4, device=c.device, dtype=c.dtype).view(3, 1)
    s = a + b
    if tuple(s.shape) != (3, 2):
        raise Mismatch(_("broadcast shape {shape}, expected (3, 2)").format(shape=tuple(s.shape)))
    return t.cat([s.flatten(), (c.data(4, 1, seed=6) * c.data(1, 5, seed=7)).flatten()])


def _numpy_roundtrip(c: Ctx) -> Any:
    t = c.torch
    x = c.data(5, 4, seed=8).float()
    # torch does not depend on numpy: without it the round trip has nothing to test.
    why = _("numpy is not installed: the numpy round trip was skipped (torch runs without it)")
    try:
        import numpy  # noqa: F401 - only whether it imports matters
    except ImportError:
        raise Skipped(why) from None
    try:
        # .cpu() of a CPU tensor is the tensor itself: copy so the probe below cannot
        # write into x on one side and not on the other.
        arr = x.cpu().numpy().copy()
    except RuntimeError as exc:
        if "numpy is not available" in str(exc).lower():  # numpy came after torch loaded
            raise Skipped(why) from None
        raise
    back = t.from_numpy(arr)
    original = float(arr[0, 0])
    arr[0, 0] = 42.0  # from_numpy shares the array's memory
    if float(back[0, 0]) != 42.0:
        raise Mismatch(_("torch.from_numpy did not share memory with the array"))
    arr[0, 0] = original
    return back.to(c.device)


def _item(c: Ctx) -> Any:
    t = c.torch
    x = t.tensor([1.5, 2.5, 3.0], device=c.device, dtype=c.dtype)
    value = x.sum().item()
    if not isinstance(value, float) or value != 7.0:
        raise Mismatch(_(".item() gave {value!r}, expected 7.0").format(value=value))
    return t.tensor([value])


def _autograd(c: Ctx) -> Any:
    t = c.torch
    x = t.tensor(5.0, device=c.device, dtype=c.dtype, requires_grad=True)
    y = x * x * 2
    y.backward()
    if x.grad is None or float(x.grad) != 20.0:
        raise Mismatch(
            _("d(2x^2)/dx at x=5 gave {grad}, expected 20").format(
                grad=None if x.grad is None else float(x.grad)
            )
        )
    # The seed's second example: z = 3 (x + 2)^2, out = z.mean() over 2x2 -> dz/dx = 1.5 (x + 2)
    w = c.data(2, 2, seed=9, low=0.0, high=4.0).detach().requires_grad_(True)
    z = (w + 2) * (w + 2) * 3
    z.mean().backward()
    with t.no_grad():
        expected = 1.5 * (w + 2)
    if not t.allclose(w.grad.double(), expected.double(), rtol=1e-2, atol=1e-2):
        raise Mismatch(_("gradient of mean(3(x+2)^2) is not 1.5(x+2)"))
    return w.grad


def _losses(c: Ctx) -> Any:
    t = c.torch
    nn = t.nn
    pred, target = c.data(8, 4, seed=10), c.data(8, 4, seed=11)
    mse = nn.MSELoss()(pred, target)
    logits = c.data(8, 5, seed=12, low=-3, high=3)
    labels = t.tensor([0, 1, 2, 3, 4, 0, 1, 2], device=c.device)
    ce = nn.CrossEntropyLoss()(logits, labels)
    probs = c.data(8, 1, seed=13, low=0.05, high=0.95)
    bin_target = t.tensor([[0.0], [1.0]] * 4, device=c.device, dtype=c.dtype)
    bce = nn.BCELoss()(probs.float(), bin_target.float())
    return t.stack([mse.float(), ce.float(), bce.float()])


def _optimisers(c: Ctx) -> Any:
    t = c.torch
    results = []
    for opt_cls, kwargs in (
        (t.optim.SGD, {"lr": 0.1, "momentum": 0.9}),
        (t.optim.Adam, {"lr": 0.01}),
    ):
        w = c.data(4, 3, seed=14).float().detach().requires_grad_(True)
        x = c.data(6, 4, seed=15).float()
        opt = opt_cls([w], **kwargs)
        loss = ((x @ w) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        results.append(w.detach().flatten())
    return t.cat(results)


# (name, case, compare exactly) - exact for integer results, where any difference is wrong.
CASES: tuple[tuple[str, Case, bool], ...] = (
    ("creation", _creation, False),
    ("random_seeded", _random_seeded, False),
    ("arithmetic", _arithmetic, False),
    ("matmul", _matmul, False),
    ("repeat_matmul", _repeat_matmul, False),
    ("reductions", _reductions, False),
    ("indexing", _indexing, True),
    ("views", _views, False),
    ("broadcasting", _broadcasting, False),
    ("numpy_roundtrip", _numpy_roundtrip, False),
    ("item", _item, False),
    ("autograd", _autograd, False),
    ("losses", _losses, False),
    ("optimisers", _optimisers, False),
)
# Cases whose numbers do not depend on the dtype run once, in fp32.
DTYPE_INDEPENDENT = frozenset(
    {"random_seeded", "indexing", "numpy_roundtrip", "losses", "optimisers", "item"}
)


def compare(out: Any, ref: Any, dtype: str, *, exact: bool) -> tuple[bool, float, float]:
    """(ok, max abs error, allowed error) of `out` against the float64 reference."""
    a = out.detach().cpu().double().flatten()
    b = ref.detach().cpu().double().flatten()
    if a.shape != b.shape:
        return False, float("inf"), 0.0
    if exact:
        err = float((a - b).abs().max()) if a.numel() else 0.0
        return err == 0.0, err, 0.0
    if not bool(a.isfinite().all()):
        return False, float("inf"), 0.0
    rtol, atol = TOLERANCES[dtype]
    scale = max(1.0, float(b.abs().max())) if b.numel() else 1.0
    diff = (a - b).abs()
    allowed = atol * scale + rtol * b.abs()
    ok = bool((diff <= allowed).all())
    return (
        ok,
        float(diff.max()) if diff.numel() else 0.0,
        float(allowed.max()) if allowed.numel() else 0.0,
    )


def run_case(
    torch: Any, device: str, name: str, case: Case, dtype: str, *, exact: bool
) -> SmokeResult:
    """Run one case on the device and on the CPU in float64, and compare."""
    try:
        out = case(Ctx(torch, device, torch_dtype(torch, dtype)))
        ref = case(Ctx(torch, "cpu", torch.float64))
    except Mismatch as exc:
        return SmokeResult(op=name, dtype=dtype, status=Status.FAIL, message=str(exc))
    except Skipped as exc:
        return SmokeResult(op=name, dtype=dtype, status=Status.SKIP, message=str(exc))
    except Exception as exc:  # noqa: BLE001 - a crashing op is a failed op, named
        return SmokeResult(
            op=name,
            dtype=dtype,
            status=Status.ERROR,
            message=_("{op} raised {kind}: {detail}").format(
                op=name, kind=type(exc).__name__, detail=_line(exc)
            ),
        )
    ok, err, allowed = compare(out, ref, dtype, exact=exact)
    if ok:
        return SmokeResult(
            op=name, dtype=dtype, status=Status.PASS, max_error=err, tolerance=allowed
        )
    return SmokeResult(
        op=name,
        dtype=dtype,
        status=Status.FAIL,
        max_error=err,
        tolerance=allowed,
        message=_(
            "{op} ({dtype}) differs from the CPU result: max error {err:.3g} > {tol:.3g}"
        ).format(op=name, dtype=dtype, err=err, tol=allowed),
    )


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def run_smoke(
    torch: Any,
    device: str,
    dtypes: tuple[str, ...],
    on_case: Callable[[str], None] | None = None,
) -> tuple[SmokeResult, ...]:
    """Every case in fp32, and the dtype-sensitive ones in each extra dtype too."""
    results: list[SmokeResult] = []
    for name, case, exact in CASES:
        if on_case is not None:
            on_case(name)
        for dtype in dtypes:
            if dtype != "fp32" and (exact or name in DTYPE_INDEPENDENT):
                continue
            results.append(run_case(torch, device, name, case, dtype, exact=exact))
    return tuple(results)


__all__ = [
    "CASES",
    "SKIP_NOTE_OPS",
    "TOLERANCES",
    "Ctx",
    "Mismatch",
    "Skipped",
    "compare",
    "run_case",
    "run_smoke",
    "torch_dtype",
]
