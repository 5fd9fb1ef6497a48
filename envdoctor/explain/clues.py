"""Facts the pasted text itself gives away about its machine: the nvidia-smi header,
collect_env's lines, versions in `pip list` or wheel tags, the paths of a traceback
(its OS, its Python), GPU names in sentences. Pure, no I/O; `engine` reads them once
per paste, and advice gets them as `Context.known`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from envdoctor.compat.gpus import (
    PROSE_GPU,
    PROSE_GPU_ANCHORS,
    prose_gpu_name,
    prose_gpu_works,
)
from envdoctor.explain.decode import decode_cuda_api_version, parse_cuda_version
from envdoctor.explain.model import Gpu, Known
from envdoctor.explain.textscan import (
    ANCHOR_TRIES,
    MAX_KEYWORD_HITS,
    find_all,
    lowercase,
    search_near,
)
from envdoctor.messages import DRIVER_FOUND_VERSION, DRIVER_TOO_OLD
from envdoctor.tool_formats import (
    CUDA_NUMBER,
    DRIVER_VERSION_FIELD,
    GPU_LIST_ENTRY,
    GPU_NAME_START,
    SMI_CUDA_FIELD,
    collect_env_field,
    gpu_list_entry,
)
from envdoctor.values import MAC_WORDS, NVCC_RELEASE, cuda_of_torch_version, wsl_of_kernel

# torch's "driver ... is too old (found version 11040)": the CUDA the driver reports, which
# every other explanation of the paste must respect too (a build it suggests must run).
_DRIVER_API_CLUE = re.compile(DRIVER_TOO_OLD + DRIVER_FOUND_VERSION, re.IGNORECASE)
# How far the message starts before its anchor "found version".
_DRIVER_API_BEFORE = len(DRIVER_TOO_OLD) + 8
# NCCL's log line of the same number: "NCCL INFO cudaDriverVersion 11070".
_NCCL_DRIVER_CLUE = re.compile(r"cudaDriverVersion (\d{4,5})\b")
_TORCH_CLUES = (
    collect_env_field("torch_version", r"\d+\.\d+(?:\.\d+)?(?:[a-z0-9.]*)(?:\+[\w.]+)?"),
    re.compile(r"\btorch\s*(?:==|-|\s)\s*(\d+\.\d+\.\d+(?:\+\w+(?:\.\w+)*))"),
    # Not 0.x: torchvision/torchaudio versions often come first in `pip list`.
    re.compile(r"\b([1-9]\d*\.\d+\.\d+\+(?:cu\d{2,3}|cpu|rocm[\d.]+))\b"),
    # xFormers (and others) name the torch they were built for first, the installed one in
    # "(you have 2.1.2+cpu)": the first "+cu" version of such a line is not this machine's.
    re.compile(r"\(you have ([1-9]\d*\.\d+\.\d+\+[\w.]+)\)"),
    # `pip show torch`: "Name: torch" then "Version: 2.3.1" (a plain version counts here).
    re.compile(r"Name: torch Version: (\d+\.\d+\.\d+(?:[a-z]\w*)?(?:\+[\w.]+)?)(?![\w.])"),
)
_TORCH_CUDA_CLUE = collect_env_field("cuda_build", CUDA_NUMBER + "|None")
# nvidia-smi's list or collect_env's GPU lines in the flattened paste: a name of words only,
# up to the next entry, collect_env's next label, the UUID, a table's bar or the end.
_GPU_CLUE = re.compile(
    gpu_list_entry(GPU_NAME_START + r"[\w -]*?", uuid=False)
    + rf"(?= {GPU_LIST_ENTRY}| Nvidia| \(UUID|$| \|)"
)
# Also uv's "Using CPython 3.13.1".
_PYTHON_CLUE = re.compile(r"(?:\b|(?<=C))Python(?: version)?:? (3\.\d{1,2}(?:\.\d+)?)\b")
# The interpreter's version in its package folder: lib/python3.8/site-packages (Linux,
# macOS, conda), C:\Python310\Lib\site-packages and ...\Python\Python311\ (Windows), and
# an egg's tag (-py3.6.egg).
_PYTHON_PATH_CLUES = (
    re.compile(r"python(3\.\d{1,2})[/\\](?:site|dist)-packages", re.IGNORECASE),
    re.compile(r"[/\\]Python3(\d{1,2})[/\\]", re.IGNORECASE),
    re.compile(r"-py(3\.\d{1,2})\.egg\b"),
)
# A Windows drive path (C:\...): the one reader of it, for clues and for advice that asks
# where a pasted log came from.
WINDOWS_PATH = re.compile(r"\b([A-Za-z]:\\)")
# Windows paths with the drive cut off ("...\AppData\Local\Temp"), and Windows' own errors.
# A shell prompt inside a Docker container: root at a 12-hex-digit container id.
_DOCKER_PROMPT = re.compile(r"\broot@([0-9a-f]{12}):")
_WSL_WORDS = ("microsoft-standard", "/usr/lib/wsl", "wsl2", "wsl 2", "wsl:", "(wsl)", "/mnt/c/")
_WSL1_KERNEL = re.compile(r"\b(4\.4\.0-\d{4,5}-Microsoft)\b")  # WSL 1's kernel name
_WINDOWS_WORDS = ("\\appdata\\", "\\site-packages\\", "[winerror ", "windowspath(")
# Paths only Linux machines have: Debian's system Python and dist-packages, home folders
# (macOS has /Users; Homebrew's /usr/local/lib/python3 exists on Intel Macs too).
_LINUX_PATH = re.compile(r"(/usr/lib/python3|/home/\w[\w.-]*/|/dist-packages/)")
_COMPANION_CLUE = re.compile(
    r"\b(torchvision|torchaudio)(?:\s*==\s*|\s+(?:Version: )?|-)(\d+\.\d+\.\d+(?:[a-z]\w*)?(?:\+[\w.]+)?)(?![\w.])"
)
_DARWIN_CLUE = re.compile(r"(/Users/\w+/)")
# The interpreter's architecture on a Mac: "macOS-10.16-x86_64-i386-64bit", "macOS 15.3 (x86_64)".
# An Apple silicon Mac named in words ("Mac M3", "MacBook Pro M2 Max", "Apple M1"): macOS
# on arm64 (comfyui-liveportrait#18 said only "Mac M3").
_APPLE_SILICON = re.compile(
    r"(\b(?:Mac(?:Book)?(?: ?(?:Pro|Air|mini|Studio))?|Apple)[ ,]{0,3}(?:silicon[ ,]{0,3})?"
    r"M[1-5](?!\w|\.\d)"
    # ... or the chip first: "on M1 Mac", "my M2 Max MacBook" (Oloren-AI/olorenchemengine#47).
    r"|\bM[1-5](?: ?(?:Pro|Max|Ultra))? Mac(?:Book)?\b)",
    re.IGNORECASE,
)
_APPLE_ANCHORS = (
    "mac m",
    "macbook",
    "apple m",
    "apple silicon",
    *(f"m{n} mac" for n in range(1, 6)),
    *(f"m{n} {size} mac" for n in range(1, 6) for size in ("pro", "max", "ultra")),
)
_MAC_MACHINE_CLUE = re.compile(r"macOS[- ][\d.]+[- (]+(x86_64|arm64)", re.IGNORECASE)


# Anchors of the clues that are often absent: found with the catalogue's keywords in one
# pass. Frequent ones ("torch", "python", "+cu") are found at once by a plain search.
CLUE_ANCHORS = (
    "driver version",
    "cuda version",
    "found version",
    "cudadriverversion",
    "pytorch version",
    "(you have",
    "name: torch",
    "cuda used to build pytorch",
    "cuda compilation tools",
    ":\\",
    "/users/",
    "mac m",
    "macbook",
    "apple m",
    "apple silicon",
    "+cpu",
    "+rocm",
    "torchvision",
    "torchaudio",
    "/dist-packages/",
    "/usr/lib/python3",
    "\\appdata\\",
    "\\site-packages\\",
    "[winerror ",
    "windowspath(",
    "/home/",
    "root@",
    "microsoft-standard",
    "-microsoft",
    "/usr/lib/wsl",
    "wsl2",
    "wsl 2",
    "wsl:",
    "(wsl)",
    "/mnt/c/",
    *MAC_WORDS,
    "\\python3",
    ".egg",
    *PROSE_GPU_ANCHORS,
)


def read_clues(
    flat: str, lower: str | None = None, starts: Mapping[str, Sequence[int]] | None = None
) -> Known:
    """What the text reveals about its machine; every value may be missing.

    Each regex runs only next to a literal anchor found by a plain substring search:
    logs can be megabytes long, and a regex scan of all of it costs a second or more.
    `starts`: anchors' positions already found (`find_all` over `CLUE_ANCHORS`).
    """
    lower = lowercase(flat) if lower is None else lower
    if starts is None:
        starts = find_all(lower, CLUE_ANCHORS, MAX_KEYWORD_HITS)

    def near(pattern: re.Pattern[str], *anchors: str, before: int = 40) -> str | None:
        m = search_near(flat, lower, pattern, anchors, before=before, starts=starts)
        return m.group(1) if m else None

    def has(word: str) -> bool:
        return bool(starts[word]) if word in starts else word in lower

    driver = near(DRIVER_VERSION_FIELD, "driver version")
    driver_cuda = parse_cuda_version(near(SMI_CUDA_FIELD, "cuda version"))
    api = near(_DRIVER_API_CLUE, "found version", before=_DRIVER_API_BEFORE) or near(
        _NCCL_DRIVER_CLUE, "cudadriverversion", before=0
    )
    if driver_cuda is None and api:
        driver_cuda = decode_cuda_api_version(int(api))
    torch_version = (
        near(_TORCH_CLUES[0], "pytorch version")
        or near(_TORCH_CLUES[3], "(you have", before=0)
        or near(_TORCH_CLUES[4], "name: torch", before=0)
        or near(_TORCH_CLUES[1], "torch", before=0)
        or near(_TORCH_CLUES[2], "+cu", "+cpu", "+rocm", before=20)
    )
    torch_cuda = None
    build = near(_TORCH_CUDA_CLUE, "cuda used to build pytorch")
    if build and build != "None":
        torch_cuda = parse_cuda_version(build)
    else:
        torch_cuda = parse_cuda_version(cuda_of_torch_version(torch_version))  # "+cu121": 12.1
    gpus = tuple(
        Gpu(name=m.group("name").strip(), capability=None, memory_total_mib=None)
        for m in _GPU_CLUE.finditer(flat)
    )
    prose: dict[str, None] = {}
    if not gpus:
        # GPU names in sentences ("I have a GTX 1080Ti"), near the words they contain.
        for anchor in PROSE_GPU_ANCHORS:
            for at in starts[anchor][:ANCHOR_TRIES] if anchor in starts else ():
                for typed in PROSE_GPU.finditer(flat, max(0, at - 16), at + 64):
                    if not prose_gpu_works(flat, typed.start(), typed.end()):
                        prose[prose_gpu_name(typed.group("name"))] = None
    # WSL 2's kernel name and driver folder, its name in messages (bitsandbytes prints
    # "WSL:"), and the Windows drives it mounts.
    wsl = 2 if any(map(has, _WSL_WORDS)) else None
    wsl = wsl or wsl_of_kernel(near(_WSL1_KERNEL, "-microsoft", before=12))
    os_name = None
    if wsl:
        os_name = "Linux"
    elif near(WINDOWS_PATH, ":\\", before=2) or any(map(has, _WINDOWS_WORDS)):
        os_name = "Windows"
    elif any(map(has, MAC_WORDS)) or near(_DARWIN_CLUE, "/users/", before=0):
        os_name = "Darwin"
    elif near(_LINUX_PATH, "/usr/lib/python3", "/home/", "/dist-packages/", before=0):
        os_name = "Linux"
    # A Mac named in words only counts without a path of another system: "works on my
    # MacBook M2, fails on the server" comes with the server's traceback.
    elif near(_APPLE_SILICON, *_APPLE_ANCHORS, before=0):
        os_name = "Darwin"
    companions: dict[str, str] = {}
    for anchor in ("torchvision", "torchaudio"):
        m = search_near(flat, lower, _COMPANION_CLUE, (anchor,), before=0, reach=60, starts=starts)
        if m is not None:
            companions[m.group(1).lower()] = m.group(2)
    container = "docker" if near(_DOCKER_PROMPT, "root@", before=0) else None
    machine = near(_MAC_MACHINE_CLUE, "macos", before=0) if os_name == "Darwin" else None
    if os_name == "Darwin" and machine is None and near(_APPLE_SILICON, *_APPLE_ANCHORS, before=0):
        machine = "arm64"
    return Known(
        driver_version=driver,
        driver_cuda=driver_cuda,
        torch_version=torch_version,
        torch_cuda=torch_cuda,
        nvcc=parse_cuda_version(near(NVCC_RELEASE, "cuda compilation tools", before=0)),
        gpus=gpus,
        prose_gpus=tuple(prose),
        os=os_name,
        wsl=wsl,
        container=container,
        machine=machine,
        python_version=near(_PYTHON_CLUE, "python", before=0) or _python_of_paths(near),
        companion_versions=tuple(sorted(companions.items())),
        companion_torch=torch_version if companions else None,
    )


def _python_of_paths(near: Callable[..., str | None]) -> str | None:
    """The Python version that the paths of a traceback give away."""
    site, windows, egg = _PYTHON_PATH_CLUES
    found = near(site, "-packages", before=20)
    if found:
        return found
    minor = near(windows, "\\python3", before=2)
    if minor:
        return f"3.{minor}"
    return near(egg, ".egg", before=12)


__all__ = ["CLUE_ANCHORS", "WINDOWS_PATH", "read_clues"]
