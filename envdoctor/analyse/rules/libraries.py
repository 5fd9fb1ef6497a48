"""The CUDA libraries the torch process really loaded, and where they came from.

An `LD_LIBRARY_PATH` (or an ld.so.conf entry for /usr/local/cuda) can put another cuDNN,
cuBLAS, NCCL or libcuda in front of the copies torch's wheel brings: "cuDNN version
incompatibility", "undefined symbol: cublasLt...", "Error 804: forward compatibility was
attempted on non supported HW". The probe records what /proc/self/maps shows after
`import torch` and CUDA initialisation (snapshot `torch.loaded_libraries`); these pure
rules judge it. Unknown (no record) stays silent, never "ok".
"""

from __future__ import annotations

import posixpath

from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.analyse.rules.context import finding
from envdoctor.i18n import _, sentence_gap
from envdoctor.snapshot import LoadedLibrary, Snapshot, TorchState

# The rule's source in compat_matrix.json (`sources` and `rule_sources`).
FORWARD_COMPAT_SOURCE = "NV_FORWARD_COMPAT"
# Forward compatibility is for data-center GPUs (and a few server-ready RTX SKUs and
# Jetson); only names that are certainly consumer cards are judged, anything else is
# left unknown rather than guessed.
_CONSUMER_MARKS = ("geforce", "titan")
# Libraries torch's wheels bring (torch/lib or the nvidia-* wheels); libcuda is the
# driver's and always comes from the system.
_BROUGHT_BY_TORCH = ("libcudart", "libcublas", "libcublasLt", "libcudnn", "libnccl", "libnvrtc")
_SHOWN_NAMES = {
    "libcudnn": "cuDNN",
    "libcudart": "CUDA runtime",
    "libcuda": "libcuda (driver)",
}


def _under(path: str, folder: str) -> bool:
    folder = folder.rstrip("/") + "/"
    return path.startswith(folder)


def _expected_folders(s: Snapshot) -> list[str] | None:
    """Where torch's own CUDA libraries live: its lib folder, the nvidia-* wheels, its conda env."""
    torch_file = s.torch.file
    if not torch_file or not torch_file.startswith("/"):
        return None
    torch_dir = posixpath.dirname(torch_file)
    site = posixpath.dirname(torch_dir)
    folders = [posixpath.join(torch_dir, "lib"), posixpath.join(site, "nvidia")]
    prefix = s.python.env_prefix
    if s.python.env_kind == "conda" and prefix and _under(torch_file, prefix):
        folders.append(posixpath.join(prefix, "lib"))
    return folders


def _is_forward_compat(lib: LoadedLibrary) -> bool:
    return lib.name == "libcuda" and any(
        "compat" in part for part in posixpath.dirname(lib.path).split("/")
    )


def _without(value: str, entry: str) -> str:
    return ":".join(e for e in value.split(":") if e and e != entry)


def _remedy(s: Snapshot, lib: LoadedLibrary) -> str:
    """The exact change that takes `lib`'s folder off the loader's path."""
    if lib.via == "LD_LIBRARY_PATH" and lib.via_dir:
        current = s.environment.get("LD_LIBRARY_PATH", "")
        rest = _without(current, lib.via_dir)
        command = f'export LD_LIBRARY_PATH="{rest}"' if rest else "unset LD_LIBRARY_PATH"
        return _(
            "{command}   # and remove {folder} where LD_LIBRARY_PATH is set (~/.bashrc, "
            "~/.profile, the environment's activate.d, a module file)"
        ).format(command=command, folder=lib.via_dir)
    if lib.via and lib.via.startswith("/"):
        return _(
            "sudo mv {file} {file}.disabled && sudo ldconfig   # {file} puts {folder} on the "
            "loader's path for every program"
        ).format(file=lib.via, folder=lib.via_dir or posixpath.dirname(lib.path))
    return _(
        "Find what puts {folder} on the loader's path (LD_LIBRARY_PATH, LD_PRELOAD, "
        "/etc/ld.so.conf.d, `ldconfig -p | grep {name}`) and remove it."
    ).format(folder=posixpath.dirname(lib.path), name=lib.name)


def _where_from(lib: LoadedLibrary) -> str:
    if lib.via == "LD_LIBRARY_PATH":
        return _("LD_LIBRARY_PATH contains {folder}").format(folder=lib.via_dir)
    if lib.via:
        return _("{file} lists {folder}").format(file=lib.via, folder=lib.via_dir)
    return _("the loader found it outside torch's own folders")


def _label(lib: LoadedLibrary) -> str:
    name = _SHOWN_NAMES.get(lib.name, lib.name)
    return f"{name} {lib.version}" if lib.version else name


def _major(version: str | None) -> str | None:
    return version.split(".", 1)[0] if version else None


