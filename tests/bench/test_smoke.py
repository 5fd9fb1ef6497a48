from __future__ import annotations

import sys

import pytest
import torch

from envdoctor.bench import smoke
from envdoctor.bench.result import Status, worst

pytestmark = pytest.mark.torch


def test_every_case_passes_on_the_cpu() -> None:
    results = smoke.run_smoke(torch, "cpu", ("fp32", "bf16"))
    bad = [r for r in results if r.status is not Status.PASS]
    assert bad == []
    ops = {r.op for r in results}
    assert {"autograd", "indexing", "views", "losses", "optimisers", "numpy_roundtrip"} <= ops
    # dtype-independent cases run once, the rest once per dtype
    assert sum(1 for r in results if r.op == "indexing") == 1
    assert sum(1 for r in results if r.op == "matmul") == 2


def test_a_wrong_result_fails_and_names_the_op() -> None:
    def off_by_a_bit(c: smoke.Ctx) -> torch.Tensor:
        x = c.data(4, 4, seed=1)
        # wrong only on the side under test (fp32), as a broken kernel would be
        return x + (1e-2 if c.dtype == torch.float32 else 0.0)

    r = smoke.run_case(torch, "cpu", "fancy_op", off_by_a_bit, "fp32", exact=False)
    assert r.status is Status.FAIL
    assert "fancy_op" in r.message
    assert r.max_error == pytest.approx(1e-2, rel=1e-3)


def test_a_crashing_op_is_an_error_named_not_raised() -> None:
    def boom(c: smoke.Ctx) -> torch.Tensor:
        raise RuntimeError("CUDA error: device-side assert triggered\nmore text")

    r = smoke.run_case(torch, "cpu", "gather", boom, "fp32", exact=True)
    assert r.status is Status.ERROR
    assert "gather" in r.message and "device-side assert" in r.message
    assert "more text" not in r.message


def test_a_mismatch_raised_by_a_case_is_a_failure() -> None:
    def wrong(c: smoke.Ctx) -> torch.Tensor:
        raise smoke.Mismatch("d(2x^2)/dx at x=5 gave 19")

    r = smoke.run_case(torch, "cpu", "autograd", wrong, "fp32", exact=False)
    assert r.status is Status.FAIL and "19" in r.message


def test_compare_tolerances_are_per_dtype() -> None:
    ref = torch.ones(8, dtype=torch.float64)
    assert smoke.compare(ref + 5e-3, ref, "bf16", exact=False)[0]
    assert not smoke.compare(ref + 5e-3, ref, "fp32", exact=False)[0]
    assert not smoke.compare(ref * float("nan"), ref, "bf16", exact=False)[0]
    assert not smoke.compare(torch.ones(3), torch.ones(4), "fp32", exact=False)[0]
    assert smoke.compare(torch.tensor([1, 2]), torch.tensor([1, 2]), "fp32", exact=True)[0]
    assert not smoke.compare(torch.tensor([1, 3]), torch.tensor([1, 2]), "fp32", exact=True)[0]


class FlakyTorch:
    """Real torch whose results never repeat bit for bit, like a corrupting GPU."""

    def __getattr__(self, name: str) -> object:
        return getattr(torch, name)

    @staticmethod
    def equal(a: torch.Tensor, b: torch.Tensor) -> bool:
        return False


def test_repeat_matmul_catches_results_that_change() -> None:
    ok = smoke.run_case(torch, "cpu", "repeat_matmul", smoke._repeat_matmul, "fp32", exact=False)
    assert ok.status is Status.PASS
    bad = smoke.run_case(
        FlakyTorch(), "cpu", "repeat_matmul", smoke._repeat_matmul, "fp32", exact=False
    )
    assert bad.status is Status.FAIL and "silent data corruption" in bad.message


@pytest.mark.parametrize(("name", "case", "exact"), smoke.CASES, ids=[c[0] for c in smoke.CASES])
def test_cases_are_pure(name: str, case: smoke.Case, exact: bool) -> None:
    """A case must give the same answer twice and leave its inputs alone: on a GPU the
    device side and the CPU reference do not share memory, on the CPU they can."""
    ctx = smoke.Ctx(torch, "cpu", torch.float32)
    first = case(ctx).detach().clone()
    second = case(ctx).detach().clone()
    assert torch.equal(first, second), name


def test_numpy_roundtrip_returns_the_data_unchanged() -> None:
    ctx = smoke.Ctx(torch, "cpu", torch.float32)
    out = smoke._numpy_roundtrip(ctx)
    assert torch.equal(out, ctx.data(5, 4, seed=8).float())


def test_without_numpy_the_round_trip_is_skipped_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Defect: a torch without numpy (torch does not depend on it) ended the bench ERROR.
    monkeypatch.setitem(sys.modules, "numpy", None)  # `import numpy` now raises ImportError
    case = {n: c for n, c, _exact in smoke.CASES}["numpy_roundtrip"]
    result = smoke.run_case(torch, "cpu", "numpy_roundtrip", case, "fp32", exact=False)
    assert result.status is Status.SKIP and "numpy" in result.message
    assert "numpy_roundtrip" in smoke.SKIP_NOTE_OPS
    results = smoke.run_smoke(torch, "cpu", ("fp32",))
    assert worst([r.status for r in results]) is Status.PASS
