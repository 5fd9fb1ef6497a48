"""NCCL before any collective runs: a program that loads libnccl from the environment and
finds none (pip's XGBoost from 2.1.0), and one GPU given two roles of one communicator
(TRL's trainer and its vLLM server both on GPU 0).

Sources:
- XGBoost (dmlc/xgboost 379b29f0): src/collective/nccl_stub.cc prints "Failed to load NCCL
  from path: `<path>`. Error: <dlerror>" and "Failed to load NCCL symbol `<name>` from
  <path>", then "Run `pip install nvidia-nccl-cu<CUDA major>`"; the default path is
  libnccl.so.2 (src/collective/comm.h). doc/tutorials/dask.rst: from 2.1.0 the PyPI
  package loads NCCL from the environment instead of bundling it; the conda package does
  not hit this; a custom build either is not compiled with USE_DLOPEN_NCCL or sets
  `dmlc_nccl_path` to the library's full path.
- TRL (huggingface/trl f2cd5771): trl/scripts/vllm_serve.py raises "Attempting to use the
  same CUDA device (UUID: ...) for multiple distinct roles/ranks within the same
  communicator" when the trainer's device is the server's; docs/source/vllm_integration.md:
  without CUDA_VISIBLE_DEVICES the training script uses every GPU; give the server and the
  trainer separate ones (CUDA_VISIBLE_DEVICES=0,1,2,3 trl vllm-serve ...,
  CUDA_VISIBLE_DEVICES=4,5,6,7 accelerate launch train.py), or colocate mode (the
  default), where vLLM runs inside the trainer. NCCL's user guide (usage/communicators.rst):
  one CUDA device used as several ranks of one communicator is not supported and may hang.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("nccl_setup")

# XGBoost's own advice names the nvidia-nccl package for the CUDA major it was built with.
_NCCL_PACKAGE = re.compile(r"pip install (nvidia-nccl-cu\d{2})")


@FAMILY.entry(
    code="nccl-library-not-loaded",
    keywords=("failed to load nccl",),
    title=N_("The NCCL library the program loads at run time is not installed"),
    patterns=(
        rx(
            r"Failed to load NCCL (?:from path: `(?P<path>[^`\n]{1,300})`|symbol "
            r"`(?P<symbol>\w{1,60})` from (?P<spath>[^\s.]{1,300}(?:\.[^\s.]{1,20}){0,4}))"
        ),
        # The same cut short, as XGBoost's troubleshooting page quotes it.
        # (The engine reads the paste as one line: what follows is the next message.)
        rx(r"Failed to load NCCL(?=[ .…]{0,6}(?:$|(?-i:[A-Z\[])))"),
    ),
    specificity=3,
)
def _advise_nccl_not_loaded(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    path = groups.get("path") or groups.get("spath") or "libnccl.so.2"
    facts: dict[str, object] = {"library": path}
    named = _NCCL_PACKAGE.search(ctx.text, m.start(), m.end() + 1500)
    package = named.group(1) if named else "nvidia-nccl-cu12"
    facts["package"] = package
    cause = _(
        "The program loads NCCL ({path}) itself when it starts its GPU communication, and "
        "the loader found none: XGBoost's pip wheels from 2.1.0 no longer bundle NCCL and "
        "take it from the environment (XGBoost's conda package is not affected)."
    ).format(path=path)
    if groups.get("symbol"):
        facts["symbol"] = groups["symbol"]
        cause = _(
            "The program loaded NCCL from {path}, but that library lacks {symbol}: it is an "
            "older NCCL than the program was built for (a system libnccl or an old "
            "nvidia-nccl package found first)."
        ).format(path=path, symbol=groups["symbol"])
    fix = [
        _(
            "Install NCCL into the same Python: `python -m pip install -U {package}` (the "
            "CUDA major of the package must match the program's build)."
        ).format(package=package),
        _(
            "A custom XGBoost build: set the `dmlc_nccl_path` parameter of the collective to "
            "the full path of libnccl.so.2, or build without USE_DLOPEN_NCCL; XGBoost's conda "
            "package does not load NCCL this way."
        ),
    ]
    return Advice(cause, tuple(fix), facts, key=path, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="gpu-shared-by-two-ranks",
    kind=ErrorKind.RUNTIME,
    keywords=("multiple distinct roles/ranks",),
    title=N_("Two ranks of one NCCL communicator run on the same GPU"),
    patterns=(
        rx(
            r"(?:Attempting to use the same CUDA device (?:\(UUID: [\w-]{1,80}\) )?)?for "
            r"multiple distinct roles/ranks within the same communicator"
        ),
    ),
    specificity=3,
)
def _advise_same_gpu(m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    uuid = re.search(r"UUID: ([\w-]{1,80})", m.group(0))
    if uuid:
        facts["gpu_uuid"] = uuid.group(1)
    cause = _(
        "TRL's trainer and its vLLM server (`trl vllm-serve`) were started on the same GPU "
        "and would join one NCCL communicator as two ranks on one device, which NCCL does "
        "not support (it may hang). Without CUDA_VISIBLE_DEVICES each process sees every "
        "GPU and the training script uses all of them, the server's included."
    )
    fix = (
        _(
            "Give each its own GPUs: e.g. `CUDA_VISIBLE_DEVICES=0,1,2,3 trl vllm-serve --model "
            "<model> --tensor-parallel-size 4` and `CUDA_VISIBLE_DEVICES=4,5,6,7 accelerate "
            "launch train.py`."
        ),
        _(
            'With too few GPUs for both, use TRL\'s colocate mode (vllm_mode="colocate", the '
            "default), where vLLM runs inside the trainer, instead of a separate server."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
