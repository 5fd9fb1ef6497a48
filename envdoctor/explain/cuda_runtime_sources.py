"""Where a CUDA runtime library comes from in setups whose torch carries none of its own:
Jetson's L4T containers (the host's, mounted by the NVIDIA runtime) and conda's pytorch
packages before 2.x (the environment's cudatoolkit package)."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.i18n import _

# torch's own files inside an Anaconda/Miniconda/Miniforge environment.
_CONDA_TORCH = re.compile(
    r"(?:anaconda\d?|miniconda\d?|miniforge\d?|mambaforge|/envs/)[^\s:'\"]{0,200}?"
    r"site-packages/torch/",
    re.IGNORECASE,
)
_RUNTIME_VERSION = re.compile(r"\.so\.(?P<version>\d+\.\d+)")


def jetson_container(lib: str, ctx: Context, facts: dict[str, object]) -> Advice | None:
    """Jetson's L4T containers (JetPack 4, r32.x) carry no CUDA libraries of their own: the
    NVIDIA runtime mounts the host's (dusty-nv/jetson-containers#93: libcurand)."""
    if not (
        ".so" in lib
        and ctx.has("l4t", "dustynv/", "nvcr.io/nvidia/l4t")
        and (ctx.known.container or ctx.has("docker run", "container"))
    ):
        return None
    facts["jetson_container"] = True
    cause = _(
        "This is a Jetson L4T container: on JetPack 4 (L4T r32) its images carry no CUDA "
        "libraries of their own, and the NVIDIA container runtime mounts the host's "
        "({lib} among them) only when the container is started with it."
    ).format(lib=lib)
    steps = (
        _(
            "Start the container with the NVIDIA runtime: `docker run --runtime nvidia ...`; "
            'for `docker build` set "default-runtime": "nvidia" in /etc/docker/daemon.json '
            "and restart Docker."
        ),
        _("Use an image tag made for the host's L4T release (`cat /etc/nv_tegra_release`)."),
    )
    return Advice(cause, steps, facts, key=lib, used_local_facts=ctx.known.local)


def conda_cudatoolkit(
    lib: str, m: re.Match[str], ctx: Context, facts: dict[str, object]
) -> Advice | None:
    """conda's pytorch packages of CUDA 10 and older link the environment's cudatoolkit
    (pytorch#10910: cudatoolkit moved from 9.0 to 9.2 under a pytorch built for 9.0); pip's
    wheels carry renamed copies, so torch's own path in a conda environment tells them apart.
    """
    version = _RUNTIME_VERSION.search(lib)
    if version is None or int(version.group("version").split(".")[0]) > 10:
        return None
    near = ctx.text[max(0, m.start() - 400) : m.end() + 400]
    if _CONDA_TORCH.search(near) is None:
        return None
    wanted = version.group("version")
    facts["cudatoolkit"] = wanted
    cause = _(
        "This torch is conda's pytorch package (it sits in an Anaconda/Miniconda "
        "environment and loads {lib} from that environment): such builds use the "
        "environment's cudatoolkit package instead of a copy of their own, and the "
        "cudatoolkit {version} it was built for is missing or was replaced by another "
        "version (conda updates cudatoolkit along with other packages)."
    ).format(lib=lib, version=wanted)
    fix = (
        _(
            "`conda list cudatoolkit` shows the version installed, `conda list pytorch` the "
            "build (its build string names the CUDA, e.g. cuda{nodot})."
        ).format(nodot=wanted.replace(".", "")),
        _(
            "Install the one it was built for: `conda install cudatoolkit={version}`, or "
            "reinstall both together from the same channel: `conda install pytorch "
            "cudatoolkit={version} -c pytorch`."
        ).format(version=wanted),
    )
    return Advice(cause, fix, facts, key=lib, used_local_facts=ctx.known.local)


__all__ = ["conda_cudatoolkit", "jetson_container"]
