"""Property-based fuzzing of user input this area reads: snapshots and wheel file names.

Property: whatever the input, envdoctor exits 0, 1 or 2 with no traceback and no
"internal error" (exit 3 means envdoctor itself could not run, never a reaction to
input), and a snapshot that records a broken torch is never judged ok.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from factories import make_snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.snapshot import DriverState, TorchState

runner = CliRunner()
FUZZ = settings(
    max_examples=int(os.environ.get("ENVDOCTOR_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Leaves a hostile or damaged file may hold: odd numbers, odd text, wrong shapes.
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        ["", "8.6x", "x.y", "12.x", "535.104.05\x00", "2.13.0+cu130", "ok", "-1", "1e309", "\ufeff"]
    ),
)
JSON = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)

BASES = [
    make_snapshot().to_dict(),
    make_snapshot(torch_state=TorchState.BROKEN).to_dict(),
    make_snapshot(driver_state=DriverState.NO_DRIVER, gpus=()).to_dict(),
    make_snapshot(gpus=(("NVIDIA GeForce RTX 4090", "8.9"), ("Tesla K80", "3.7"))).to_dict(),
]


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    doc[path[0]] = _set(doc[path[0]], path[1:], value)
    return doc


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


# Near misses of what a field holds: a version with a letter, a cut-off value, junk glued on.
JUNK = st.sampled_from(["x", ".x", "+", " ", "\x00", "é", "-1", ".", "..", "١", "\n"])


@st.composite
def near_miss(draw: st.DrawFn, value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return draw(st.sampled_from([None, True, False, 0, "true", "", []]))
    if isinstance(value, int | float):
        return draw(st.sampled_from([-1, 0, 2**63, -(2**63), 1.5, str(value), None, float("inf")]))
    if isinstance(value, str):
        how = draw(st.integers(min_value=0, max_value=3))
        if how == 0:
            return value + draw(JUNK)
        if how == 1:
            return draw(JUNK) + value
        if how == 2 and value:
            cut = draw(st.integers(min_value=0, max_value=len(value) - 1))
            return value[:cut]
        return value.replace(".", draw(JUNK))
    return draw(JSON)


@st.composite
def damaged_snapshots(draw: st.DrawFn) -> Any:
    doc = json.loads(json.dumps(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = [p for p in _paths(doc) if p]
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["near-miss", "near-miss", "replace", "delete"]))
        if action == "delete" and isinstance(path[-1], str):
            del _get(doc, path[:-1])[path[-1]]  # a missing field
        elif action == "near-miss":
            doc = _set(doc, path, draw(near_miss(_get(doc, path))))
        else:
            doc = _set(doc, path, draw(JSON))
    return doc


def _check_from(tmp_path: Path, text: str | bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / "snap.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    return runner.invoke(app, ["check", "--from", str(path)])


def _assert_clean(result: Any) -> None:
    out = result.output
    assert result.exit_code in (0, 1, 2), (result.exit_code, out[-2000:])
    assert "Traceback" not in out
    assert "internal error" not in out
    assert not isinstance(result.exception, BaseException) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)


@FUZZ
@given(doc=damaged_snapshots())
def test_damaged_snapshot_never_crashes(tmp_path: Path, doc: Any) -> None:
    result = _check_from(tmp_path, json.dumps(doc))
    _assert_clean(result)
    torch = doc.get("torch") if isinstance(doc, dict) else None
    state = torch.get("state") if isinstance(torch, dict) else None
    if result.exit_code != 2 and state in {"broken", "crashed", "timeout", "no-interpreter"}:
        assert result.exit_code == 1, result.output[-2000:]


@FUZZ
@given(doc=JSON)
def test_any_json_document_never_crashes(tmp_path: Path, doc: Any) -> None:
    _assert_clean(_check_from(tmp_path, json.dumps(doc)))


@FUZZ
@given(data=st.binary(max_size=300))
def test_any_bytes_never_crash(tmp_path: Path, data: bytes) -> None:
    prefix = b'{"schema": "envdoctor.snapshot/1", '
    _assert_clean(_check_from(tmp_path, prefix + data))
    _assert_clean(_check_from(tmp_path, data))


NAME_PART = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/\\\x00"), max_size=20
)
TAGS = st.sampled_from(
    [
        "cp311",
        "cp313t",
        "py3",
        "none",
        "abi3",
        "manylinux_2_28_x86_64",
        "manylinux2014_aarch64",
        "win_amd64",
        "macosx_14_0_arm64",
        "linux_x86_64",
        "musllinux_1_2_x86_64",
        "any",
        "",
        "cp3999999999999",
        "manylinux_99999999999999999999_1_x86_64",
    ]
)


@st.composite
def wheel_names(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(NAME_PART) + draw(st.sampled_from([".whl", ".whl.1", " (1).whl", ""]))
    project = draw(st.sampled_from(["torch", "numpy", "x", "", "tor ch", "torch_nightly"]))
    version = draw(
        st.sampled_from(["2.13.0", "2.13.0+cu130", "2.13.0+cu118", "1!2", "9" * 60, "2.x", ""])
    )
    parts = [project, version]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["1", "a1", "0build"])))
    parts += [draw(TAGS), draw(TAGS), draw(TAGS)]
    return "-".join(parts) + draw(st.sampled_from([".whl", ".WHL", ".zip", ".whl.part"]))


@FUZZ
@given(name=wheel_names())
def test_wheel_names_never_crash(name: str) -> None:
    result = runner.invoke(
        app,
        [
            "wheel",
            "--python-version",
            "3.11",
            "--platform",
            "linux_x86_64",
            "--glibc",
            "2.35",
            "--driver",
            "550.54.14",
            "--gpu",
            "RTX 3060",
            "--",
            name,
        ],
    )
    _assert_clean(result)


@pytest.mark.parametrize("name", ["", "-", ".whl", "--.whl", "a-b-c-d-e-f-g.whl"])
def test_wheel_name_edge_cases(name: str) -> None:
    result = runner.invoke(
        app, ["wheel", "--python-version", "3.11", "--platform", "linux_x86_64", "--", name]
    )
    _assert_clean(result)
