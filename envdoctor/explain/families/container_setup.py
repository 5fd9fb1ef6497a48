"""Setting up the NVIDIA Container Toolkit: its apt sources, the runtime's CSV mode, the
device permissions NVML needs, the runtime a Kubernetes node must start GPU pods with, and
a Docker client too old for --gpus.

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
from envdoctor.explain.spec import ErrorKind, Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("container_setup")

RESTART_DOCKER = (
    "sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker"
)


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


_SUBCOMMAND = re.compile(
    r"See 'docker (build|exec|buildx build|compose build) --help'|docker (build|exec)\b[^\n]{0,200}?--gpus"
)


# The Docker CLI parses `--gpus` itself: it came with Docker 19.03 (NVIDIA Container
# Toolkit quick start: "Docker 19.03"; NVIDIA/nvidia-docker#1199: client 17.12 with a 19.03.6
# server still says it). A program that passes "--gpus all" as ONE argument gets the flag
# named with its value ("unknown flag: --gpus all", NVIDIA/nvidia-docker#1200).
@FAMILY.entry(
    code="docker-gpus-flag-unknown",
    keywords=("unknown flag: --gpus",),
    title=N_("The Docker client is too old for --gpus (Docker 19.03 or newer)"),
    # Only a real --gpus value counts as joined: on a flattened paste the next line's first
    # word ("Usage:", "See") follows the flag too.
    patterns=(
        rx(
            r"unknown flag: --gpus(?:[ \t=]+(?P<joined>all|\d{1,2}|\"?device=[\w,:-]{1,40}\"?)"
            r"(?![\w-]))?"
        ),
    ),
)
def _advise_gpus_flag(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    sub = _SUBCOMMAND.search(ctx.text, max(0, m.start() - 600), m.end() + 300)
    if sub is not None:
        # Only `docker run` (and create) take --gpus: no client version adds it to these.
        command = sub.group(1) or sub.group(2)
        cause = _(
            "`docker {command}` has no --gpus option in any Docker version: GPUs are given to a "
            "container when it is started, with `docker run --gpus all` (or `docker create`)."
        ).format(command=command)
        steps = (
            _(
                "Give the GPU when the container starts: `docker run --gpus all ...`; for `docker "
                "exec`, the container must already have been started that way."
            ),
            _(
                'A build that needs the GPU (compiling CUDA code needs none): set "default-runtime": '
                '"nvidia" in /etc/docker/daemon.json and restart Docker, or build the GPU part at '
                "run time."
            ),
        )
        return Advice(
            cause, steps, {"subcommand": command}, key="subcommand", used_local_facts=k.local
        )
    joined = m.group("joined")
    if joined:
        cause = _(
            "Docker received '--gpus {value}' as one argument, so it looked for a flag named "
            "that: the program that builds the docker command (subprocess with a list, a "
            "script) joined the flag and its value."
        ).format(value=joined)
        fix: tuple[str, ...] = (
            _(
                "Pass them as two arguments (['docker', 'run', '--gpus', '{value}', ...]) or "
                "as one with '=' (`--gpus={value}`)."
            ).format(value=joined),
        )
        return Advice(cause, fix, {"gpus_value": joined}, kind=ErrorKind.CODE.value)
    cause = _(
        "The `docker` command you ran does not know --gpus: the Docker CLI client is older "
        "than 19.03, the release that added it. The client parses the flag, so a 19.03+ "
        "server (Docker Engine) does not help while the client is old."
    )
    fix = (
        _(
            "See both versions: `docker version` (Client and Server), and which docker runs: "
            "`which -a docker`."
        ),
        _(
            "Upgrade the client to 19.03 or newer: the docker-ce-cli package from Docker's "
            "repository (`sudo apt-get install docker-ce-cli`), then open a new shell."
        ),
        _(
            "Then install the NVIDIA Container Toolkit if it is missing and restart Docker: "
            "`{command}`."
        ).format(command=RESTART_DOCKER),
        _(
            "With an old client and the nvidia runtime (nvidia-docker2) configured, "
            "`--runtime=nvidia` instead of --gpus works meanwhile."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


# Apptainer's launcher (apptainer/apptainer internal/pkg/runtime/launch/launcher_linux.go,
# 917d665): with --nvccli and --contain/--containall, the GPU devices are bound only as
# NVIDIA_VISIBLE_DEVICES names them (without --contain it sets "all" itself). Userdocs
# gpu.rst (94391c5): set NVIDIA_VISIBLE_DEVICES (indices from 0, UUIDs, or all); it is not
# prefixed with APPTAINER_, it controls the container's setup.
@FAMILY.entry(
    code="apptainer-contain-no-gpus",
    keywords=("with --contain nvidia_visible_devices",),
    title=N_("Apptainer --contain with --nvccli gives the container no GPU"),
    patterns=(
        rx(
            r"When using nvidia-container-cli with --contain NVIDIA_VISIBLE_DEVICES"
            r"(?:\s{1,20}must be set or no GPUs will be available)?"
        ),
    ),
)
def _advise_contain_no_gpus(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The container was started with --nvccli and --contain (or -c, --containall), and "
        "NVIDIA_VISIBLE_DEVICES is not set: in that mode nvidia-container-cli binds only the "
        "GPUs that variable names, so the container gets none and CUDA finds no device."
    )
    fix = (
        _(
            "Set it on the host before the command: `export NVIDIA_VISIBLE_DEVICES=all` (or "
            "the GPUs' indices from 0, e.g. 0,1, or their UUIDs from `nvidia-smi -L`), as it "
            "is, not as APPTAINER_NVIDIA_VISIBLE_DEVICES."
        ),
        _("Or leave out --contain, and --nvccli then passes every GPU."),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


# Apptainer before its image-driver rework (apptainer/apptainer abfb112, Nov 2023; at its
# parent d02cad4, internal/pkg/runtime/engine/apptainer/container_linux.go): an encrypted
# (gocryptfs) image mounted in the setuid flow "gocryptfs requires user namespace, please add
# `--userns` option"; userdocs encryption.rst (94391c5): an image with "Unprivileged
# Encryption" run by a setuid installation needs --userns.
@FAMILY.entry(
    code="apptainer-encrypted-needs-userns",
    keywords=("requires user namespace, please add",),
    title=N_("Apptainer needs --userns to run this encrypted image"),
    patterns=(rx(r"gocryptfs requires user namespace, please add `?--userns`? option"),),
)
def _advise_encrypted_userns(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The image is encrypted with Apptainer's unprivileged encryption (gocryptfs), and "
        "this setuid installation of Apptainer mounts images without a user namespace, "
        "where gocryptfs cannot decrypt it."
    )
    fix = (
        _(
            "Run it in a user namespace: add --userns (`apptainer run --userns "
            "--pem-path=<key.pem> <image>.sif`, or with the passphrase as before)."
        ),
        _(
            "If --userns fails too, unprivileged user namespaces are off on this host: an "
            "administrator must allow them."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


# The Docker client's words when no daemon answers (docker/cli@28f7560, vendored
# moby/moby client/errors.go and client/request.go: "Cannot connect to the Docker daemon at
# HOST. Is the docker daemon running?", "failed to connect to the docker API at HOST; check
# if the path is correct and if the daemon is running", on Windows "this error may indicate
# that the docker daemon is not running"); and when the socket refuses this user
# ("permission denied while trying to connect to the docker API at HOST"; before 2025 "Got
# permission denied while trying to connect to the Docker daemon socket at HOST",
# docker/cli@47483f8). docker-py wraps any failure of its first request as "Error while
# fetching server API version: {e}" (docker/docker-py@afc6d1e, docker/api/client.py): a
# refused connection or a missing socket is no daemon, a PermissionError the socket's
# group; on Windows pywin32's CreateFile error 2 (docker/transport/npipesocket.py) is the
# daemon's pipe missing. Fixes as Kubeflow Trainer's Docker guide gives them (kubeflow/trainer@8c0f505,
# docs/user-guides/local-execution/docker.md): start Docker Desktop (macOS, Windows) or
# `sudo systemctl start docker` (Linux); `sudo usermod -aG docker $USER`, then log in again
# or `newgrp docker`.
@FAMILY.entry(
    code="docker-daemon-unreachable",
    keywords=(
        "docker daemon",
        "docker api at",
        "error while fetching server api version",
        "pipe/docker_engine",
    ),
    title=N_("The Docker daemon is not reachable (not running, or no permission on its socket)"),
    patterns=(
        rx(
            r"(?P<denied>)permission denied while trying to connect to the "
            r"(?:Docker daemon socket|docker API)"
        ),
        rx(
            r"Cannot connect to the Docker daemon(?: at (?P<host>[\w:/.%-]{1,120})|\.? Is "
            r"the docker daemon running)"
        ),
        rx(
            r"failed to connect to the docker API at (?P<host>[\w:/.%-]{1,120}); check if the "
            r"path is correct and if the daemon is running"
        ),
        rx(
            r"this error may indicate that the docker daemon is not running|"
            r"docker client must be run with elevated privileges to connect"
        ),
        rx(
            r"Error while fetching server API version: (?:\(?'Connection aborted\.', )?"
            r"(?:(?P<perm>PermissionError\(13)|ConnectionRefusedError|FileNotFoundError\(2|"
            r"\(2, 'CreateFile')"
        ),
    ),
)
def _advise_docker_daemon(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    host = (m.groupdict().get("host") or "").rstrip(".")
    facts: dict[str, object] = {"host": host} if host else {}
    text = m.group(0).lower()
    denied = m.groupdict().get("denied") is not None or m.groupdict().get("perm") is not None
    if denied or "elevated privileges" in text:
        if "elevated privileges" in text or k.os == "Windows":
            cause = _(
                "Docker refused this user: in Docker's default configuration on Windows the "
                "docker client must run with administrator rights to reach the daemon."
            )
            fix: tuple[str, ...] = (_("Run the terminal (or the program) as administrator."),)
            return Advice(cause, fix, facts, key="windows-elevated", used_local_facts=k.local)
        cause = _(
            "The Docker daemon runs, but this user may not open its socket: on Linux that "
            "takes root or membership in the docker group, and this user has neither."
        )
        fix = (
            _("Add your user to the docker group: `sudo usermod -aG docker $USER`."),
            _(
                "Log out and back in (or run `newgrp docker` in this shell), then check with "
                "`docker ps`."
            ),
        )
        return Advice(cause, fix, facts, key="permission", used_local_facts=k.local)
    cause = _(
        "Nothing answers on the Docker daemon's socket: the Docker daemon (Docker Engine, "
        "or Docker Desktop) is not running, or the client points at another host "
        "(DOCKER_HOST, the docker context)."
    )
    start = _(
        "Start Docker: on macOS and Windows, open Docker Desktop and wait until it says it "
        "is running; on Linux, `sudo systemctl start docker`."
    )
    # Docker Desktop's named pipe (Windows): in the match, or the keyword the CLI names.
    desktop = (
        k.os in ("Darwin", "Windows") or "'createfile'" in text or ctx.has("pipe/docker_engine")
    )
    if desktop:
        start = _("Start Docker Desktop and wait until it says it is running.")
    elif k.os == "Linux" and not k.wsl:
        start = _("Start the daemon: `sudo systemctl start docker`.")
    fix = (
        start,
        _("Check that it answers: `docker ps`."),
        _(
            "If it runs and the error stays, see where the client connects: `docker context "
            "ls` and the DOCKER_HOST variable."
        ),
    )
    return Advice(cause, fix, facts, key="not-running", used_local_facts=k.local)


__all__ = ["FAMILY"]
