"""The container runtime between the host's driver and the program: Docker, Podman and
Kubernetes asking for a GPU the NVIDIA Container Toolkit cannot give them.

Sources: NVIDIA Container Toolkit install and troubleshooting guides (docs.nvidia.com/
datacenter/cloud-native/container-toolkit), the notice on containers losing their GPUs
after `systemctl daemon-reload` (github.com/NVIDIA/nvidia-docker/issues/1730), and the
threads in tests/fixtures/errors/SOURCES.md.
"""

from __future__ import annotations

import re

from envdoctor.compat.arch import arch_cuda
from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.families.container_setup import (
    RESTART_DOCKER,
    device_plugin_without_runtime,
)
from envdoctor.explain.knowledge import (
    architecture,
    branch_of_cuda,
    capability_of,
    driver_floor_step,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import CDI_GENERATE, CHECK_DRIVER, driver_facts
from envdoctor.i18n import N_, _

FAMILY = Family("containers")


@FAMILY.entry(
    code="container-toolkit-missing",
    keywords=(
        "could not select device",
        "invalid runtime name: nvidia",
        "unknown runtime specified nvidia",
        "unresolvable cdi devices",
        "could not load nvml library",
    ),
    title=N_("Docker/Podman cannot give the container a GPU (NVIDIA Container Toolkit)"),
    patterns=(
        rx(
            # Quoted as printed ('"" with'), or retyped without the quotes (LocalAI#4511).
            # Compose files may ask for [[compute utility]] instead (sd-webui-docker#743).
            # A retyped message may carry a stray word ("device drit device driver").
            r'could not select device (?:\w{1,12} ){0,3}?driver (?:"(?P<driver>[^"]{0,20})" )?with capabilities ?: ?'
            r"\[\[(?:gpu|[\w, ]{0,40}(?:compute|utility|gpu)[\w, ]{0,40})\]\]"
        ),
        rx(r"(?:unknown or invalid runtime name|Unknown runtime specified):? (?P<runtime>nvidia)"),
        rx(r"unresolvable CDI devices? (?P<cdi>nvidia\.com/gpu\S{0,40})"),
        # k8s-device-plugin in a pod the NVIDIA runtime did not start (container_setup).
        rx(
            r"(?:Failed to start nvml with error|Failed to initialize NVML):\s*could not "
            r"load NVML library(?P<plugin>)"
        ),
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
            ).format(command=CDI_GENERATE),
            _("Regenerate it after every driver upgrade."),
        ]
        return Advice(cause, tuple(fix), facts, key="cdi", used_local_facts=k.local)
    if groups.get("plugin") is not None:
        return device_plugin_without_runtime(facts, k.local)
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
            "after it was installed. (Docker installed as a snap, Docker Desktop on Linux, "
            "which has no GPU support, or Docker Desktop on Windows without its WSL 2 "
            "backend cannot give a GPU either.) On a machine with no NVIDIA GPU at all, a "
            "compose file written for GPU hosts asks for one in vain."
        )
    fix = [
        _("On the host, check the driver first: `nvidia-smi` must list the GPU."),
        _(
            "Install the NVIDIA Container Toolkit on the host (package "
            "`nvidia-container-toolkit`, from NVIDIA's repository as its install guide "
            "shows), then register it and restart Docker: `{command}`."
        ).format(command=RESTART_DOCKER),
        _("Check: `docker run --rm --gpus all ubuntu nvidia-smi`."),
        _(
            "Windows: use Docker Desktop with the WSL 2 backend and the NVIDIA Windows driver; "
            "install nothing NVIDIA inside WSL. Linux: use Docker Engine (docker.com's "
            "packages) with the toolkit, not Docker Desktop for Linux."
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
            # Spaces after the colons are sometimes lost when the message is retyped.
            r"nvidia-container-cli:? ?(?:initialization error|detection error): ?"
            r"(?P<what>nvml error: ?driver not loaded|load library failed: ?"
            r"libnvidia-ml\.so(?:\.1)?(?:[^\n]{0,60}?no such file or directory)?|driver error: ?"
            r"failed to process request|(?:nvml|cuda) error: ?[\w ]{1,40})"
        ),
    ),
    specificity=3,
    # "nvml error: driver/library version mismatch": the host's own mismatch answers it.
    defers_to=frozenset({"nvml-driver-library-mismatch"}),
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
        ).format(command=RESTART_DOCKER),
        _("Check: `docker run --rm --gpus all ubuntu nvidia-smi`."),
    ]
    if not (k.local and not k.wsl) and "libnvidia-ml" in what:
        # Docker Desktop on Windows: the "host" is its WSL 2 VM, where the Windows driver
        # puts libnvidia-ml; WSL 2 passes GPUs through only from Windows 10 21H2 / 11 on.
        cause += sep() + _(
            "With Docker Desktop on Windows the host is its WSL 2 machine: the library comes "
            "from the Windows NVIDIA driver through WSL 2, which needs Windows 11 or Windows "
            "10 21H2 or newer, Docker Desktop's WSL 2 backend and a current WSL (`wsl "
            "--update`)."
        )
        fix.insert(
            1,
            _(
                "Docker Desktop on Windows: check `winver` (Windows 11, or Windows 10 21H2 "
                "or newer), update the Windows NVIDIA driver and run `wsl --update`; "
                "install no NVIDIA driver or toolkit inside WSL."
            ),
        )
    return Advice(cause, tuple(fix), facts, key=what, used_local_facts=k.local)


