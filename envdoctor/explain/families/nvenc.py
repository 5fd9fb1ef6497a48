"""FFmpeg's NVENC encoders (h264_nvenc, hevc_nvenc, av1_nvenc) refusing the machine.

The wordings are FFmpeg's libavcodec/nvenc.c (the API check, the minimum-driver line,
"OpenEncodeSessionEx failed: <desc> (<code>)") and nv-codec-headers' loader ("Cannot load
<library>"), printed through av_log: "[h264_nvenc @ 0x...]" in ffmpeg's own output,
"ERROR:libav.h264_nvenc:" through PyAV. The driver each NVENC API needs is the matrix's
`nvenc_api` table (nv-codec-headers' READMEs), asked through `explain.knowledge`.
"""

from __future__ import annotations

import re

from envdoctor.compat.commands import WSL2_CONVERT
from envdoctor.compat.driver import driver_limit
from envdoctor.explain.driver_steps import WSL1_STEP
from envdoctor.explain.knowledge import (
    first_row_above,
    newest_api_of_driver,
    nvenc_row,
    parse_api,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import CHECK_DRIVER
from envdoctor.i18n import N_, _
from envdoctor.matrix.model import NvencApi

FAMILY = Family("nvenc")

# av_log's "[h264_nvenc @ %p]": glibc writes the pointer with 0x, MinGW/MSVC builds (every
# Windows FFmpeg) as 16 bare hex digits. Read only when the facts do not name the OS.
_WINDOWS_POINTER = re.compile(r"_nvenc @ [0-9A-Fa-f]{16}\]")
_CONTAINER_WORDS = (
    "docker",
    "podman",
    "kubernetes",
    "container",
    "unraid",
    "truenas",
    "nvidia_driver_capabilities",
)


def _os(ctx: Context) -> str | None:
    """'windows' or 'linux' for the driver's floors (WSL takes the Windows driver)."""
    k = ctx.known
    if k.wsl or k.os == "Windows":
        return "windows"
    if k.os == "Linux":
        return "linux"
    if ctx.near(_WINDOWS_POINTER, "_nvenc @ ", before=12, reach=40) is not None:
        return "windows"
    if ctx.has("_nvenc @ 0x", "libnvidia-encode.so"):
        return "linux"
    return None


def _in_container(ctx: Context) -> bool:
    return bool(ctx.known.container) or ctx.has(*_CONTAINER_WORDS)


def _branch(version: str) -> int:
    return int(version.split(".", maxsplit=1)[0])


def _upgrade_step(ctx: Context, linux: str, windows: str, os_name: str | None) -> str:
    """Install a driver at or past the floor, worded for where the program runs."""
    # Under WSL 2 (a container in it too) the driver is Windows': its floor, on Windows.
    if _in_container(ctx) and not ctx.known.wsl:
        return _(
            "In a container the driver is the host's: upgrade the host's NVIDIA driver to "
            "{linux} or newer (nothing inside the image changes it), then restart the "
            "container."
        ).format(linux=linux)
    if os_name == "windows":
        where = _(" (under WSL 2, on Windows, never inside the distro)") if ctx.known.wsl else ""
        return _(
            "Upgrade the NVIDIA driver to {windows} or newer{where}: "
            "https://www.nvidia.com/Download/index.aspx or the NVIDIA App."
        ).format(windows=windows, where=where)
    step = _(
        "Upgrade the NVIDIA driver to {linux} or newer: `sudo apt install "
        "nvidia-driver-{branch}` (or a newer branch) on Ubuntu, or NVIDIA's driver from "
        "https://www.nvidia.com/Download/index.aspx; then reboot."
    ).format(linux=linux, branch=_branch(linux))
    if os_name is None and windows != linux:
        step += sep() + _("On Windows: {windows} or newer.").format(windows=windows)
    return step


def _gpu_cannot_reach(ctx: Context, floor: str) -> str | None:
    """An old GPU whose last driver branch is older than the floor: no upgrade helps."""
    for gpu in ctx.known.gpus:
        if gpu.capability is None:
            continue
        limit = driver_limit(ctx.matrix, f"{gpu.capability[0]}.{gpu.capability[1]}")
        if limit is not None and limit.last_branch < _branch(floor):
            return _(
                "Your {gpu} is driven by no branch newer than R{last}, older than this "
                "floor: no driver upgrade helps, use an FFmpeg built for an older NVENC API."
            ).format(gpu=gpu.name, last=limit.last_branch)
    return None


_PRINTED = re.compile(r"nvenc is (?P<p>\d{3}(?:\.\d{1,3}){0,2}|\(unknown\)) or newer")


def _printed_floor(m: re.Match[str], ctx: Context) -> str | None:
    """The minimum FFmpeg printed: this match's, else the line's next to it."""
    printed = m.groupdict().get("printed")
    if printed is not None:
        return printed
    near = ctx.near(_PRINTED, "minimum required nvidia driver for nvenc", before=0)
    return near.group("p") if near else None


def _api_cause(facts: dict[str, object], row: NvencApi | None, printed: str | None) -> str:
    cause = _(
        "FFmpeg (or a program's bundled FFmpeg/libavcodec, such as PyAV's wheels) was built "
        "with the NVENC headers of a newer API than the NVIDIA driver's encoder library "
        "offers, and refuses to start the encoder. Every NVENC API version needs a minimum "
        "driver."
    )
    if "driver_nvenc_api" in facts:
        cause += sep() + _(
            "Here the build needs NVENC API {req}, and the driver offers API {found}."
        ).format(req=facts["required_nvenc_api"], found=facts["driver_nvenc_api"])
    if row is not None:
        cause += sep() + _(
            "NVENC API {api} needs driver {linux} or newer on Linux ({windows} on Windows)."
        ).format(api=row.api, linux=row.min_driver.linux, windows=row.min_driver.windows)
        if printed == "(unknown)":
            cause += sep() + _(
                "FFmpeg printed \u201c(unknown)\u201d only because its source predates that "
                "API's entry."
            )
    elif "required_nvenc_api" in facts:
        cause += sep() + _(
            "NVENC API {api} is newer than envdoctor's table: its minimum driver is not "
            "known here; take the newest driver for the GPU."
        ).format(api=facts["required_nvenc_api"])
    if "driver_version" in facts:
        cause += sep() + _("The report shows driver {driver}.").format(
            driver=facts["driver_version"]
        )
    return cause


def _upgrade_or_floor(
    ctx: Context, row: NvencApi | None, printed: str | None, os_name: str | None
) -> tuple[str, str | None]:
    """The driver step and the floor it names for this OS (None: not known)."""
    linux = row.min_driver.linux if row is not None else None
    windows = row.min_driver.windows if row is not None else None
    if linux and windows:
        floor = windows if os_name == "windows" else linux
        blocked = _gpu_cannot_reach(ctx, floor)
        return blocked or _upgrade_step(ctx, linux, windows, os_name), floor
    if printed and printed[0].isdigit():
        # No row (no API in the message, or one past the table): the build's own floor.
        return _(
            "Upgrade the NVIDIA driver to {driver} or newer, the floor this FFmpeg build "
            "states (https://www.nvidia.com/Download/index.aspx)."
        ).format(driver=printed), printed
    return _(
        "Upgrade the NVIDIA driver to the newest one for the GPU "
        "(https://www.nvidia.com/Download/index.aspx); the build's NVENC API needs it."
    ), None


def _keep_driver_step(ctx: Context, found: tuple[int, int] | None) -> str:
    if found is None:
        return _(
            "Or keep the driver and use an FFmpeg build made with older nv-codec-headers "
            "(an NVENC API the driver offers): an older FFmpeg release or build."
        )
    older = nvenc_row(ctx.matrix, found)
    api = "{}.{}".format(*found)
    return _(
        "Or keep the driver and use an FFmpeg build made with nv-codec-headers of NVENC "
        "API {api} or older (its sdk/{api} branch{tag}): an older FFmpeg release or build, "
        "or the application's release that bundles one."
    ).format(api=api, tag=_(", release {t}").format(t=older.headers) if older else "")


@FAMILY.entry(
    code="nvenc-driver-too-old",
    keywords=(
        "required nvenc api version",
        "minimum required nvidia driver for nvenc",
        "required: nvenc api",
    ),
    title=N_("NVIDIA driver too old for the NVENC API this FFmpeg was built with"),
    patterns=(
        rx(
            r"Driver does not support the required nvenc API version"
            r"(?:\. Required: (?P<req>\d{1,3}\.\d{1,3}) Found: (?P<found>\d{1,3}\.\d{1,3}))?"
        ),
        # The same check summed up by a program around FFmpeg (netv's status report):
        # "Required: NVENC API 13.0 Found: 12.2".
        rx(r"Required: NVENC API (?P<req>\d{1,3}\.\d{1,3}) Found: (?P<found>\d{1,3}\.\d{1,3})"),
        # Printed after the line above, and alone after a failed load of the library.
        rx(
            r"The minimum required Nvidia driver for nvenc is "
            r"(?P<printed>\d{3}(?:\.\d{1,3}){0,2}|\(unknown\)) or newer"
        ),
    ),
    specificity=3,
    defers_to=frozenset({"nvenc-library-missing"}),
)
def _advise_api(m: re.Match[str], ctx: Context) -> Advice | None:
    groups = m.groupdict()
    if (
        "printed" in groups
        and not ctx.has("required nvenc api version")
        and ctx.has("cannot load libnvidia-encode", "cannot load nvencodeapi")
    ):
        return None  # the minimum-driver line after "Cannot load ...": the library is missing
    k = ctx.known
    os_name = _os(ctx)
    required = parse_api(groups.get("req"))
    found = parse_api(groups.get("found"))
    printed = _printed_floor(m, ctx)
    row = nvenc_row(ctx.matrix, required) if required else None
    facts: dict[str, object] = {}
    if required:
        facts["required_nvenc_api"] = "{}.{}".format(*required)
    if found:
        facts["driver_nvenc_api"] = "{}.{}".format(*found)
        newer = first_row_above(ctx.matrix, found)
        if newer is not None and not k.driver_version and os_name:
            # A driver that offers only this API is older than the next API's floor.
            facts["driver_older_than"] = newer.min_driver.for_os(os_name)
    if printed:
        facts["printed_min_driver"] = printed
    if os_name:
        facts["os"] = os_name
    if k.driver_version:
        facts["driver_version"] = k.driver_version
    if row is not None:
        facts["min_driver_linux"] = row.min_driver.linux
        facts["min_driver_windows"] = row.min_driver.windows
    step, floor = _upgrade_or_floor(ctx, row, printed, os_name)
    if floor and (os_name or row is None):
        facts["min_driver"] = floor
    fix = (step, _keep_driver_step(ctx, found), _(CHECK_DRIVER))
    return Advice(_api_cause(facts, row, printed), fix, facts, used_local_facts=k.local)


def _newest_for(ctx: Context, os_name: str | None) -> str | None:
    """The newest NVENC API the known driver offers, e.g. '12.2' (the report's driver)."""
    row = newest_api_of_driver(ctx.matrix, ctx.known.driver_version, os_name or "linux")
    return row.api if row is not None else None


@FAMILY.entry(
    code="nvenc-library-missing",
    keywords=("cannot load libnvidia-encode", "cannot load nvencodeapi"),
    title=N_("FFmpeg cannot load the NVIDIA driver's NVENC library"),
    # nv-codec-headers' dynlink_loader.h: "Cannot load %s" with NVENC_LIBNAME.
    patterns=(rx(r"Cannot load (?P<lib>libnvidia-encode\.so(?:\.1)?|nvEncodeAPI(?:64)?\.dll)"),),
    specificity=3,
)
def _advise_library(m: re.Match[str], ctx: Context) -> Advice:
    lib = m.group("lib")
    k = ctx.known
    facts: dict[str, object] = {"library": lib}
    if k.driver_version:
        facts["driver_version"] = k.driver_version
        windows_driver = lib.lower().endswith(".dll") or bool(k.wsl)
        api = _newest_for(ctx, "windows" if windows_driver else "linux")
        if api:
            facts["driver_nvenc_api"] = api
    if lib.lower().endswith(".dll"):
        cause = _(
            "{lib} is installed by the NVIDIA display driver (in System32); it is not "
            "there, so no NVIDIA driver is installed, or the machine has no NVIDIA GPU at "
            "all (only Intel/AMD graphics)."
        ).format(lib=lib)
        fix: tuple[str, ...] = (
            _(
                "Install the NVIDIA driver for the GPU from "
                "https://www.nvidia.com/Download/index.aspx (or the NVIDIA App), then run "
                "`nvidia-smi` in a new Command Prompt."
            ),
            _(
                "No NVIDIA GPU in this machine? NVENC cannot work: choose another encoder "
                "(libx264/libx265 on the CPU, h264_qsv on Intel, h264_amf on AMD)."
            ),
        )
        return Advice(cause, fix, facts, used_local_facts=k.local)
    if _in_container(ctx):
        facts["container"] = True
        cause = _(
            "{lib} belongs to the host's NVIDIA driver, and the NVIDIA Container Toolkit "
            "mounts it into a container only when NVIDIA_DRIVER_CAPABILITIES includes "
            "\u201cvideo\u201d (the default is compute,utility): CUDA works in the "
            "container, the encoder does not."
        ).format(lib=lib)
        fix = (
            _(
                "Start the container with the video capability: `docker run --gpus all -e "
                "NVIDIA_DRIVER_CAPABILITIES=compute,utility,video ...` (or `all`), the same "
                "variable under `environment:` in a compose file or `env:` in a pod spec."
            ),
            _(
                "Building the image yourself: set `ENV NVIDIA_DRIVER_CAPABILITIES="
                "compute,utility,video` in its final stage; exporting it inside a running "
                "container is too late, the libraries are mounted at its start."
            ),
            _(
                "Check inside the container: `ldconfig -p | grep libnvidia-encode` lists it "
                "once the capability is set."
            ),
        )
        return Advice(cause, fix, facts, used_local_facts=k.local)
    if k.wsl:
        return _library_under_wsl(lib, facts, ctx)
    cause = _(
        "{lib} is the NVIDIA driver's encoder library and the loader does not find it: no "
        "NVIDIA driver is installed, or it was installed without its video libraries "
        "(a distribution's split package), or the program runs in a container started "
        "without the video capability."
    ).format(lib=lib)
    fix = (
        _(
            "Check: `ldconfig -p | grep libnvidia-encode` and `nvidia-smi` (no output from "
            "the first while the second works: the library is what is missing)."
        ),
        _(
            "Install the driver's encoder library, the same version as the driver: "
            "libnvidia-encode-<branch> on Ubuntu (e.g. libnvidia-encode-{branch}), "
            "libnvidia-encode1 on Debian; or the full driver from "
            "https://www.nvidia.com/Download/index.aspx."
        ).format(branch=_branch(k.driver_version) if k.driver_version else "570"),
        _(
            "In a Docker container: start it with `-e NVIDIA_DRIVER_CAPABILITIES="
            "compute,utility,video` (or `all`); the toolkit mounts the encoder library only "
            "then."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


def _library_under_wsl(lib: str, facts: dict[str, object], ctx: Context) -> Advice:
    """WSL 2 maps the Windows driver's Linux libraries into /usr/lib/wsl/lib (NVIDIA's CUDA
    on WSL User Guide: install no Linux driver in the distro); the encoder library is one of
    them, so what is missing is on the Windows side, or a distro driver package hides it."""
    facts["wsl"] = ctx.known.wsl
    if ctx.known.wsl == 1:
        cause = _(
            "{lib} is the NVIDIA driver's encoder library, and this is WSL 1, which has no "
            "GPU access at all: no NVIDIA library is there."
        ).format(lib=lib)
        fix: tuple[str, ...] = (_(WSL1_STEP).format(convert=_(WSL2_CONVERT)),)
        return Advice(cause, fix, facts, key="wsl", used_local_facts=ctx.known.local)
    cause = _(
        "{lib} is the NVIDIA driver's encoder library. Under WSL 2 it comes from the Windows "
        "NVIDIA driver, which maps its Linux libraries into /usr/lib/wsl/lib: the Windows "
        "driver is too old to ship it, or a Linux NVIDIA package installed in the distro "
        "hides that folder. Nothing is to be installed inside the distro."
    ).format(lib=lib)
    fix = (
        _(
            "Update the NVIDIA driver on Windows (https://www.nvidia.com/Download/index.aspx "
            "or the NVIDIA App), then run `wsl --shutdown` in Windows and reopen the distro; "
            "install no NVIDIA driver or libnvidia-encode package inside WSL."
        ),
        _(
            "Check inside WSL: `ls -l /usr/lib/wsl/lib/libnvidia-encode*` and `ldconfig -p | "
            "grep libnvidia-encode`; if the file is there but not found, add /usr/lib/wsl/lib "
            "to LD_LIBRARY_PATH, and remove any Linux nvidia-driver or libnvidia-* package "
            "from the distro."
        ),
    )
    return Advice(cause, fix, facts, key="wsl", used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="nvenc-session-limit",
    kind=ErrorKind.RUNTIME,
    keywords=("openencodesessionex failed: out of memory", "nvencopenencodesessionex"),
    title=N_("NVENC refused another encode session (concurrent-session limit or GPU memory)"),
    patterns=(
        # FFmpeg's nvenc_print_error: "%s: %s (%d): %s", NV_ENC_ERR_OUT_OF_MEMORY = 10.
        rx(r"OpenEncodeSessionEx failed: out of memory \(10\)"),
        # The Video Codec SDK samples' NvEncoder (NvPipe, VPF): the same call and code.
        rx(r"nvEncOpenEncodeSessionEx\([^()]{0,80}\) returned error 10\b"),
    ),
    specificity=3,
)
def _advise_sessions(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The driver refused to open one more NVENC session (NV_ENC_ERR_OUT_OF_MEMORY). On "
        "GeForce and other consumer GPUs NVIDIA's driver caps the number of concurrent "
        "encode sessions for the whole system, whatever the free memory (the \u201cMax # "
        "of concurrent sessions\u201d column of NVIDIA's Video Encode and Decode GPU "
        "Support Matrix); professional and data-center GPUs have no such cap. Less often "
        "the GPU's memory is really exhausted. The installation is fine."
    )
    fix = (
        _(
            "Count the encoders running: `nvidia-smi --query-gpu=encoder.stats.sessionCount "
            "--format=csv`; close the other ones (OBS, other ffmpeg processes, Plex/Jellyfin "
            "transcodes, screen recorders)."
        ),
        _(
            "Run fewer encodes at a time: limit the application's parallel jobs or workers "
            "to the cap, or encode the rest on the CPU (libx264/libx265)."
        ),
        _(
            "If the GPU's memory is full (`nvidia-smi` shows it), free it or lower the "
            "resolution or the number of surfaces/lookahead frames."
        ),
    )
    return Advice(cause, fix, {"nvenc_status": 10}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
