"""GPU identity: a GPU name (as NVML, nvidia-smi, collect_env or a person writes it) -> the
matrix's GPU table entry and compute capability.

The matrix's `gpus` table is the one GPU table of envdoctor. Names compare with case,
runs of spaces and an "NVIDIA " prefix ignored, because drivers before about 2021 printed
"GeForce RTX 2080 Ti" where newer ones print "NVIDIA GeForce RTX 2080 Ti". A name the
table does not know may be ambiguous (GeForce GT 730: Kepler 3.5 or Fermi 2.1) rather
than missing: `ambiguous_gpu()` says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envdoctor.compat.versions import ComputeCapability
from envdoctor.matrix.model import AmbiguousGpu, GpuEntry, Matrix, normalise_name


def ambiguous_gpu(matrix: Matrix, name: str | None) -> AmbiguousGpu | None:
    """The ambiguity entry a GPU name falls under, or None when the name is not ambiguous."""
    if not name or not name.strip():
        return None
    key = normalise_name(name)
    full = re.sub(r"\s+", " ", name.strip().lower())
    for entry in matrix.gpus_ambiguous:
        if any(normalise_name(n) == key for n in entry.names):
            return entry
        if any(re.search(p, key) or re.search(p, full) for p in entry.patterns):
            return entry
    return None


@dataclass(frozen=True)
class GpuMatch:
    capability: str
    entry: GpuEntry
    how: str  # "name" or "pattern"


def gpu_capability(matrix: Matrix, name: str | None) -> GpuMatch | None:
    """Look up a GPU name as NVML / nvidia-smi / collect_env print it; None when not known."""
    if not name:
        return None
    norm = normalise_name(name)
    for entry in matrix.gpus:
        for n in entry.names:
            if normalise_name(n) == norm:
                return GpuMatch(entry.cc, entry, "name")
    full = re.sub(r"\s+", " ", name.strip().lower())
    for entry in matrix.gpus:
        for pattern in entry.patterns:
            if re.search(pattern, full) or re.search(pattern, norm):
                return GpuMatch(entry.cc, entry, "pattern")
    return None


# Prefixes people leave out when they type a GPU name ("RTX 3060", "T4", "P2000").
_PREFIXES = ("", "GeForce ", "Tesla ", "Quadro ")


@dataclass(frozen=True)
class GpuQuery:
    """What a --gpu text resolved to."""

    text: str
    capability: str | None
    entry: GpuEntry | None = None  # None when the capability was given directly
    ambiguous: AmbiguousGpu | None = None


def resolve_gpu(matrix: Matrix, text: str) -> GpuQuery:
    """A GPU name as NVML prints or a person types it, or a capability ('8.6', 'sm_86')."""
    cc = ComputeCapability.parse(text)
    if cc is not None and ("." in text or text.strip().lower().startswith("sm")):
        # A bare number ("86") is not taken as a capability: it may be part of a name.
        return GpuQuery(text, str(cc))
    # The name as given first: a bare "RTX 6000" is ambiguous even though "Quadro RTX 6000"
    # is a known card.
    for prefix in _PREFIXES:
        match = gpu_capability(matrix, prefix + text)
        if match is not None:
            return GpuQuery(text, match.capability, match.entry)
        amb = ambiguous_gpu(matrix, prefix + text)
        if amb is not None:
            return GpuQuery(text, None, None, amb)
    return GpuQuery(text, None)


# A GPU model as people write it in a sentence ("a GTX 1080Ti", "on my RTX3090", "8x A100"):
# the shape only; the GPU table decides whether a name is a GPU it knows. Bare data-center
# names are the unmistakable ones; shorter ones (T4, L4, A10) need a brand in front. The
# edges are ASCII: Chinese text runs words together ("我的显卡是RTX3090").
PROSE_GPU = re.compile(
    r"(?<![A-Za-z0-9_.\-/\\])(?:NVIDIA\s+)?(?:GeForce\s+)?(?P<name>"
    r"(?:RTX|GTX|GT)\s?\d{3,4}(?:\s?(?:Ti|SUPER|D)(?![A-Za-z0-9])|M(?![A-Za-z0-9]))*(?:\s(?:Laptop GPU|Max-Q))?"
    r"|MX\s?\d{3}"
    r"|RTX\s?A\d{4}(?:\s?Ada)?"
    r"|(?:Tesla|Quadro)\s[A-Z]{0,3}\d{1,4}[A-Za-z0-9]*"
    r"|TITAN\s(?:RTX|V|Xp)"
    r"|(?:A100|A800|H100|H800|H200|H20|V100|P100|P40|K80|L40S?|A10G|B200)(?:-[A-Za-z0-9]+)*"
    r"|(?<=NVIDIA )(?:[ALT]\d{1,2})"
    r")(?![A-Za-z0-9_\-/\\]|\.[A-Za-z0-9_])",
    re.IGNORECASE,
)
# Lower-case words one of those names contains: where to look for them in a long text.
PROSE_GPU_ANCHORS = (
    "rtx",
    "gtx",
    "gt ",
    "mx",
    "tesla",
    "quadro",
    "titan",
    "a100",
    "a800",
    "h100",
    "h800",
    "h200",
    "h20",
    "v100",
    "p100",
    "p40",
    "k80",
    "l40",
    "a10g",
    "b200",
    "nvidia ",
)


# Words around a GPU named as the one where things work ("it works fine on my A100",
# "on the 3090 it runs without problems", "在4090上正常"): that GPU is not the failing one.
# A negation in front ("doesn't work on") keeps the mention.
_SUCCESS = r"(?:fine|well|perfectly|ok|great|correctly|properly|without (?:any )?(?:problems?|issues?|errors?))"
_WORKS_BEFORE = re.compile(
    # "works/worked on" says it alone; "running/runs on" only with a word of success
    # ("I'm running on an RTX 5090" names the failing GPU).
    r"(?<!n't )(?<!not )(?<!never )\b(?:(?:works?|worked)(?:\s+" + _SUCCESS + r")?"
    r"|(?:working|runs?|ran|running)\s+" + _SUCCESS + r"|fine|ok)\s+(?:on|with)\s+"
    r"(?:(?:my|our|the|a|an|another|other|an?\s+other)\s+){0,2}(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_WORKS_AFTER = re.compile(
    r"^[^.\n]{0,24}?(?<!n't )(?<!not )\b(?:works?|worked|runs?|ran)\s+"
    + _SUCCESS
    # Chinese success words, not inside a negation ("无法正常运行", "不可以运行").
    + r"|^[^。\n]{0,12}?(?<!无法)(?<!不能)(?<![不没])(?:正常|没问题|没有问题|可以运行|能跑)",
    re.IGNORECASE,
)


def prose_gpu_works(text: str, start: int, end: int) -> bool:
    """Whether the GPU named at text[start:end] is said to be one where things work."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 48) : start]
    line_end = text.find("\n", end)
    after = text[end : min(end + 40, line_end if line_end >= 0 else len(text))]
    return bool(_WORKS_BEFORE.search(before) or _WORKS_AFTER.search(after))


def prose_gpu_name(raw: str) -> str:
    """A typed GPU name with the spaces the table's names have: "RTX3090" -> "RTX 3090",
    "1080Ti" -> "1080 Ti"."""
    name = re.sub(r"^(RTX|GTX|GT)(?=\d)", r"\1 ", raw.strip(), flags=re.IGNORECASE)
    name = re.sub(r"(?<=\d)(Ti|SUPER|D)\b", r" \1", name, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", name)


def architecture_name(matrix: Matrix, capability: str | None) -> str | None:
    """The architecture of a compute capability ('8.6' -> 'Ampere'), from the GPU table."""
    cc = ComputeCapability.parse(capability)
    if cc is None:
        return None
    for entry in matrix.gpus:
        if ComputeCapability.parse(entry.cc) == cc and entry.architecture:
            return entry.architecture
    return None


__all__ = [
    "PROSE_GPU",
    "PROSE_GPU_ANCHORS",
    "GpuMatch",
    "GpuQuery",
    "ambiguous_gpu",
    "architecture_name",
    "gpu_capability",
    "normalise_name",
    "prose_gpu_name",
    "prose_gpu_works",
    "resolve_gpu",
]
