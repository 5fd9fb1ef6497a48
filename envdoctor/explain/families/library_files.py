"""A shared library whose file is there but is no library: empty or cut short ("file too
short": a failed download or copy, a disk that filled up, a Jetson container's placeholder),
or not an ELF file at all ("invalid ELF header": a Git LFS pointer, a saved HTML page)."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("library_files")

# A library path as the loader prints it (ld.so's "error while loading shared libraries: X:",
# dlopen's "X: ..."), up to the .so and its version suffix.
_LIB = r"(?P<lib>[^\s:'\"()]{1,300}?\.so(?:\.[\w.]{1,30})?)"


@FAMILY.entry(
    code="shared-library-file-broken",
    keywords=("file too short", "invalid elf header", "is empty, not checked"),
    title=N_("A shared library's file is damaged (empty, cut short, or not a library)"),
    patterns=(
        # glibc's loader on a file shorter than an ELF header (aws-neuron-sdk's NxD Training
        # known issues: NeMo's helpers.*.so left empty by an interrupted build).
        rx(_LIB + r":? ?file too short"),
        rx(_LIB + r": invalid ELF header(?P<not_elf>)"),
        # ldconfig's report of the same (glibc's ldconfig.c: "File %s is empty, not checked.").
        rx(r"File " + _LIB + r" is empty, not checked(?P<ldconfig>)"),
    ),
    specificity=3,
)
def _advise_broken_file(m: re.Match[str], ctx: Context) -> Advice:
    lib = m.group("lib")
    facts: dict[str, object] = {"library": lib}
    name = lib.rsplit("/", 1)[-1]
    if m.groupdict().get("not_elf") is not None:
        cause = _(
            "{lib} is not a Linux shared library: the file starts with something else. It is "
            "often a Git LFS pointer (the repository was cloned without `git lfs`), an HTML "
            "error page saved by a failed download, or a library for another system."
        ).format(lib=lib)
        fix = [
            _("See what it is: `file {lib}` and `head -c 200 {lib}`.").format(lib=lib),
            _(
                "Fetch the real file: `git lfs install && git lfs pull` in a Git LFS checkout, "
                "or download it again (or reinstall the package that brought it)."
            ),
        ]
        return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=ctx.known.local)
    cause = _(
        "{lib} exists but is empty or cut short, so the loader cannot read it: a download, "
        "copy or build that was interrupted, or a disk that filled up while it was written."
    ).format(lib=lib)
    fix = [
        _("Check its size: `ls -l {lib}` (0 bytes, or far smaller than a library).").format(
            lib=lib
        ),
        _(
            "Put the real file back: reinstall the package that owns it (`dpkg -S {name}` or "
            "`rpm -qf {lib}` for a system library; `python -m pip install --force-reinstall "
            "<package>` for one in site-packages), or delete a file a project builds itself "
            "and build it again."
        ).format(name=name, lib=lib),
    ]
    if m.groupdict().get("ldconfig") is not None and ctx.has("libdxcore", "/wsl/"):
        return _wsl_placeholders(lib, facts, ctx)
    jetson_lib = "aarch64-linux-gnu" in lib and name.startswith(("libnv", "libcud", "libcublas"))
    if jetson_lib or ctx.has("l4t", "jetson", "tegra", "dustynv", "nvcr.io/nvidia/l4t"):
        # JetPack 4 (L4T r32) containers get CUDA, cuDNN and TensorRT mounted from the host by
        # the NVIDIA runtime (dusty-nv/jetson-inference#1733).
        facts["jetson"] = True
        cause += sep() + _(
            "On a Jetson (NVIDIA's libraries under aarch64-linux-gnu), JetPack 4 containers "
            "hold only placeholders for CUDA, cuDNN and TensorRT; the NVIDIA container "
            "runtime mounts the host's files over them."
        )
        fix.insert(
            0,
            _(
                "Start the container with the NVIDIA runtime: `docker run --runtime nvidia ...` "
                '(for builds, "default-runtime": "nvidia" in /etc/docker/daemon.json).'
            ),
        )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=ctx.known.local)


def _wsl_placeholders(lib: str, facts: dict[str, object], ctx: Context) -> Advice:
    """WSL 2's Docker leaves empty libcuda.so.1, libnvidia-ml.so.1 and libdxcore.so in the
    system folder of a container (the real ones are mounted at run time); an image committed
    from such a container carries the empty files elsewhere (microsoft/WSL#8274)."""
    facts["wsl_placeholders"] = True
    cause = _(
        "Empty driver libraries such as {lib}, next to libdxcore.so, are WSL 2's placeholders: "
        "Docker on WSL 2 creates them in a container and mounts the real ones when it runs "
        "there. An image committed or built from such a container keeps the empty files, and "
        "on another host they hide the driver's real libraries."
    ).format(lib=lib)
    fix = (
        _(
            "Remove the empty files from the image (`find /usr/lib/x86_64-linux-gnu -empty "
            "-name 'lib*.so*' -delete` in its Dockerfile, then `ldconfig`), or rebuild it from "
            "its Dockerfile instead of committing a container that ran under WSL 2."
        ),
        _(
            "On the other host start it with the NVIDIA runtime (`--gpus all`), which mounts "
            "the host driver's libraries."
        ),
    )
    return Advice(cause, fix, facts, key="wsl", used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
