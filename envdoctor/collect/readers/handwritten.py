"""Hand-written and tool-printed `key: value` environment lists.

Hugging Face's `transformers-cli env` / `diffusers-cli env` bullets (`- PyTorch version
(GPU?): 2.1.0+cu121 (True)`), the bug templates of PyTorch and Lightning (`- PyTorch
Version (e.g., 1.0): 1.5.0`, `- GPU models and configuration: RTX 2080`), Markdown
(`**Torch**: 2.2.0+cu121`), the Stable Diffusion web UI footer (`python: 3.10.11  •
torch: 2.0.1+cu118`), ComfyUI's start-up log (`Device: cuda:0 NVIDIA GeForce RTX 4090 :
cudaMallocAsync`) and Ultralytics' banner (`torch-2.1.0+cu118 CUDA:0 (Tesla T4, 15102MiB)`).

A value is taken only when it has the shape the key promises (a version, a GPU name
with an NVIDIA brand); a torch version without a `+cuXXX`/`+cpu` tag does not say
which build it is, so the CUDA build stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from envdoctor.collect.collect_env_facts import _parse_platform
from envdoctor.collect.readers.text import Document
from envdoctor.evidence import Observation
from envdoctor.values import cuda_of_torch_version, wsl_of_kernel

READER = "handwritten"
_DECOR = re.compile(r"^(?:[-*+•]\s+|\d+\.\s+)?")
_MARKUP = re.compile(r"[*`_]{1,3}")
_PAREN = re.compile(r"\s*\((?:e\.g\.|eg|gpu\?|if applicable|optional)[^)]*\)", re.IGNORECASE)
_VERSION = re.compile(r"\bv?(\d+\.\d+(?:\.\d+)?(?:(?:a|b|rc|\.dev|\.post)\d+)*(?:\+[\w.]+)?)")
_PY = re.compile(r"\b(3\.\d{1,2}(?:\.\d{1,2})?|2\.7(?:\.\d+)?)\b")
_DRIVER = re.compile(r"\b(\d{3}\.\d{1,3}(?:\.\d{1,3})?)\b")
_BRAND = re.compile(
    r"((?:NVIDIA\s+)?(?:GeForce\s+)?(?:RTX|GTX|Tesla|Quadro|TITAN|Titan|A\d{2,3}\b|H\d{3}\b|"
    r"L\d{1,2}S?\b|V100|P100|T4|K80|A10G)[\w -]*?)(?=\s*(?:[,;(|/]|x\d|$|\s{2}))"
)
_ULTRALYTICS = re.compile(
    r"torch-(?P<version>\d+\.\d+(?:\.\d+)?[\w.]*(?:\+[\w.]+)?)"
    r"(?:\s+CUDA:\d+\s+\((?P<gpu>[^,)]+)|\s+(?P<cpu>CPU)|\s*$)"
)
# ComfyUI's start-up line `Device: cuda:0 NVIDIA ... : cudaMallocAsync`, and the same device
# in its Markdown system-info block (`- **Name:** cuda:0 NVIDIA ... : cudaMallocAsync`).
_COMFY_DEVICE = re.compile(r"^(?:Device|Name):\s*cuda:\d+\s+(?P<gpu>.+?)\s*:\s*\w+")
_KEYS: dict[str, str] = {
    "pytorch version": "torch",
    "platform": "platform",  # transformers/diffusers-cli env: Python's platform.platform()
    "pytorch": "torch",
    "torch": "torch",
    "torch version": "torch",
    "pytorch/torch version": "torch",
    "python version": "python",
    "python": "python",
    "nvidia driver version": "driver",
    "nvidia driver": "driver",
    "driver version": "driver",
    "gpu driver version": "driver",
    "cuda driver version": "driver",  # sglang.check_env: the NVIDIA driver (535.104.12)
    "gpu models and configuration": "gpu",
    "gpu": "gpu",
    "gpus": "gpu",
    "gpu model": "gpu",
    "gpu type": "gpu",
    "graphics card": "gpu",
    "hardware": "gpu",
    # Chinese bug templates and forum posts (several real pastes): GPU model, driver version.
    "显卡": "gpu",
    "显卡型号": "gpu",
    "驱动": "driver",
    "驱动版本": "driver",
    "显卡驱动版本": "driver",
}
_COLUMNS = re.compile(r"^([A-Za-z][A-Za-z ]{0,30}?[A-Za-z])\s{3,}(\S.*)$")
_HINTS = (
    "torch",
    "python",
    "platform",
    "driver",
    "gpu",
    "graphics",
    "hardware",
    "device",
    "rtx",
    "gtx",
    "tesla",
    "quadro",
    "a100",
    "h100",
    "显卡",
    "驱动",
)
_MAX_HITS = 2000  # per word: a log can name torch on every line
_LIST_SEP = re.compile(r"\s*[,;+]\s*")
_LIST_MAX = 80
_COUNT = re.compile(r"^\d{1,2}\s*[x×]\s*", re.IGNORECASE)
_GPU_INDEXES = re.compile(r"^gpu [\d,]+$")  # sglang.check_env: "GPU 0,1,2: Tesla T4"
_SPLIT = re.compile(r"\s+[•|]\s+")


def _key_value(line: str) -> tuple[str, str] | None:
    line = _MARKUP.sub("", _DECOR.sub("", line, count=1))
    key, sep, value = line.partition(":")
    columns = _COLUMNS.match(line)
    if columns is not None and (not sep or len(columns.group(1)) < len(key)):
        # `yolo checks` and similar tools align values in a column instead of a colon.
        return columns.group(1).lower(), columns.group(2)
    if not sep or len(key) > 60:
        # PyTorch 1.x issue templates: "PyTorch version 1.5.0" without a colon.
        m = re.match(r"^(PyTorch version|Python version)\s+(\d.*)$", line, re.IGNORECASE)
        return (m.group(1).lower(), m.group(2)) if m else None
    key = _PAREN.sub("", key).strip().lower()
    return key, value.strip()


def read_handwritten(doc: Document) -> list[Observation]:
    obs: list[Observation] = []
    # Only lines naming something this reader knows: one scan of the whole text.
    lower = doc.text.lower()
    candidates = sorted({doc.line_at(at) for word in _HINTS for at in _positions(lower, word)})
    for i in candidates:
        line = doc.lines[i]
        if not line or len(line) > 400:
            continue

        def o(key: str, value: str, i: int = i) -> None:
            obs.append(Observation(key, value, doc.quote(i), READER, 1))

        if "torch-" in line:
            m = _ULTRALYTICS.search(line)
            if m is not None:
                _add_torch(m.group("version"), o)
                if m.group("gpu"):
                    o("gpu", m.group("gpu").strip())
                    o("torch.cuda_available", "True")
                continue
        comfy_gpu = _comfy_gpu(line) if "cuda:" in line else None
        if comfy_gpu is not None:
            o("gpu", comfy_gpu)
            continue
        if len(line) <= _LIST_MAX and _LIST_SEP.search(line):
            for name in _gpus_in_list(line):
                o("gpu", name)
        for piece in _SPLIT.split(line) if "•" in line else (line,):
            kv = _key_value(piece)
            if kv is None:
                continue
            kind = _KEYS.get(_GPU_INDEXES.sub("gpu", kv[0]))
            if kind is None and ":" in kv[1]:
                # A label in another language in front of the tool's own one:
                # `- 驱动版本: Driver Version: 460.80` (the value is itself `key: value`).
                inner = _key_value(kv[1])
                if inner is not None:
                    kv = inner
                    kind = _KEYS.get(_GPU_INDEXES.sub("gpu", kv[0]))
            if kind is None:
                continue
            value = kv[1]
            if kind == "torch":
                _add_torch_value(value, o)
            elif kind == "platform":
                _add_wsl(line, o)
            elif kind == "python":
                m = _PY.search(value)
                if m is not None:
                    o("python.version", m.group(1))
            elif kind == "driver":
                m = _DRIVER.search(value)
                if m is not None:
                    o("driver.version", m.group(1))
            elif kind == "gpu":
                m = _BRAND.search(value)
                if m is not None:
                    o("gpu", m.group(1).strip())
    return obs


def _comfy_gpu(line: str) -> str | None:
    bare = _MARKUP.sub("", _DECOR.sub("", line.lstrip("> \t"), count=1))
    m = _COMFY_DEVICE.match(bare)
    return m.group("gpu") if m is not None and _BRAND.search(m.group("gpu")) else None


def _add_torch_value(value: str, add: Callable[..., None]) -> None:
    """`2.1.0+cu121`, or Hugging Face's `2.1.0+cu121 (True)` with CUDA availability."""
    m = _VERSION.search(value)
    if m is not None:
        _add_torch(m.group(1), add)
        avail = re.search(r"\((True|False)\)\s*$", value)
        if avail is not None:
            add("torch.cuda_available", avail.group(1))


