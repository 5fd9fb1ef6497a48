"""Run every reader on every input and fuse what they state into one Snapshot.

A collect_env report (or a `check --save` snapshot) is the base: its layout vouches for
each value. The other readers fill what the base lacks; a value that disagrees with
another one is kept as a Conflict, so the diagnosis can say that two inputs seem to come
from different environments (a report from the host, an error from a container).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from envdoctor.collect.readers.collect_env import read_collect_env
from envdoctor.collect.readers.handwritten import read_handwritten
from envdoctor.collect.readers.packages import read_packages
from envdoctor.collect.readers.signatures import read_signatures
from envdoctor.collect.readers.tables import read_lshw, read_nvidia_smi
from envdoctor.collect.readers.text import Document
from envdoctor.evidence import Conflict, Evidence, Observation, Signal
from envdoctor.snapshot import (
    DriverFacts,
    DriverState,
    GpuFacts,
    Snapshot,
    TorchFacts,
    TorchState,
)
from envdoctor.values import DriverVersion

_STATES = {
    "no-driver": DriverState.NO_DRIVER,
    "library-mismatch": DriverState.LIBRARY_MISMATCH,
}
# Facts whose disagreement is worth telling: the ones a diagnosis rests on.
_COMPARED = ("driver.version", "driver.cuda", "torch.version", "torch.cuda")


def read_document(doc: Document) -> tuple[Snapshot | None, list[Observation], list[Signal]]:
    """What one input states: its collect_env report (if any), facts and signatures."""
    base, obs = read_collect_env(doc)
    obs += read_nvidia_smi(doc)
    if "*-display" in doc.text:
        obs += read_lshw(doc)
    obs += read_packages(doc)
    obs += read_handwritten(doc)
    sig_obs, signals = read_signatures(doc)
    return base, obs + sig_obs, signals


def _best(obs: Sequence[Observation], key: str) -> Observation | None:
    best: Observation | None = None
    for o in obs:
        if o.key == key and (best is None or o.rank > best.rank):
            best = o
    return best


def _same(key: str, a: str, b: str) -> bool:
    if key == "torch.version" and not ("+" in a and "+" in b):
        return a.partition("+")[0] == b.partition("+")[0]
    if key == "driver.version":
        da, db = DriverVersion.parse(a), DriverVersion.parse(b)
        if da is not None and db is not None:
            return da.parts[:2] == db.parts[:2]
        return a == b
    return a == b


def conflicts(obs: Sequence[Observation]) -> tuple[Conflict, ...]:
    out: list[Conflict] = []
    for key in _COMPARED:
        values: list[Observation] = []
        for o in obs:
            if o.key == key and not any(_same(key, o.value, v.value) for v in values):
                values.append(o)
        if len(values) > 1:
            out.append(Conflict(key, tuple((v.value, v.quote) for v in values)))
    states = [o for o in obs if o.key == "driver.state"]
    versions = [o for o in obs if o.key == "driver.version"]
    if states and versions:
        out.append(
            Conflict(
                "driver.state",
                ((states[0].value, states[0].quote), (versions[0].value, versions[0].quote)),
            )
        )
    return tuple(out)


def _driver(base: DriverFacts, obs: Sequence[Observation]) -> DriverFacts:
    cuda = _best(obs, "driver.cuda")
    if base.state is DriverState.OK:
        if base.cuda_version is None and cuda is not None:
            return replace(base, cuda_version=cuda.value)
        return base
    version = _best(obs, "driver.version")
    if version is not None:
        return DriverFacts(
            state=DriverState.OK,
            version=version.value,
            cuda_version=cuda.value if cuda is not None else None,
            source=version.reader,
        )
    state = _best(obs, "driver.state")
    if state is not None and base.state is DriverState.UNKNOWN:
        return DriverFacts(state=_STATES[state.value], source=state.reader, error=state.quote.text)
    if cuda is not None:
        return replace(base, cuda_version=cuda.value)
    return base


def _torch(base: TorchFacts, obs: Sequence[Observation]) -> TorchFacts:
    out = base
    if base.state is not TorchState.OK:
        version = _best(obs, "torch.version")
        cuda = _best(obs, "torch.cuda")
        if version is not None:
            known = cuda is not None
            out = replace(
                base,
                state=TorchState.OK if known else TorchState.UNKNOWN,
                version=version.value,
                cuda=(cuda.value or None) if cuda is not None else base.cuda,
            )
    arch = _best(obs, "torch.arch_list")
    if out.arch_list is None and arch is not None:
        out = replace(out, arch_list=tuple(arch.value.split()))
    avail = _best(obs, "torch.cuda_available")
    if out.cuda_available is None and avail is not None:
        out = replace(out, cuda_available=avail.value == "True")
    return out


def _gpus(base: tuple[GpuFacts, ...], obs: Sequence[Observation]) -> tuple[GpuFacts, ...]:
    if base:
        return base
    names: list[str] = []
    for rank in (3, 2, 1):
        for o in obs:
            if o.key == "gpu" and o.rank == rank and o.value not in names:
                names.append(o.value)
        if names:
            break
    return tuple(GpuFacts(index=i, name=name) for i, name in enumerate(names))


def fuse(
    base: Snapshot | None,
    obs: Sequence[Observation],
    signals: Sequence[Signal],
    *,
    text: str,
    sources: Sequence[tuple[str, str]] = (),
    notes: Sequence[str] = (),
    from_snapshot_file: bool = False,
) -> Evidence:
    snap = base if base is not None else Snapshot(origin="collect_env")
    python = snap.python
    version = _best(obs, "python.version")
    if python.version is None and version is not None:
        python = replace(python, version=version.value)
    kind = _best(obs, "python.env_kind")
    if python.env_kind is None and kind is not None:
        python = replace(python, env_kind=kind.value)
    system = snap.system
    os_obs = _best(obs, "system.os")
    if system.os is None and os_obs is not None:
        system = replace(system, os=os_obs.value)
    wsl_obs = _best(obs, "system.wsl")
    if system.wsl is None and wsl_obs is not None and wsl_obs.value in {"1", "2"}:
        system = replace(system, wsl=int(wsl_obs.value), os=system.os or "Linux")
    fused = replace(
        snap,
        driver=_driver(snap.driver, obs),
        torch=_torch(snap.torch, obs),
        gpus=_gpus(snap.gpus, obs),
        python=python,
        system=system,
    )
    return Evidence(
        snapshot=fused,
        observations=tuple(obs),
        signals=tuple(signals),
        conflicts=conflicts(obs),
        text=text,
        sources=tuple(sources),
        notes=tuple(notes),
        from_snapshot_file=from_snapshot_file,
    )


__all__ = ["conflicts", "fuse", "read_document"]
