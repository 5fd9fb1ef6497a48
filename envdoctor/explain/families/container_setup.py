"""Setting up the NVIDIA Container Toolkit: its apt sources, the runtime's CSV mode, the
device permissions NVML needs, and the runtime a Kubernetes node must start GPU pods with.

Sources: NVIDIA Container Toolkit troubleshooting guide (NVIDIA/cloud-native-docs,
container-toolkit/troubleshooting.md: conflicting Signed-By values from older list files;
NVML's "Insufficient Permissions" under SELinux fixed with --security-opt=label=disable) and
the runtime's README (NVIDIA/nvidia-container-toolkit, cmd/nvidia-container-runtime: in
"csv" mode, used on Tegra systems, the --gpus hook is refused); NVIDIA/k8s-device-plugin's
README (prerequisites: the NVIDIA runtime as the default, or a RuntimeClass and its chart's
runtimeClassName) and nvidia-ctk's `runtime configure --set-as-default`.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("container_setup")


def device_plugin_without_runtime(facts: dict[str, object], local: bool) -> Advice:
    """The device plugin's pod found no NVML: the node's container runtime did not run it
    with the NVIDIA runtime (k8s-device-plugin's prerequisites: nvidia as the default
    runtime, or a RuntimeClass), or the node has no driver."""
    facts["kubernetes_device_plugin"] = True
    cause = _(
        "NVIDIA's device plugin (or another tool using NVML) could not load "
        "libnvidia-ml.so.1, the driver's NVML library, inside its container. The library "
        "reaches a container only when the NVIDIA container runtime starts it: on this "
        "node it is not the default runtime of containerd or Docker and the pod does not "
        "ask for it (runtimeClassName: nvidia), or the node has no NVIDIA driver."
    )
    fix = (
        _("On the node, check the driver first: `nvidia-smi` must list the GPUs."),
        _(
            "Install the NVIDIA Container Toolkit on the node and make its runtime the "
            "default: `sudo nvidia-ctk runtime configure --runtime=containerd --set-as-default "
            "&& sudo systemctl restart containerd` (Docker: `--runtime=docker`, then restart "
            "docker)."
        ),
        _(
            "Or keep the default runtime and run the plugin's pods with the nvidia "
            "RuntimeClass (`runtimeClassName: nvidia`; the plugin's Helm chart sets it with "
            "`--set runtimeClassName=nvidia`)."
        ),
    )
    return Advice(cause, fix, facts, key="device-plugin", used_local_facts=local)


@FAMILY.entry(
    code="apt-nvidia-source-conflict",
    keywords=("conflicting values set for option signed-by",),
    title=N_("apt: two source lists name NVIDIA's repository with different keys"),
    patterns=(
        rx(
            r"Conflicting values set for option Signed-By regarding source "
            r"(?P<url>https?://(?:nvidia\.github\.io|developer\.download\.nvidia\.com)/\S{0,200})"
        ),
    ),
    specificity=3,
)
def _advise_signed_by(m: re.Match[str], ctx: Context) -> Advice:
    url = m.group("url")
    host = url.split("/")[2]
    cause = _(
        "Two files in /etc/apt/sources.list.d name the same NVIDIA repository ({url}), one "
        "with its signing key (signed-by) and one without or with another: apt refuses to "
        "read any source list until one goes. Older install guides wrote their own list "
        "files (libnvidia-container.list, nvidia-docker.list, nvidia-container-runtime.list, "
        "cuda*.list) that the current instructions do not remove."
    ).format(url=url)
    fix = (
        _("Find them: `grep -rl {host} /etc/apt/sources.list.d/`.").format(host=host),
        _(
            "Keep the file the current instructions created (the one with "
            "`signed-by=/usr/share/keyrings/...`), delete the others, then `sudo apt-get "
            "update`."
        ),
    )
    return Advice(cause, fix, {"source": url}, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="container-runtime-csv-mode",
    keywords=("invoking the nvidia container runtime hook directly",),
    title=N_("The NVIDIA Container Runtime's mode refuses Docker's --gpus"),
    patterns=(
        # "... directly (e.g. specifying the docker --gpus flag) is not supported".
        rx(r"invoking the NVIDIA Container Runtime Hook directly\b"),
    ),
    specificity=3,
)
def _advise_csv_mode(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The NVIDIA Container Runtime on this host is not in its legacy mode (it runs in CSV "
        "mode, the mode for Jetson and other Tegra systems, or in CDI mode), and then Docker's "
        "--gpus flag is refused: the GPU must be given through the runtime itself."
    )
    fix = (
        _(
            "Start the container with `--runtime=nvidia` instead of `--gpus all` (in CDI "
            "mode: `--device nvidia.com/gpu=all`)."
        ),
        _(
            'Or make nvidia Docker\'s default runtime ("default-runtime": "nvidia" in '
            "/etc/docker/daemon.json, then restart Docker)."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="nvml-no-permission",
    keywords=("failed to initialize nvml: insufficient permissions",),
    title=N_("NVML may not open the GPU's device files (Insufficient Permissions)"),
    patterns=(rx(r"Failed to initialize NVML: Insufficient Permissions"),),
    specificity=3,
)
def _advise_nvml_permissions(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "nvidia-smi (NVML) found the driver but this process may not open the GPU's device "
        "files (/dev/nvidia*). In a container on a host with SELinux (RHEL, Fedora, Rocky) "
        "the container's label forbids them; outside a container the device files' owner "
        "or mode keeps this user out."
    )
    container = _(
        "In a container on an SELinux host: start it with `--security-opt=label=disable` "
        "(what NVIDIA's Container Toolkit troubleshooting guide advises)."
    )
    host = _(
        "Outside a container: `ls -l /dev/nvidia*` shows who may open them (normally "
        "everyone may read and write); run as a user that may, or ask the administrator."
    )
    fix = (container, host) if k.container or not k.local else (host, container)
    return Advice(cause, fix, {}, used_local_facts=k.local)


__all__ = ["FAMILY"]


@FAMILY.entry(
    code="apptainer-nv-no-driver",
    keywords=("could not find any nvidia", "could not find any nv files"),
    title=N_("Singularity/Apptainer --nv found no NVIDIA driver on the host"),
    patterns=(
        # `singularity|apptainer exec --nv`: the host's driver libraries and tools it binds
        # into the container (nvliblist.conf, looked up in the ldconfig cache) were not found.
        rx(r"Could not find any (?:NVIDIA|nv) (?:binaries|libraries|files) on this host"),
    ),
)
def _advise_nv_no_driver(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    cause = _(
        "`--nv` binds the host's NVIDIA driver libraries and tools into the container, and "
        "it found none: this host has no NVIDIA driver (a VM or login node without a GPU, a "
        "machine where the driver is not installed), or its libraries are not in the "
        "loader's cache where Singularity/Apptainer looks them up (a driver in a custom "
        "path). Programs in the container then see no GPU."
    )
    fix = [
        _(
            "On the host: `nvidia-smi` must list the GPU, and `ldconfig -p | grep libcuda` "
            "must show the driver's libcuda.so.1 (run `sudo ldconfig` after installing a "
            "driver to a custom path, or list the libraries in nvliblist.conf)."
        ),
        _(
            "Run the container on a machine (or cluster node) that has the GPU: a job "
            "submitted to a GPU node, not the login node."
        ),
    ]
    if k.wsl:
        # Sylabs' WSL 2 GPU guide (sylabs.io/2022/03/wsl2-gpu) runs `--nv --nvccli`: WSL's
        # driver libraries in /usr/lib/wsl/lib are found through nvidia-container-cli.
        facts["use_nvccli"] = True
        fix.insert(
            0,
            _(
                "WSL 2: the driver's libraries are in /usr/lib/wsl/lib, where --nv's own list "
                "does not look; add --nvccli (it asks nvidia-container-cli, which must be "
                "installed), as Sylabs' WSL 2 GPU guide does."
            ),
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)