@FAMILY.entry(
    code="container-gpu-lost",
    keywords=("nvml: unknown error",),
    title=N_("NVML unknown error: the GPU devices are gone from this container"),
    patterns=(
        # The bare form is what NVIDIA's k8s-device-plugin docs quote (docs/cdi.md at
        # 1b826acc): read it where it opens the paste or follows the nvidia-smi command;
        # inside another program's sentence ("... from NVML: Unknown Error") it may be
        # another call's failure. (The clean-up turns a `docker compose` service prefix into
        # "[service] " before it.)
        rx(
            r"(?:Failed to initialize |^(?:\[[\w.\-]{1,60}\] )?|"
            r"\bnvidia-smi(?: [\w=,.-]{1,20}){0,3} )NVML: Unknown Error"
        ),
    ),
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
        ).format(command=CDI_GENERATE),
        # k8s-device-plugin docs/cdi.md: CDI-enabled runtime (containerd 1.7+, CRI-O
        # 1.24+), the nvidia RuntimeClass, and CDI annotations instead of the variable.
        _(
            "On Kubernetes: have NVIDIA's device plugin hand out GPUs through CDI (Helm: "
            "`--set runtimeClassName=nvidia --set deviceListStrategy=cdi-annotations`; it "
            "needs containerd 1.7+ or CRI-O 1.24+)."
        ),
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


def _ngc_driver(need: str, have: str, local: bool) -> Advice:
    """An NGC image's own start-up check: its driver floor, and no forward compatibility."""
    facts: dict[str, object] = {"image_driver": need, "driver_version": have}
    cause = _(
        "This NVIDIA (NGC) container image needs driver {need} or newer, and the host has "
        "{have}. Its forward-compatibility libraries, which can bridge that gap, work only "
        "on data-center GPUs with a supported driver branch, so CUDA is unavailable in it."
    ).format(need=need, have=have)
    fix = (
        _(
            "Upgrade the host's NVIDIA driver to {need} or newer, then start the container again."
        ).format(need=need),
        _(
            "Or use an older tag of the image, whose release notes name a driver this host "
            "has (NVIDIA's framework support matrix lists each tag's driver)."
        ),
    )
    return Advice(cause, fix, facts, key="ngc", used_local_facts=local)


_REQUIRE_CUDA = re.compile(r"--require=cuda>=(\d{1,2}\.\d{1,2})")
_CUDA_CONDITION = re.compile(r"cuda\s?>=\s?(\d{1,2}\.\d{1,2})", re.IGNORECASE)


