"""Finding codes are an enum: one list, the README's list, and nothing emitted outside it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from envdoctor.analyse.findings import (
    OK_CODES,
    PROBLEM_CODES,
    STATUSES,
    Area,
    Finding,
    FindingCode,
    Status,
    overall_status,
)
from envdoctor.result import Outcome

ROOT = Path(__file__).resolve().parents[2]


def _readme_codes() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"Finding codes are stable:(.+?)On an error", text, re.S)
    assert m, "README lost its paragraph of finding codes"
    return re.findall(r"`([a-z0-9-]+)`", m.group(1))


def test_readme_code_list_equals_the_enum() -> None:
    listed = _readme_codes()
    assert len(listed) == len(set(listed)), "a code is listed twice"
    assert set(listed) == {c.value for c in FindingCode}


def test_problem_and_ok_codes_partition_the_enum() -> None:
    assert set(PROBLEM_CODES) | set(OK_CODES) == {c.value for c in FindingCode}
    assert not set(PROBLEM_CODES) & set(OK_CODES)


def test_a_string_code_is_coerced_to_the_enum() -> None:
    f = Finding("gpus-hidden", Status.WARN, Area.GPU, "t")
    assert f.code is FindingCode.GPUS_HIDDEN
    # It still reads as the plain string scripts see, in comparisons and in text.
    assert f.code == "gpus-hidden" and f"{f.code}" == "gpus-hidden" and str(f.code) == "gpus-hidden"


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="not a FindingCode"):
        Finding("gpu-on-fire", Status.FAIL, Area.GPU, "t")


def test_a_code_keeps_its_statuses() -> None:
    """One meaning per code: a code is emitted only at the statuses its table allows."""
    assert set(STATUSES) == set(FindingCode)
    with pytest.raises(ValueError, match="never emitted as fail"):
        Finding("driver-ok", Status.FAIL, Area.DRIVER, "t")
    with pytest.raises(ValueError, match="never emitted as warn"):
        Finding("torch-broken", Status.WARN, Area.TORCH, "t")
    healthy = {FindingCode(c) for c in OK_CODES}
    assert all(STATUSES[c] <= {Status.OK, Status.INFO} for c in healthy)
    assert all(Status.OK not in STATUSES[c] for c in set(FindingCode) - healthy)


def test_every_literal_code_in_the_rules_is_in_the_enum() -> None:
    """Codes the rules spell as string literals: each one must be a member (no typo ships)."""
    known = {c.value for c in FindingCode}
    found: set[str] = set()
    for path in (ROOT / "envdoctor" / "analyse").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name not in {"_f", "Finding", "finding"}:
                continue
            # The code: the first positional argument, or `code=` (keyword-only rules).
            keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
            first = keyword if keyword is not None else node.args[0] if node.args else None
            if first is None:
                continue
            # A literal code, or one of two: `"a" if cond else "b"` (not the condition).
            branches = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for sub in branches:
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    found.add(sub.value)
    assert found, "the rules no longer build findings the way this test reads them"
    assert found <= known, sorted(found - known)


def test_overall_status_speaks_the_result_vocabulary() -> None:
    info = Finding("system-info", Status.INFO, Area.SYSTEM, "t")
    warn = Finding("gpus-order", Status.WARN, Area.GPU, "t")
    fail = Finding("no-driver", Status.FAIL, Area.DRIVER, "t")
    assert overall_status([info]).outcome is Outcome.OK
    assert overall_status([info, warn]).outcome is Outcome.WARN
    assert overall_status([warn, fail]).outcome is Outcome.FAIL
    assert {s.outcome for s in Status} <= {Outcome.OK, Outcome.WARN, Outcome.FAIL}


def test_codes_that_had_two_meanings_now_have_one() -> None:
    """`driver-unknown` was also "no matrix rule for this driver and CUDA"; `torch-broken`
    was also "PyTorch could not be inspected" (a warning, where a broken torch fails)."""
    from factories import make_snapshot

    from envdoctor.analyse.check import analyse
    from envdoctor.matrix import load_matrix
    from envdoctor.snapshot import TorchState

    matrix = load_matrix()
    no_rule = analyse(
        make_snapshot(driver="450.80.02", driver_cuda=None, torch="1.7.0+cu105", torch_cuda="10.5"),
        matrix,
    )
    codes = {f.code: f for f in no_rule.findings}
    assert FindingCode.DRIVER_UNKNOWN not in codes
    assert codes[FindingCode.DRIVER_CUDA_UNKNOWN].status is Status.WARN
    uninspected = analyse(make_snapshot(torch_state=TorchState.UNKNOWN), matrix)
    assert {f.code for f in uninspected.findings if f.area is Area.TORCH} == {
        FindingCode.TORCH_UNKNOWN
    }