def _expected_major(s: Snapshot, lib: LoadedLibrary) -> str | None:
    """The major version torch was built for, where the facts tell it (else None)."""
    if lib.name.startswith("libcudnn"):
        return _major(s.torch.cudnn)
    if lib.name.startswith(("libcudart", "libcublas", "libnvrtc")):
        return _major(s.torch.cuda)
    return None


def _shadowing(s: Snapshot) -> list[Finding]:
    loaded = s.torch.loaded_libraries
    expected = _expected_folders(s)
    if not loaded or expected is None or not s.torch.cuda:
        return []
    strays = [
        lib
        for lib in loaded
        if lib.name.startswith(_BROUGHT_BY_TORCH)
        and not any(_under(lib.path, folder) for folder in expected)
    ]
    out = []
    for lib in strays:
        wanted = _expected_major(s, lib)
        # Another major version than torch's build cannot work; the same major may.
        differs = wanted is not None and lib.version is not None and _major(lib.version) != wanted
        out.append(
            finding(
                code="cuda-library-shadowed",
                status=Status.FAIL if differs else Status.WARN,
                area=Area.TORCH,
                title=_("{library} is loaded from {path}, not from PyTorch's own copy").format(
                    library=_label(lib), path=lib.path
                ),
                detail=_(
                    "PyTorch brings its own CUDA libraries (in torch/lib or the nvidia-* wheels); "
                    "{why}, so the loader takes this copy first. A different version causes "
                    "errors like 'cuDNN version incompatibility' or 'undefined symbol: "
                    "cublasLt...', or a slow, wrong NCCL."
                ).format(why=_where_from(lib)),
                fix=_remedy(s, lib),
                facts={
                    "library": lib.name,
                    "path": lib.path,
                    "version": lib.version or "",
                    "expected_major": wanted or "",
                    "via": lib.via or "",
                },
            )
        )
    return out


def _gpu_names(s: Snapshot) -> list[str]:
    return [g.name for g in s.gpus] or [d.name for d in s.torch.devices]


def forward_compat_capable(s: Snapshot) -> bool:
    """Every GPU the facts name is one NVIDIA's forward compatibility serves (no GeForce or
    TITAN); False when no GPU is named (unknown is never taken as capable)."""
    names = _gpu_names(s)
    return bool(names) and not any(m in n.lower() for n in names for m in _CONSUMER_MARKS)


def _forward_compat(s: Snapshot) -> list[Finding]:
    compat = [lib for lib in s.torch.loaded_libraries or () if _is_forward_compat(lib)]
    consumer = [n for n in _gpu_names(s) if any(m in n.lower() for m in _CONSUMER_MARKS)]
    if not compat or not consumer:
        return []
    lib = compat[0]
    return [
        finding(
            code="cuda-forward-compat-unsupported",
            status=Status.FAIL,
            area=Area.DRIVER,
            title=_("A forward-compatibility libcuda ({path}) is loaded on a {gpu}").format(
                path=lib.path, gpu=consumer[0]
            ),
            detail=_(
                "This libcuda comes from the cuda-compat package (common in CUDA container "
                "images); {why}. NVIDIA supports forward compatibility only on data-center GPUs, "
                "so CUDA fails with 'Error 804: forward compatibility was attempted on non "
                "supported HW'."
            ).format(why=_where_from(lib))
            + sentence_gap()
            + _("Use the host driver's own libcuda: the driver already supports the wheels' CUDA."),
            fix=_remedy(s, lib),
            sources=(FORWARD_COMPAT_SOURCE,),
            facts={"path": lib.path, "gpu": consumer[0], "via": lib.via or ""},
        )
    ]


def _system_installs(s: Snapshot) -> list[Finding]:
    system = [lib for lib in s.torch.system_libraries or () if lib.name != "libcuda"]
    if not system:
        return []
    shown = "; ".join(f"{_label(lib)} ({lib.path})" for lib in system[:6])
    return [
        finding(
            code="cuda-libraries-info",
            status=Status.INFO,
            area=Area.SYSTEM,
            title=_("System CUDA libraries: {libraries}").format(libraries=shown),
            detail=_(
                "PyTorch wheels bring their own CUDA runtime and cuDNN, so these matter only for "
                "building CUDA extensions or PyTorch from source, unless the loader puts them "
                "in front of torch's copies (then a finding above says so)."
            ),
            facts={"libraries": ", ".join(lib.path for lib in system)},
        )
    ]


def library_findings(snapshot: Snapshot) -> list[Finding]:
    """Findings about the CUDA libraries torch loaded; none when nothing is known."""
    if snapshot.torch.state is not TorchState.OK:
        return []
    return _forward_compat(snapshot) + _shadowing(snapshot) + _system_installs(snapshot)


__all__ = ["FORWARD_COMPAT_SOURCE", "forward_compat_capable", "library_findings"]