def _add_wsl(line: str, add: Callable[..., None]) -> None:
    """WSL 1 or 2 from a `Platform: Linux-<kernel>-<machine>-with-glibc` line."""
    # From the raw line: the Markdown clean-up would eat x86_64's underscore.
    plat = _parse_platform(line.partition(":")[2].strip().strip("`*"))
    wsl = wsl_of_kernel(plat.kernel) if plat.os == "Linux" else None
    if wsl is not None:
        add("system.wsl", str(wsl))


def _gpus_in_list(line: str) -> list[str]:
    """GPU names that are whole items of a short list: "CUDA 12.1, RTX 4090", "2x A100"."""
    out = []
    for item in _LIST_SEP.split(_MARKUP.sub("", line)):
        m = _BRAND.fullmatch(_COUNT.sub("", item.strip()))
        if m is not None:
            out.append(m.group(1).strip())
    return out


def _positions(text: str, word: str) -> list[int]:
    out: list[int] = []
    at = text.find(word)
    while at != -1 and len(out) < _MAX_HITS:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def _add_torch(version: str, add: Callable[..., None]) -> None:
    add("torch.version", version)
    cuda = cuda_of_torch_version(version)
    if cuda is not None:
        add("torch.cuda", cuda)


__all__ = ["read_handwritten"]
