"""cuDNN version mismatches that are not PyTorch's: a program built for another cuDNN
(TensorFlow, JAX, onnxruntime) and PaddlePaddle's own check (answers cudnn picks among)."""

from __future__ import annotations

from envdoctor.explain.model import Advice, Context
from envdoctor.i18n import _
from envdoctor.values import parse_version


def other_program_cudnn(built: str, found: str, path_var: str, ctx: Context) -> Advice:
    """TensorFlow/JAX: built with one cuDNN, loaded another one."""
    major = built.split(".", maxsplit=1)[0]
    facts: dict[str, object] = {"built_cudnn": built, "loaded_cudnn": found}
    newer = [int(n) for n in found.split(".")] > [int(n) for n in built.split(".")]
    if newer:
        # TensorFlow 1.x checked the minor version too: a newer minor fails like an older one.
        cause = _(
            "The program (TensorFlow or JAX, not PyTorch) was built with cuDNN {built} but "
            "loaded cuDNN {found}, a different version than its release accepts (older "
            "TensorFlow releases need the very minor version they were built with). The "
            "other cuDNN comes first on the library path ({var}, a conda cudnn package, "
            "/usr/local/cuda)."
        ).format(built=built, found=found, var=path_var)
    else:
        cause = _(
            "The program (TensorFlow or JAX, not PyTorch) was built with cuDNN {built} but "
            "loaded cuDNN {found}; it needs the same major version and at least the minor it "
            "was built with. An older cuDNN is found first ({var}, a conda cudnn package, "
            "/usr/local/cuda), or the one installed is too old."
        ).format(built=built, found=found, var=path_var)
    install = _(
        "Install cuDNN {built} (or a newer {major}.x the program's release accepts): in "
        "conda `conda install cudnn={built}`, or the cuDNN {major} archive from NVIDIA."
    ).format(built=built, major=major)
    if int(major) >= 8:
        # cuDNN 8 and newer also come as pip packages, one per CUDA major; cuDNN before
        # 8.9 exists only for CUDA 11 (nvidia-cudnn-cu12 starts at 8.9).
        parts = tuple(int(p) for p in built.split(".")[:2] if p.isdigit())
        cu = "11" if parts < (8, 9) else "12"
        install = _(
            "Install cuDNN {major}.x at least {built} for the program's CUDA, e.g. `python -m "
            'pip install "nvidia-cudnn-cu{cu}>={built},<{next}"`, and put its lib folder '
            "(site-packages/nvidia/cudnn/lib) on {var}: TensorFlow before 2.14 does not look "
            "there by itself. Or the version the program's install page names."
        ).format(major=major, built=built, next=int(major) + 1, cu=cu, var=path_var)
    fix = (
        install,
        _(
            "Remove folders with another cuDNN from {var} (`echo ${var}`); in conda, "
            "`conda list cudnn` shows a cudnn package that may be the other one."
        ).format(var=path_var),
        _(
            "PyTorch brings its own cuDNN: keep torch and such a program in separate "
            "environments if their cuDNN versions differ."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("cuDNN of another version than the program was built with"),
        key=f"other {built}/{found}",
        used_local_facts=ctx.known.local,
    )


def paddle_cudnn(built: str, found: str, path_var: str, ctx: Context) -> Advice:
    """PaddlePaddle built with one cuDNN loaded an older one (its own warning)."""
    facts: dict[str, object] = {"paddle_cudnn": built, "loaded_cudnn": found}
    have, want = parse_version(found), parse_version(built)  # Paddle 0.x checks both ways
    newer = have is not None and want is not None and have > want
    cause = (
        _(
            "PaddlePaddle was built with cuDNN {built} but loaded cuDNN {found}, a newer major: "
            "another cuDNN comes first on the library path ({var}, a conda cudnn package in "
            "the environment, /usr/local/cuda, or the cuDNN of a Docker image), or the "
            "installed Paddle package was made for an older cuDNN than the machine has."
        )
        if newer
        else _(
            "PaddlePaddle was built with cuDNN {built} but loaded cuDNN {found}, an older one: "
            "another cuDNN comes first on the library path ({var}, a conda cudnn package in the "
            "environment, /usr/local/cuda, or the cuDNN of a Docker image), or the installed "
            "Paddle package was made for a newer cuDNN than the machine has."
        )
    ).format(built=built, found=found, var=path_var)
    fix = (
        _(
            "Find the cuDNN that is loaded: `conda list cudnn`, `echo ${var}` and "
            "`ldconfig -p | grep libcudnn`; remove or move back the older one (a conda cudnn "
            "package next to a pip Paddle is a frequent one)."
        ).format(var=path_var),
        _(
            "Or install cuDNN {built} or a newer {major}.x (the same major) and put it first on "
            "{var}; in Docker, use an image with that cuDNN (Paddle's own images match)."
        ).format(built=built, major=built.split(".", maxsplit=1)[0], var=path_var),
        _(
            "Or, as Paddle's message says, reinstall the Paddle build made for the CUDA and "
            "cuDNN you have: paddlepaddle.org.cn's install page lists the CUDA/cuDNN of each "
            "package."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("PaddlePaddle loaded an older cuDNN than it was built with"),
        key=f"paddle {built}/{found}",
        used_local_facts=ctx.known.local,
    )


__all__ = ["other_program_cudnn", "paddle_cudnn"]
