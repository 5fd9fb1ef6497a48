"""The collect_env reader: `python -m torch.utils.collect_env` (and vLLM's/SGLang's copy).

The layout parser itself is `envdoctor/collect/collect_env_report.py`; this module
runs it on a cleaned Document and says which line stated each fact.
"""

from __future__ import annotations

from envdoctor.collect.collect_env_report import (
    CollectEnvParseError,
    looks_like_collect_env,
    parse_collect_env,
)
from envdoctor.collect.readers.text import Document
from envdoctor.evidence import Observation
from envdoctor.snapshot import DriverState, Snapshot, TorchState

READER = "collect_env"

# Snapshot key -> the labels of the line that states it.
_LABELS: dict[str, tuple[str, ...]] = {
    "torch": ("PyTorch version", "CUDA used to build PyTorch", "ROCM used to build PyTorch"),
    "torch.cuda_available": ("Is CUDA available",),
    "driver": ("Nvidia driver version",),
    "gpu": ("GPU models and configuration", "GPU 0:", "GPU 1:"),
    "python": ("Python version", "Python platform"),
    "system": ("OS:", "OS ", "Python platform"),
    "toolkit": ("CUDA runtime version",),
}


def _quote_lines(doc: Document, labels: tuple[str, ...]) -> list[int]:
    found: list[int] = []
    for i, line in enumerate(doc.lines):
        if line.startswith(labels):
            found.append(i)
            if len(found) >= 3:
                break
    return found


def read_collect_env(doc: Document) -> tuple[Snapshot | None, list[Observation]]:
    """The report's Snapshot and the lines behind its facts; (None, []) when there is none."""
    text = doc.text
    if not looks_like_collect_env(text):
        return None, []
    try:
        snap = parse_collect_env(text)
    except CollectEnvParseError:
        return None, []
    obs: list[Observation] = []

    def add(key: str, value: str | None, labels: tuple[str, ...]) -> None:
        if value is None:
            return
        for i in _quote_lines(doc, labels):
            obs.append(Observation(key, value, doc.quote(i), READER, 3))

    t = snap.torch
    if t.state is TorchState.OK:
        add("torch.version", t.version, _LABELS["torch"][:1])
        add("torch.cuda", t.cuda or "", _LABELS["torch"][1:2])
    if t.cuda_available is not None:
        add("torch.cuda_available", str(t.cuda_available), _LABELS["torch.cuda_available"])
    if snap.driver.state is DriverState.OK:
        add("driver.version", snap.driver.version, _LABELS["driver"])
    for gpu in snap.gpus:
        add("gpu", gpu.name, (f"GPU {gpu.index}:", "GPU models and configuration"))
    add("python.version", snap.python.version, _LABELS["python"][:1])
    add("system.os", snap.system.os, _LABELS["system"])
    add("toolkit.nvcc", snap.toolkit.nvcc_version, _LABELS["toolkit"])
    return snap, obs


__all__ = ["read_collect_env"]
