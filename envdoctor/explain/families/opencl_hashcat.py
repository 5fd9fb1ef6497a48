"""OpenCL runtimes that give a program no device, and hashcat's checks of the CUDA toolkit.

OpenCL programs (hashcat, John the Ripper, Blender's older Cycles, darktable) find devices
through the ICD loader: every vendor runtime installs a file in /etc/OpenCL/vendors (the
NVIDIA driver's nvidia.icd, Mesa's Clover/rusticl, pocl, Intel's CPU runtime). A platform
with no device answers clGetDeviceIDs with CL_DEVICE_NOT_FOUND; no platform at all makes
clGetPlatformIDs answer CL_PLATFORM_NOT_FOUND_KHR. hashcat before 6.1.0 stopped at the
first platform without devices (its changes.txt: "Reinterpret return code
CL_DEVICE_NOT_FOUND from clGetDeviceIDs() as non-fatal", v6.1.0); its maintainers' answer to
these reports is the vendor runtime and removing Mesa's and pocl's (hashcat#1473, #1207).
hashcat 6.0.0 "Removed --opencl-platforms filter" (changes.txt); its options since (src/usage.c,
v6.0.0 to v6.2.6 and master) are -d/--backend-devices, -D/--opencl-device-types, -I/
--backend-info and --backend-ignore-opencl.

hashcat 6's CUDA backend compiles its kernels with NVRTC, which comes with NVIDIA's CUDA
toolkit, not with the driver (src/backend.c): without it hashcat warns "CUDA SDK Toolkit
installation NOT detected" (6.0-6.2.1) or, since 6.2.2 (commit 7bea7ca1), "* Device #1: CUDA
SDK Toolkit not installed or incorrectly installed.", after "Failed to initialize the NVIDIA
main driver CUDA runtime library." or "Failed to initialize NVIDIA RTC library." (since
commit 343d3bc0, 6.1.1), and falls back to OpenCL; development builds of 2019-2020
refused an NVRTC or a driver older than CUDA 10.1 with "Outdated NVIDIA CUDA Toolkit version
'N' detected!", printing the driver's number even when NVRTC was the old one (commit
44ecc83d, hashcat#2058); releases since check NVRTC and the driver against CUDA 9.0 with
their own wordings.
"""

from __future__ import annotations

import re

from packaging.version import Version

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import CHECK_DRIVER
from envdoctor.i18n import N_, _
from envdoctor.values import CudaVersion, parse_version

FAMILY = Family("opencl_hashcat")

# hashcat's banner ("hashcat (v6.0.0) starting...", dev builds "v5.1.0-1138-g581839d4").
_HASHCAT_VERSION = re.compile(r"hashcat \(v(\d+\.\d+(?:\.\d+)?)")
_HASHCAT_SKIPS_EMPTY_PLATFORMS = Version("6.1.0")
_HASHCAT_BACKEND_OPTIONS = Version("6.0.0")
# The CUDA version hashcat's 2019-2020 development builds asked of NVRTC and the driver.
_HASHCAT_DEV_MINIMUM = CudaVersion(10, 1)


