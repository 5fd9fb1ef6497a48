"""The container runtime between the host's driver and the program: Docker, Podman and
Kubernetes asking for a GPU the NVIDIA Container Toolkit cannot give them.

Sources: NVIDIA Container Toolkit install and troubleshooting guides (docs.nvidia.com/
datacenter/cloud-native/container-toolkit), the notice on containers losing their GPUs
after `systemctl daemon-reload` (github.com/NVIDIA/nvidia-docker/issues/1730), and the
threads in tests/fixtures/errors/SOURCES.md.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("containers")

_RESTART_DOCKER = (
    "sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker"
)
_CDI_GENERATE = "sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml"


@FAMILY.entry(
    code="container-toolkit-missing",
    keywords=(
        "could not select device driver",
        "invalid runtime name: nvidia",
        "unknown runtime specified nvidia",
        "unresolvable cdi devices",
    ),
    title=N_("Docker/Podman cannot give the container a GPU (NVIDIA Container Toolkit)"),
    patterns=(
        rx(
            r'could not select device driver "(?P<driver>[^"]{0,20})" with capabilities: \[\[gpu\]\]'
        ),
        rx(r"(?:unknown or invalid runtime name|Unknown runtime specified):? (?P<runtime>nvidia)"),
        rx(r"unresolvable CDI devices? (?P<cdi>nvidia\.com/gpu\S{0,40})"),
    ),
    specificity=3,
)
def _advise_toolkit(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    if groups.get("cdi"):
        facts["cdi_device"] = groups["cdi"]
        cause = _(
            "Podman (or another CDI runtime) was asked for {device}, but no CDI specification "
            "describes the NVIDIA GPUs on this host: the NVIDIA Container Toolkit has not "
            "generated one, or the driver changed since it did."
        ).format(device=groups["cdi"])
        fix = [
            _("On the host, check the driver first: `nvidia-smi`."),
            _(
                "Generate the CDI specification: `{command}`, then list it with `nvidia-ctk cdi list`."
            ).format(command=_CDI_GENERATE),
            _("Regenerate it after every driver upgrade."),
        ]
        return Advice(cause, tuple(fix), facts, key="cdi", used_local_facts=k.local)
    if groups.get("runtime"):
        facts["runtime"] = "nvidia"
        cause = _(
            "Docker was told to use the `nvidia` runtime (`--runtime=nvidia`, or `runtime: "
            "nvidia` in a compose file), but that runtime is not registered with the Docker "
            "daemon: the NVIDIA Container Toolkit is not installed, or Docker was not "
            "configured and restarted after it was."
        )
    else:
        facts["device_driver"] = groups.get("driver") or ""
        cause = _(
            "Docker was asked for a GPU (`--gpus`, or `capabilities: [gpu]` in a compose file), "
            "but no device driver for GPUs is registered with the Docker daemon: the NVIDIA "
            "Container Toolkit is not installed on the host, or Docker was not restarted "
            "after it was installed. (Docker installed as a snap, or Docker Desktop without "
            "its WSL 2 backend, cannot use the toolkit either.)"
        )
    fix = [
        _("On the host, check the driver first: `nvidia-smi` must list the GPU."),
        _(
            "Install the NVIDIA Container Toolkit on the host (package "
            "`nvidia-container-toolkit`, from NVIDIA's repository as its install guide "
            "shows), then register it and restart Docker: `{command}`."
        ).format(command=_RESTART_DOCKER),
        _("Check: `docker run --rm --gpus all ubuntu nvidia-smi`."),
        _(
            "Windows: use Docker Desktop with the WSL 2 backend and the NVIDIA Windows driver; "
            "install nothing NVIDIA inside WSL."
        ),
        _(
            "No NVIDIA GPU in this machine? Start the container without `--gpus` (and without "
            "the compose GPU reservation) and run the program on the CPU."
        ),
    ]
    return Advice(cause, tuple(fix), facts, key=str(facts), used_local_facts=k.local)


@FAMILY.entry(
    code="container-host-driver",
    finding_code="no-driver",
    keywords=("nvidia-container-cli",),
    title=N_("The container runtime cannot reach the host's NVIDIA driver"),
    patterns=(
        rx(
            r"nvidia-container-cli:? (?:initialization error|detection error): "
            r"(?P<what>nvml error: driver not loaded|load library failed: "
            r"libnvidia-ml\.so(?:\.1)?(?:[^\n]{0,60}?no such file or directory)?|driver error: "
            r"failed to process request|(?:nvml|cuda) error: [\w ]{1,40})"
        ),
    ),
    specificity=3,
    supersedes=frozenset({"driver-library-missing"}),
)
def _advise_host_driver(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    what = m.group("what")
    facts: dict[str, object] = {"runtime_error": what}
    cause = _(
        "The NVIDIA Container Toolkit runs on the host when the container starts, and it "
        "could not use the host's NVIDIA driver ({what}). The driver belongs to the host, "
        "not to the image: it is not installed or not loaded there, or the toolkit cannot "
        "see it (Docker installed as a snap, a rootless Docker without the toolkit's "
        "rootless settings)."
    ).format(what=what)
    fix = [
        _(
            "On the host (not in the container): `nvidia-smi`. If it fails, fix the host driver first."
        ),
        _(
            "Driver loaded but still failing: reinstall the toolkit from NVIDIA's repository "
            "and run `{command}`; use Docker from docker.com rather than the snap."
        ).format(command=_RESTART_DOCKER),
        _("Check: `docker run --rm --gpus all ubuntu nvidia-smi`."),
    ]
    return Advice(cause, tuple(fix), facts, key=what, used_local_facts=k.local)


@FAMILY.entry(
    code="container-gpu-lost",
    keywords=("failed to initialize nvml: unknown error",),
    title=N_("NVML unknown error: the GPU devices are gone from this container"),
    patterns=(rx(r"Failed to initialize NVML: Unknown Error"),),
)
def _advise_gpu_lost(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "nvidia-smi (or NVML) could open the driver library but not the GPU devices. In a "
        "container this is the known case where the GPUs are detached from a running "
        "container: on hosts where systemd manages the container's cgroups, a `systemctl "
        "daemon-reload` (often run by a package update) removes its access to /dev/nvidia*; "
        "it also happens when the container was started with only `--device` flags."
    )
    fix = [
        _("Restart (recreate) the container: it gets its GPUs back."),
        _(
            'To stop it from recurring on Docker: add `"exec-opts": '
            '["native.cgroupdriver=cgroupfs"]` to /etc/docker/daemon.json and restart '
            "Docker, or start GPU containers through CDI (`{command}`, then `--device "
            "nvidia.com/gpu=all`)."
        ).format(command=_CDI_GENERATE),
        _(
            "Not in a container? Then the device files are not accessible: check `ls -l "
            "/dev/nvidia*` and that your user may open them."
        ),
    ]
    return Advice(cause, tuple(fix), {}, used_local_facts=k.local)


@FAMILY.entry(
    code="container-device-missing",
    finding_code="driver-not-loaded",
    keywords=("/dev/nvidia",),
    title=N_("The host has no NVIDIA device file the container needs"),
    patterns=(
        rx(
            r"error gathering device information while adding custom device "
            r"\"(?P<dev>/dev/nvidia[\w-]{0,20})\"(?:: lstat \S{1,40}: no such file or directory)?"
        ),
    ),
    specificity=3,
)
def _advise_device_missing(m: re.Match[str], ctx: Context) -> Advice:
    dev = m.group("dev")
    cause = _(
        "The container was set up with the device {dev}, and the host has no such file now: "
        "the NVIDIA driver's modules are not loaded on the host (nvidia-uvm is loaded only "
        "when a CUDA program first runs, so after a reboot its devices are missing)."
    ).format(dev=dev)
    fix = (
        _(
            "On the host: `nvidia-smi`, and create the CUDA devices with `sudo nvidia-modprobe "
            "-u -c=0`; then start the container again."
        ),
        _(
            "Start GPU containers with `--gpus all` (the NVIDIA Container Toolkit adds the "
            "devices that exist at start) instead of a fixed device list."
        ),
    )
    return Advice(cause, fix, {"device": dev}, key=dev, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
