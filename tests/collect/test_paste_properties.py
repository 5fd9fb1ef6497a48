"""Property tests: damaged variants of real pastes never crash and never hide a failure.

Variants: lines shuffled, text truncated, re-wrapped at a random width (e-mail clients),
a docker-compose / shell prefix on every line, CRLF, stray non-UTF-8 bytes. The
diagnosis must never raise (only a UsageError for input with no evidence left, exit 2)
and a broken machine must never come out "ok"; a paste whose failing evidence survived
the damage intact must still fail.
"""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from envdoctor.analyse.evidence import diagnose
from envdoctor.analyse.findings import Status
from envdoctor.collect.from_file import decode_input, load_evidence
from envdoctor.collect.readers import fuse, make_document, read_document
from envdoctor.errors import UsageError
from envdoctor.matrix import load_matrix

PASTES = Path(__file__).resolve().parent.parent / "fixtures" / "pastes"
CASES = {
    name: entry["cause"]
    for kind in ("dev", "heldout", "heldout2")
    for name, entry in json.loads((PASTES / f"{kind}.json").read_text(encoding="utf-8")).items()
}
BROKEN = sorted(name for name, cause in CASES.items() if cause is not None)
MATRIX = load_matrix()


def damage(text: str, how: str, rnd: random.Random) -> bytes:
    lines = text.splitlines()
    if how == "shuffle":
        rnd.shuffle(lines)
        out = "\n".join(lines)
    elif how == "truncate":
        out = text[: rnd.randrange(1, len(text) + 1)]
    elif how == "rewrap":
        width = rnd.randrange(20, 120)
        out = "\n".join(textwrap.fill(line, width) if line else line for line in lines)
    elif how == "prefix":
        prefix = rnd.choice(["app-1  | ", "    ", "> ", "[rank0]: ", "(venv) me@box:~$ "])
        out = "\n".join(prefix + line for line in lines)
    elif how == "crlf":
        out = text.replace("\n", "\r\n")
    else:
        out = text
    data = bytearray(out.encode("utf-8"))
    if how == "bytes" and data:
        for _ in range(rnd.randrange(1, 4)):
            data.insert(rnd.randrange(len(data)), rnd.choice([0xFF, 0xFE, 0xC3, 0x80]))
    return bytes(data)


def judge(data: bytes) -> Status | None:
    """The verdict for `data`, or None when it is refused as bad input (exit 2)."""
    try:
        text, notes = decode_input(data, "paste")
        base, obs, sigs = read_document(make_document("paste", text))
        evidence = fuse(base, obs, sigs, text=text, notes=notes)
        if base is None and not obs and not sigs and not text.strip():
            return None
        return diagnose(evidence, MATRIX).status
    except UsageError:
        return None


HOWS = ["shuffle", "truncate", "rewrap", "prefix", "crlf", "bytes"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(CASES)),
    how=st.sampled_from(HOWS),
    seed=st.integers(0, 2**16),
)
def test_damaged_pastes_never_crash(name: str, how: str, seed: int) -> None:
    text = (PASTES / name).read_text(encoding="utf-8")
    judge(damage(text, how, random.Random(seed)))  # no exception other than UsageError


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(BROKEN),
    how=st.sampled_from(["shuffle", "rewrap", "prefix", "crlf", "bytes", "truncate"]),
    seed=st.integers(0, 2**16),
)
def test_broken_machines_never_become_ok(name: str, how: str, seed: int) -> None:
    text = (PASTES / name).read_text(encoding="utf-8")
    status = judge(damage(text, how, random.Random(seed)))
    assert status is not Status.OK


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(BROKEN), how=st.sampled_from(["prefix", "crlf"]), seed=st.integers())
def test_lossless_damage_keeps_the_failure(name: str, how: str, seed: int) -> None:
    text = (PASTES / name).read_text(encoding="utf-8")
    assert judge(damage(text, how, random.Random(seed))) is Status.FAIL


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_verdict_or_a_usage_error(data: bytes) -> None:
    judge(data)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_never_crashes(text: str) -> None:
    judge(text.encode("utf-8", errors="surrogatepass"))


def test_loader_on_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes(
        damage((PASTES / BROKEN[0]).read_text(encoding="utf-8"), "bytes", random.Random(1))
    )
    try:
        load_evidence([str(path)])
    except UsageError:
        pytest.fail("a damaged paste with evidence left must still be read")
