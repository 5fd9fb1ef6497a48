"""What to do when no NVIDIA driver serves the program: by where it runs (Linux, Windows,
macOS, WSL 1/2, a container), the steps every driver-related entry shares."""

from __future__ import annotations

from envdoctor.compat.commands import UBUNTU_RECOMMENDED_DRIVER, WSL2_CONVERT
from envdoctor.explain.knowledge import driver_runs
from envdoctor.explain.model import Context, Known
from envdoctor.explain.steps import CDI_GENERATE
from envdoctor.i18n import N_, _

WSL1_STEP = N_("WSL 1 has no GPU access: {convert}.")


def wsl_steps(k: Known | None = None) -> tuple[str, ...]:
    """WSL 2 takes the driver from Windows: its libcuda lives in /usr/lib/wsl/lib. Under
    WSL 1 nothing reaches the GPU: the one step is converting the distro."""
    if k is not None and k.wsl == 1:
        return (_(WSL1_STEP).format(convert=_(WSL2_CONVERT)),)
    return (
        _(
            "WSL 2: install only the Windows NVIDIA driver (never a Linux driver inside "
            "WSL); remove any Linux nvidia-driver package in the distro, it hides "
            "/usr/lib/wsl/lib."
        ),
        _(
            "Check that /usr/lib/wsl/lib/libcuda.so.1 exists and is found: `ls -l "
            "/usr/lib/wsl/lib/libcuda*` and `ldconfig -p | grep libcuda`; if not, add "
            "/usr/lib/wsl/lib to LD_LIBRARY_PATH and run `wsl --update` in Windows."
        ),
    )


_NO_GPU_AT_ALL = N_("No NVIDIA GPU at all? Remove hard-coded .cuda() calls and run on the CPU.")

NOT_IN_WSL_OR_CONTAINER = N_(
    "Under WSL 2 or in a container, install nothing NVIDIA there: the driver comes from "
    "Windows (its libraries in /usr/lib/wsl/lib) or from the host (`docker run --gpus all`)."
)


def no_driver_steps(k: Known) -> tuple[str, ...]:
    steps: list[str] = []
    if k.os == "Darwin":
        steps.append(_("macOS has no NVIDIA/CUDA support: use device 'mps' or the CPU."))
        return tuple(steps)
    if k.wsl == 1:
        steps.append(_(WSL1_STEP).format(convert=_(WSL2_CONVERT)))
    elif k.wsl:
        steps.extend(wsl_steps())
    if k.container:
        steps.append(
            _(
                "In a container: start it with `--gpus all` (Docker, with the NVIDIA "
                "Container Toolkit on the host) or request GPUs in the pod spec."
            )
        )
    if k.wsl or k.container:
        # The driver belongs to Windows / the host: installing one here breaks things.
        steps.append(_(_NO_GPU_AT_ALL))
        return tuple(steps)
    if k.os == "Windows":
        steps.append(
            _(
                "Install the NVIDIA driver for the GPU from nvidia.com (or the NVIDIA App), "
                "then open a new terminal: `nvidia-smi` in a Command Prompt shows it works."
            )
        )
        steps.append(_(_NO_GPU_AT_ALL))
        return tuple(steps)
    if k.nvidia_pci_devices == 0:
        steps.append(
            _(
                "No NVIDIA GPU is visible on the PCI bus of this machine: a CPU-only "
                "instance or runtime, or a laptop whose NVIDIA GPU is disabled. Run on the "
                "CPU or switch to a GPU machine/runtime."
            )
        )
    steps.append(_("Check the hardware: `lspci | grep -i nvidia` (Linux)."))
    steps.append(
        _(
            "Install the NVIDIA driver: `{ubuntu}` on Ubuntu (the driver it recommends for "
            "this GPU), or the driver from nvidia.com; then reboot and run `nvidia-smi`."
        ).format(ubuntu=UBUNTU_RECOMMENDED_DRIVER)
    )
    if not k.local:
        # A paste rarely says where it ran; a Linux driver installed inside WSL 2 or a
        # container breaks the GPU that the Windows driver or the host provides.
        steps.append(_(NOT_IN_WSL_OR_CONTAINER))
    steps.append(_(_NO_GPU_AT_ALL))
    return tuple(steps)


def contradiction(ctx: Context) -> str | None:
    """The sentence saying that this machine's driver runs its torch, when the facts show it.

    A "driver too old" error that the report's own driver and torch rule out was raised
    somewhere else: another interpreter, a container, a machine before an upgrade.
    """
    k = ctx.known
    if not (k.local and k.driver_version and k.driver_cuda and k.torch_cuda):
        return None
    if driver_runs(ctx.matrix, k, k.torch_cuda) is not True:
        return None
    return _(
        "This error cannot come from the environment in the report: driver {driver} "
        "supports CUDA {dcuda} and torch uses CUDA {tcuda}. Was it raised in another "
        "environment, e.g. a container or another interpreter?"
    ).format(driver=k.driver_version, dcuda=k.driver_cuda, tcuda=k.torch_cuda)


def elsewhere_steps() -> tuple[str, ...]:
    return (
        _(
            'Run `python -c "import torch; print(torch.__file__, torch.__version__, '
            'torch.version.cuda)"` with the interpreter that failed and compare it with '
            "the report: another venv, conda env or Jupyter kernel has another torch."
        ),
        _(
            "In a container, the container's torch and the host's driver count: run "
            "`nvidia-smi` and the command above inside it (`docker run --gpus all`)."
        ),
        _("Do not change the driver or reinstall torch here: this environment is fine."),
    )


__all__ = [
    "NOT_IN_WSL_OR_CONTAINER",
    "WSL1_STEP",
    "container_gpu_steps",
    "container_runtime_named",
    "contradiction",
    "elsewhere_steps",
    "no_driver_steps",
    "wsl_steps",
]


def container_runtime_named(ctx: Context) -> str | None:
    """The container runtime the paste says the program ran under (its prompt or words)."""
    if ctx.has("podman"):
        return "Podman"
    if ctx.known.container or ctx.has("docker run", "docker compose", "docker-compose"):
        return "Docker"
    return None


def container_gpu_steps(runtime: str) -> tuple[str, ...]:
    """How Docker or Podman hands the host's GPU and driver libraries to a container."""
    first = (
        _(
            "Podman takes GPUs through CDI: on the host run `{cdi}`, then start the container "
            "with `--device nvidia.com/gpu=all`."
        ).format(cdi=CDI_GENERATE)
        if runtime == "Podman"
        else _(
            "Start the container with the GPU: `docker run --gpus all ...` (compose: a "
            "`deploy.resources.reservations.devices` entry with `capabilities: [gpu]`), with "
            "the NVIDIA Container Toolkit installed on the host."
        )
    )
    return (
        _("On the host, check the driver first: `nvidia-smi`."),
        first,
        _(
            "Check inside the container: `nvidia-smi` and `ldconfig -p | grep libcuda` must "
            "work there; install no NVIDIA driver in the image."
        ),
    )