@FAMILY.entry(
    code="container-cuda-requirement",
    finding_code="driver-too-old",
    keywords=(
        "unsatisfied condition",
        "this container was built for nvidia driver",
        "unsupported cuda version: driver",
    ),
    title=N_("Container image needs a newer host driver"),
    patterns=(
        rx(
            # The tool prefix is often cut off when only the last line is quoted.
            r"(?:nvidia-container-cli:? )?requirement error: unsatisfied condition: "
            r"(?:cuda\s*>=\s*(?P<cuda>\d{1,2}\.\d{1,2})|driver\s*>=\s*(?P<driver>\d{3})|"
            # The last alternative of "cuda>=10.0 brand=tesla,driver>=384,..." is reported.
            r"brand\s*=\s*(?P<brand>\w{1,20})|"
            # A quote of the line cut before its condition (huggingface/
            # text-generation-inference#1391 stops at "unsatisfied condition: cu").
            r"(?P<cut>\S{0,8}(?:$|\s)))"
        ),
        # nvidia-docker 1.x compared the image's CUDA label with the driver's CUDA itself:
        # "Error: unsupported CUDA version: driver 8.0 < image 9.0.176".
        rx(
            r"unsupported CUDA version: driver (?P<host_cuda>\d{1,2}\.\d{1,2}) < image "
            r"(?P<cuda>\d{1,2}\.\d{1,2})"
        ),
        # NVIDIA's NGC images check the driver themselves at start-up.
        rx(
            r"This container was built for NVIDIA Driver Release (?P<ngc_need>\d{3}(?:\.\d+)*) "
            r"or later, but version (?P<ngc_have>\d{3}(?:\.\d+)*) was detected"
        ),
    ),
    specificity=3,
)
def _advise_container_requirement(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    if groups.get("ngc_need"):
        return _ngc_driver(groups["ngc_need"], groups["ngc_have"], k.local)
    # The image's CUDA: the condition itself, else the --require list in the hook's command,
    # else (a cut line) a "cuda>=X" the paste names elsewhere, as a title quoting it does.
    required = groups.get("cuda") or (
        found.group(1) if (found := ctx.near(_REQUIRE_CUDA, "--require=cuda", before=0)) else None
    )
    if required is None and groups.get("cut") is not None:
        found = ctx.near(_CUDA_CONDITION, "cuda>=", "cuda >=", before=0)
        required = found.group(1) if found else None
    wanted = parse_cuda_version(required)
    facts: dict[str, object] = {"image_cuda": required} if required else {}
    if groups.get("driver"):
        facts["image_driver"] = groups["driver"]
    facts.update(driver_facts(k))
    if groups.get("host_cuda"):
        facts["driver_cuda"] = groups["host_cuda"]
    if required:
        cause = _(
            "The container image declares that it needs CUDA {cuda} or newer "
            "(NVIDIA_REQUIRE_CUDA), and the NVIDIA Container Toolkit found that the host's "
            "driver supports less, so it refused to start the container."
        ).format(cuda=required)
    elif groups.get("driver"):
        cause = _(
            "The container image declares the driver it needs (NVIDIA_REQUIRE_CUDA: "
            "driver >= {driver}), and the NVIDIA Container Toolkit found an older one on the "
            "host, so it refused to start the container."
        ).format(driver=groups["driver"])
    else:
        cause = _(
            "The container image declares the CUDA version it needs (NVIDIA_REQUIRE_CUDA, "
            "cuda>=X), and the NVIDIA Container Toolkit found that the host's driver supports "
            "less, so it refused to start the container."
        )
    if groups.get("brand"):
        cause += sep() + _(
            "The '{brand}' condition it names is the image's exception for data-center GPUs "
            "on older driver branches; this host does not meet it either."
        ).format(brand=groups["brand"])
    elif groups.get("driver") and required:
        cause += sep() + _("It names the driver branch of that exception: {driver}.").format(
            driver=groups["driver"]
        )
    if k.driver_cuda:
        cause += sep() + _("The host driver {driver} supports CUDA up to {dcuda}.").format(
            driver=k.driver_version or "?", dcuda=k.driver_cuda
        )
    elif groups.get("host_cuda"):
        cause += sep() + _("The host driver supports CUDA up to {dcuda}.").format(
            dcuda=groups["host_cuda"]
        )
    fix: list[str] = []
    if wanted is not None:
        step = driver_floor_step(ctx.matrix, wanted, k)
        branch = branch_of_cuda(ctx.matrix, wanted)
        if branch:
            fix.append(
                _(
                    "Upgrade the host's NVIDIA driver to the R{branch} branch or newer (it "
                    "runs CUDA {cuda} natively), then restart the container."
                ).format(branch=branch, cuda=wanted)
            )
        elif step:
            fix.append(step)
    elif groups.get("driver"):
        fix.append(
            _(
                "Upgrade the host's NVIDIA driver to the R{driver} branch or newer, then "
                "restart the container."
            ).format(driver=groups["driver"])
        )
    else:
        fix.append(
            _(
                "See what the image needs: `docker inspect --format '{{.Config.Env}}' "
                "<image>` lists its NVIDIA_REQUIRE_CUDA; upgrade the host's NVIDIA driver to "
                "one that supports that CUDA, then restart the container."
            )
        )
    fix.append(
        _(
            "Or use an image tag whose CUDA is not newer than the host driver's "
            "(`nvidia-smi` on the host shows it as 'CUDA Version')."
        )
    )
    fix.append(_(CHECK_DRIVER))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


# NGC images' entrypoint (nvidia_entrypoint.sh) compares each GPU's compute capability with
# the image's range (MINSMVER..MAXSMVER): below it "ERROR: Detected <name> GPU, which is not
# supported by this container", above the built major "WARNING: ... which is not yet
# supported in this version of the container"; none left: "No supported GPU(s) detected".
@FAMILY.entry(
    code="container-gpu-unsupported",
    keywords=("supported by this container", "gpu, which is not yet supported"),
    title=N_("The container image was not built for this GPU"),
    patterns=(
        rx(
            r"Detected (?P<gpu>[\w .()/-]{2,60}?) GPU, which is "
            r"(?:(?P<newer>not yet supported)|not supported by this container)"
        ),
    ),
    specificity=3,
)
def _advise_container_gpu(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    name = re.sub(r"^(?:NVIDIA )+", "", m.group("gpu").strip())
    cc = capability_of(ctx.matrix, name)
    facts: dict[str, object] = {"gpu": name}
    where = name
    if cc is not None:
        facts["compute_capability"] = f"{cc[0]}.{cc[1]}"
        arch = architecture(ctx.matrix, cc)
        where = _("{gpu} (compute capability {cc}{arch})").format(
            gpu=name, cc=facts["compute_capability"], arch=f", {arch}" if arch else ""
        )
    if m.group("newer") is not None:
        cause = _(
            "The image's start-up check found the {gpu}, which is newer than the GPUs this "
            "image version was built for: its CUDA, libraries and kernels predate the GPU."
        ).format(gpu=where)
        fix = [
            _(
                "Use a newer release of the image (a later NGC tag) whose CUDA supports the "
                "GPU, and rebuild the images based on it."
            )
        ]
        return Advice(cause, tuple(fix), facts, key="newer", used_local_facts=k.local)
    cause = _(
        "The image's start-up check found the {gpu}, which is older than the oldest GPU "
        "this image supports: its CUDA or its own kernels were built without code for it."
    ).format(gpu=where)
    fix = [
        _(
            "Use an older release of the image (or of the project's image) built with a CUDA "
            "that still supports this GPU, or run on a newer GPU."
        )
    ]
    row = arch_cuda(ctx.matrix, cc[0]) if cc is not None else None
    if row is not None and row.last_cuda:
        facts["last_cuda"] = row.last_cuda
        cause += sep() + _(
            "CUDA {last} is the last toolkit with code for {family} GPUs: images built on a "
            "newer CUDA cannot run on it."
        ).format(last=row.last_cuda, family=row.family)
        fix.insert(
            0,
            _(
                "Only images built on CUDA {last} or older can have code for it: pick such a "
                "tag if the project offers one."
            ).format(last=row.last_cuda),
        )
    return Advice(cause, tuple(fix), facts, key="older", used_local_facts=k.local)


__all__ = ["FAMILY"]
