"""TorchCodec (PyTorch's video/audio decoding) failing to load its native libraries.

torchcodec's src/torchcodec/_core/ops.py (c66da14) tries its libraries built for each FFmpeg
major version it supports, newest first, and when none loads raises "Could not load
libtorchcodec. Likely causes: 1. FFmpeg is not properly installed in your environment. We
support versions 4, 5, 6 and 7. 2. The PyTorch version (...) is not compatible with this
version of TorchCodec. ... 3. Another runtime dependency; see exceptions below.", then one
line per FFmpeg version ("FFmpeg version 7: <the loader's error>"). Its README (same commit):
FFmpeg from conda (`conda install "ffmpeg<8" -c conda-forge`), a torch/torchcodec
compatibility table, and the CUDA build from the PyTorch index of the same CUDA as torch
(`pip install torchcodec --index-url=https://download.pytorch.org/whl/cu126`; without it pip
installs the CPU-only build).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("torchcodec")

# The message's own list of FFmpeg major versions: "We support versions 4, 5, 6 and 7."
_SUPPORTED = re.compile(r"We support\s+versions (?P<list>\d[\d, ]{0,30}(?:and|or) \d{1,2})")
# Its per-version lines: which library the loader could not give it.
_FFMPEG_LIB = re.compile(r"\blib(?:avutil|avcodec|avformat|avdevice|avfilter|swscale|swresample)")
_CUDA_LIB = re.compile(
    r"\blib(?:cudart|nvrtc|npp\w{0,8}|nvcuvid|cuda)\.so\.\d+|\bnvrtc64_|cudart64_"
)

# One line per FFmpeg version it tried, up to the traceback's end (ops.py: "FFmpeg version
# {v}: {str(e)}" joined by newlines, then "[end of libtorchcodec loading traceback].").
_VERSION_LINE = re.compile(r"FFmpeg version \d{1,2}: ")
_END = "[end of libtorchcodec"


def _version_lines(near: str) -> list[str]:
    """The loader's error for each FFmpeg version, as many as the paste holds."""
    end = near.find(_END)
    body = near if end < 0 else near[:end]
    hits = list(_VERSION_LINE.finditer(body))
    ends = [*(hit.start() for hit in hits[1:]), len(body)]
    return [body[hit.end() : end] for hit, end in zip(hits, ends, strict=False)]


@FAMILY.entry(
    code="torchcodec-load-failed",
    keywords=("could not load libtorchcodec",),
    title=N_("TorchCodec could not load its native libraries"),
    patterns=(rx(r"Could not load libtorchcodec\b"),),
    specificity=3,
)
def _advise_torchcodec(m: re.Match[str], ctx: Context) -> Advice:
    near = ctx.text[m.start() : m.end() + 6000]
    facts: dict[str, object] = {}
    supported = _SUPPORTED.search(near)
    versions = [int(v) for v in re.findall(r"\d+", supported.group("list"))] if supported else []
    if versions:
        facts["ffmpeg_supported"] = ", ".join(str(v) for v in versions)
    ffmpeg_fix = (
        _(
            "Install FFmpeg of a major version this TorchCodec supports ({versions}), e.g. "
            '`conda install "ffmpeg<{below}" -c conda-forge`.'
        ).format(versions=facts["ffmpeg_supported"], below=max(versions) + 1)
        if versions
        else _(
            "Install FFmpeg of a major version this TorchCodec supports (its message lists "
            'them), e.g. `conda install "ffmpeg<N" -c conda-forge`.'
        )
    )
    torch_fix = _(
        "Install the torchcodec release made for your torch (TorchCodec's README has the "
        "compatibility table): `pip show torch torchcodec` shows both."
    )
    cuda_fix = _(
        "For the CUDA build, install torchcodec from the PyTorch index of the same CUDA as "
        "your torch (e.g. `pip install torchcodec --index-url=https://download.pytorch.org/"
        "whl/cu126` for a cu126 torch); without --index-url pip installs the CPU-only build."
    )
    lines = _version_lines(near) or [near]
    if any("undefined symbol" in line for line in lines):
        facts["missing"] = "symbol"
        cause = _(
            "TorchCodec could not load its libraries because they were built against another "
            "torch version than the one installed (an undefined symbol of torch's)."
        )
        fix: tuple[str, ...] = (torch_fix, cuda_fix)
    elif all(_FFMPEG_LIB.search(line) and not _CUDA_LIB.search(line) for line in lines):
        facts["missing"] = "ffmpeg"
        cause = _(
            "TorchCodec could not load its libraries because the FFmpeg libraries they link "
            "(libavutil, libavcodec, ...) are not installed, or of a major version it does "
            "not support: TorchCodec uses the FFmpeg installed on the system."
        )
        fix = (ffmpeg_fix, torch_fix)
    elif any(_CUDA_LIB.search(line) for line in lines):
        facts["missing"] = "cuda"
        cause = _(
            "TorchCodec could not load its libraries because a CUDA library they link is "
            "missing: the torchcodec build was made for another CUDA version than the torch "
            "and CUDA libraries of this environment."
        )
        fix = (cuda_fix, torch_fix)
    else:
        cause = _(
            "TorchCodec could not load its native libraries. Its usual causes: FFmpeg is "
            "not installed (or of an unsupported major version), the torchcodec release "
            "does not match the torch installed, or its build is for another CUDA than "
            "torch's. The lines under the message (one per FFmpeg version) say which."
        )
        fix = (ffmpeg_fix, torch_fix, cuda_fix)
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


# The ffmpeg program itself, which many packages run as a command and pip never installs:
# imageio-ffmpeg's get_ffmpeg_exe (imageio/imageio-ffmpeg 906a95e, _utils.py: "No ffmpeg exe
# could be found. Install ffmpeg on your system, or set the IMAGEIO_FFMPEG_EXE environment
# variable"), pydub's "Couldn't find ffmpeg or avconv", and Python's own FileNotFoundError
# when whisper or another package starts `ffmpeg` (jy0205/Pyramid-Flow#113).
@FAMILY.entry(
    code="ffmpeg-program-missing",
    keywords=("no ffmpeg exe could be found", "couldn't find ffmpeg", "directory: 'ffmpeg"),
    title=N_("The ffmpeg program is not installed (or not on PATH)"),
    patterns=(
        rx(r"No ffmpeg exe could be found(?P<imageio>)"),
        rx(r"Couldn't find ffmpeg or avconv(?P<pydub>)"),
        rx(r"No such file or directory: '(?:[^'\n]{0,200}[\\/])?ffmpeg(?:\.exe)?'"),
    ),
)
def _advise_ffmpeg_program(m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The program runs the ffmpeg command-line tool to read or write audio and video, and "
        "no ffmpeg was found on PATH. pip does not install it (the PyPI packages named "
        "ffmpeg and ffmpeg-python are only wrappers around the program)."
    )
    fix = [
        _(
            "Install the program: `sudo apt install ffmpeg` (Debian/Ubuntu), `brew install "
            "ffmpeg` (macOS), `winget install ffmpeg` (Windows, then open a new terminal), or "
            "`conda install -c conda-forge ffmpeg` in a conda environment; `ffmpeg -version` "
            "checks it."
        )
    ]
    if m.groupdict().get("imageio") is not None:
        fix.append(
            _(
                "For imageio: `python -m pip install imageio-ffmpeg` brings a binary of its "
                "own, or set IMAGEIO_FFMPEG_EXE to the full path of an ffmpeg you have."
            )
        )
    return Advice(cause, tuple(fix), {"program": "ffmpeg"}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