@FAMILY.entry(
    code="opencl-no-device",
    keywords=("cl_device_not_found", "cl_platform_not_found_khr"),
    title=N_("The OpenCL runtime offers no device"),
    patterns=(
        # hashcat's "clGetDeviceIDs(): CL_DEVICE_NOT_FOUND", hashcat 3.00's
        # "clGetDeviceIDs() : -1 : CL_DEVICE_NOT_FOUND", other programs' "clGetDeviceIDs
        # failed: CL_DEVICE_NOT_FOUND".
        rx(r"clGetDeviceIDs\(?\)?\s?:?[^A-Za-z\n]{0,12}(?:failed:?\s?)?CL_DEVICE_NOT_FOUND"),
        rx(
            r"clGetPlatformIDs\(?\)?\s?:?[^A-Za-z\n]{0,12}(?:failed:?\s?)?(?P<no_platform>)"
            r"CL_PLATFORM_NOT_FOUND_KHR"
        ),
    ),
)
def _advise_opencl(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    if m.groupdict().get("no_platform") is not None:
        facts["no_platform"] = True
        cause = _(
            "The OpenCL loader found no OpenCL runtime at all: no vendor runtime registered "
            "itself in /etc/OpenCL/vendors (the NVIDIA driver's nvidia.icd, AMD's, Intel's), "
            "or the one registered cannot open its device (on Linux NVIDIA's needs "
            "/dev/nvidia-uvm, which a machine without a desktop session may not have "
            "created yet)."
        )
    else:
        cause = _(
            "An OpenCL runtime (platform) is installed that has no device the program can use: "
            "Mesa's Clover or rusticl, pocl, or a vendor's runtime without its hardware. Or the "
            "device's own runtime is missing, so only such empty platforms are left."
        )
    fix = [
        _(
            "List what OpenCL sees: `clinfo -l` (package clinfo); every platform should show "
            "the device you want to use."
        ),
        _(
            "Install the runtime of the device: for an NVIDIA GPU the NVIDIA driver (on "
            "Debian/Ubuntu also its OpenCL package, e.g. nvidia-opencl-icd), for AMD GPUs "
            "ROCm or the Adrenalin driver, for Intel CPUs/GPUs Intel's OpenCL runtime."
        ),
    ]
    version = ctx.near(_HASHCAT_VERSION, "hashcat (v", before=0)
    release = parse_version(version.group(1)) if version is not None else None
    if release is not None and release < _HASHCAT_BACKEND_OPTIONS:
        options = _("hashcat 5 and older: `--opencl-platforms=N` and `-d`")
    else:
        # --opencl-platforms was removed in hashcat 6.0.0 (docs/changes.txt).
        options = _(
            "hashcat 6: list the devices with `-I`, then `-d N` (--backend-devices) or `-D 2` "
            "(--opencl-device-types, GPUs only); `--backend-ignore-opencl` uses its CUDA "
            "backend alone"
        )
    fix.append(
        _(
            "Remove runtimes without devices (Mesa's OpenCL and pocl packages, or their "
            "files in /etc/OpenCL/vendors), or pick the device with the program's options "
            "({options})."
        ).format(options=options)
    )
    if release is not None:
        facts["hashcat"] = str(release)
    if release is not None and release < _HASHCAT_SKIPS_EMPTY_PLATFORMS:
        cause += sep() + _(
            "hashcat before 6.1.0 stops at the first platform without devices; newer "
            "releases skip it."
        )
        fix.insert(0, _("Use a current hashcat release (6.1.0 or newer)."))
    if facts.get("no_platform"):
        fix.append(
            _(
                "Linux with an NVIDIA GPU and no desktop: run `nvidia-smi` once as root (or "
                "install nvidia-modprobe) so the /dev/nvidia* device files exist."
            )
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="hashcat-cuda-toolkit",
    keywords=(
        "cuda sdk toolkit installation not detected",
        "cuda sdk toolkit not installed or incorrectly installed",
        "outdated nvidia cuda toolkit version",
        "outdated nvidia nvrtc driver version",
        "outdated nvidia cuda driver version",
    ),
    title=N_("hashcat cannot use its CUDA backend (CUDA toolkit / NVRTC)"),
    patterns=(
        rx(r"CUDA SDK Toolkit installation NOT detected(?P<missing>)"),
        # hashcat 6.2.2 and newer (src/backend.c): per device, before "Falling back to
        # OpenCL runtime."
        rx(r"CUDA SDK Toolkit not installed or incorrectly installed(?P<missing>)"),
        rx(r"Outdated NVIDIA CUDA Toolkit version '(?P<dev>\d{4,5})' detected"),
        rx(r"Outdated NVIDIA NVRTC driver version '(?P<nvrtc>\d{4,5})' detected"),
        rx(r"Outdated NVIDIA CUDA driver version '(?P<driver>\d{4,5})' detected"),
    ),
)
def _advise_hashcat_cuda(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    toolkit = _(
        "Install NVIDIA's CUDA toolkit (its runtime and NVRTC are enough) and make sure its "
        "NVRTC is found: on Windows its bin folder (nvrtc64_*.dll) on PATH, on Linux its "
        "lib64 folder in the loader's path; then restart the terminal."
    )
    if groups.get("missing") is not None:
        # The lines hashcat prints just before it (a slice: no scan of a long log) name
        # the library that failed: the driver's CUDA library, not NVRTC.
        before = ctx.text[max(0, m.start() - 400) : m.start()].lower()
        if "failed to initialize the nvidia main driver cuda runtime library" in before:
            facts["cuda_driver_failed"] = True
            cause = _(
                "hashcat could not initialise the NVIDIA driver's own CUDA library (libcuda / "
                "nvcuda.dll), so it cannot use its CUDA backend whatever toolkit is installed, "
                "and falls back to OpenCL. This is a warning: hashcat still runs."
            )
            fix = (
                _(CHECK_DRIVER),
                _(
                    "Reinstall or upgrade the NVIDIA driver if `nvidia-smi` fails; then install "
                    "the CUDA toolkit too if hashcat next reports its RTC library."
                ),
            )
            return Advice(cause, fix, facts, key="driver-lib", used_local_facts=k.local)
        cause = _(
            "hashcat's CUDA backend compiles its kernels with NVRTC, which comes with NVIDIA's "
            "CUDA toolkit, not with the driver; it found none, so it uses the slower OpenCL "
            "backend. This is a warning: hashcat still runs."
        )
        return Advice(cause, (toolkit,), facts, key="missing", used_local_facts=k.local)
    if groups.get("dev"):
        driver = CudaVersion.from_int(int(groups["dev"]))
        facts["driver_cuda"] = str(driver) if driver else groups["dev"]
        if driver is not None and driver >= _HASHCAT_DEV_MINIMUM:
            facts["outdated"] = "nvrtc"
            cause = _(
                "This hashcat development build needs NVRTC and a driver for CUDA {minimum} "
                "or newer. The number it prints is the driver's (CUDA {driver}, enough), so "
                "the NVRTC library it loaded is the old one: an older CUDA toolkit's nvrtc "
                "comes first on PATH or in the library path."
            ).format(minimum=_HASHCAT_DEV_MINIMUM, driver=driver)
            fix = (
                toolkit,
                _(
                    "Remove the older toolkit's folders from PATH (or uninstall it), or use a "
                    "hashcat release instead of an old development build."
                ),
            )
            return Advice(cause, fix, facts, key="dev-nvrtc", used_local_facts=k.local)
        facts["outdated"] = "driver"
        cause = _(
            "This hashcat development build needs a driver for CUDA {minimum} or newer, and "
            "this driver supports CUDA {driver}."
        ).format(minimum=_HASHCAT_DEV_MINIMUM, driver=facts["driver_cuda"])
        fix = (_("Upgrade the NVIDIA driver."), _(CHECK_DRIVER))
        return Advice(cause, fix, facts, key="dev-driver", used_local_facts=k.local)
    if groups.get("nvrtc"):
        nvrtc = CudaVersion.from_int(int(groups["nvrtc"]))
        facts["nvrtc_cuda"] = str(nvrtc) if nvrtc else groups["nvrtc"]
        cause = _(
            "hashcat found NVRTC of CUDA {nvrtc}, older than the CUDA 9.0 it needs: an old "
            "CUDA toolkit's NVRTC is the one found first."
        ).format(nvrtc=facts["nvrtc_cuda"])
        return Advice(cause, (toolkit,), facts, key="nvrtc", used_local_facts=k.local)
    driver = CudaVersion.from_int(int(groups["driver"] or 0))
    facts["driver_cuda"] = str(driver) if driver else groups["driver"]
    cause = _(
        "hashcat needs a driver for CUDA 9.0 or newer, and this driver supports CUDA {driver}."
    ).format(driver=facts["driver_cuda"])
    return Advice(
        cause,
        (_("Upgrade the NVIDIA driver."), _(CHECK_DRIVER)),
        facts,
        key="driver",
        used_local_facts=k.local,
    )


# The OpenCL headers a program includes: cl.h / opencl.h (C), cl.hpp / cl2.hpp / opencl.hpp
# (Khronos' C++ bindings), cl_ext.h, cl_gl.h, cl_platform.h.
_CL_HEADER = r"CL/(?P<header>(?:cl|opencl|cl2|cl_ext|cl_gl|cl_platform)\.h(?:pp)?)"


@FAMILY.entry(
    code="opencl-headers-missing",
    keywords=("cl/cl", "cl/opencl", "could not find opencl"),
    title=N_("Building against OpenCL: its headers or library are not found"),
    patterns=(
        # GCC "fatal error: CL/cl.h: No such file or directory", clang "fatal error: 'CL/cl.h'
        # file not found", MSVC "fatal error C1083: Cannot open include file: 'CL/cl.h': No
        # such file or directory" (in other quotes when translated).
        rx(
            r"(?<![\w/])"
            + _CL_HEADER
            + r"['\"”’]?(?::\s?No such file or directory| file not found)"
        ),
        # CMake's FindOpenCL when the project requires it (only a status line otherwise:
        # an optional OpenCL is not an error).
        rx(
            r"CMake Error at [^\n]{0,200}\(message\):\s{0,20}Could NOT find OpenCL "
            r"\(missing: ?(?P<missing>[\w ]{1,80}?) ?\)"
        ),
    ),
)
def _advise_opencl_headers(m: re.Match[str], ctx: Context) -> Advice:
    """The headers come from Khronos' packages (Debian/Ubuntu opencl-headers, with the ICD
    loader's development library ocl-icd-opencl-dev; Arch opencl-headers: fastfetch#281,
    memtestCL#12, xbarin02/collatz#6); on Windows NVIDIA's CUDA toolkit ships CL/cl.h in
    its include folder and lib/x64/OpenCL.lib, which LightGBM's GPU build passes to CMake as
    OpenCL_INCLUDE_DIR / OpenCL_LIBRARY (its installation guide; LightGBM#2262)."""
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    if groups.get("header"):
        facts["header"] = f"CL/{groups['header']}"
    if groups.get("missing"):
        facts["missing"] = groups["missing"].strip()
    windows = (
        k.os == "Windows"
        or re.search(r"\bC1083\b|[A-Z]:\\", ctx.text[max(0, m.start() - 2000) : m.end() + 200])
        is not None
    )
    cause = _(
        "The build includes the OpenCL headers (CL/cl.h) or links the OpenCL library, and "
        "neither the compiler nor CMake finds them: the OpenCL development files are not "
        "installed, or the paths given to the build (OpenCL_INCLUDE_DIR, OpenCL_LIBRARY) "
        "point elsewhere. The GPU driver provides the OpenCL runtime, not these headers."
    )
    linux = _(
        "Linux: install the headers and the ICD loader's development library (Debian/"
        "Ubuntu `sudo apt install opencl-headers ocl-icd-opencl-dev`; Arch `pacman -S "
        "opencl-headers`), then configure again in a clean build folder."
    )
    win = _(
        "Windows with an NVIDIA GPU: the CUDA toolkit ships CL\\cl.h and OpenCL.lib; pass "
        'them to CMake, e.g. -DOpenCL_INCLUDE_DIR="C:/Program Files/NVIDIA GPU Computing '
        'Toolkit/CUDA/v<version>/include" -DOpenCL_LIBRARY="C:/Program Files/NVIDIA GPU '
        'Computing Toolkit/CUDA/v<version>/lib/x64/OpenCL.lib" (check that both files '
        "exist there), in a clean build folder."
    )
    paths = _(
        "If they are installed in another place, give CMake their paths with "
        "-DOpenCL_INCLUDE_DIR=<folder holding CL/> and -DOpenCL_LIBRARY=<libOpenCL.so or "
        "OpenCL.lib>."
    )
    fix = (win, paths) if windows else (linux, paths, win)
    return Advice(cause, fix, facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
