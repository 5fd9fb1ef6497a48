"""The shapes the explainer works with: what the catalog returns and what the engine reports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from envdoctor.compat.driver import native_cuda_of_driver
from envdoctor.compat.gpus import gpu_capability, resolve_gpu
from envdoctor.explain.decode import CudaVersion, parse_cuda_version, parse_sm
from envdoctor.explain.textscan import ANCHOR_TRIES, find_one, lowercase, search_near

if TYPE_CHECKING:
    from envdoctor.compat.commands import MirrorIndex
    from envdoctor.matrix.model import Matrix
    from envdoctor.snapshot import PythonFacts, Snapshot


@dataclass(frozen=True)
class Explanation:
    """One recognised error: what it means and what to do, in the current language."""

    code: str  # stable, machine-readable: "cuda-driver-insufficient"
    title: str
    cause: str
    fix: tuple[str, ...]  # steps, in the order to try them
    matched: str  # the text that was recognised, as found (whitespace collapsed)
    facts: dict[str, Any] = field(default_factory=dict)  # values read from the text or machine
    used_local_facts: bool = False  # True when the advice was tailored with a snapshot
    # "environment", "code" or "runtime" (envdoctor.explain.spec.ErrorKind): whether an
    # environment fix applies at all.
    kind: str = "environment"
    family: str = ""  # the catalogue module the entry lives in: "driver", "arch", ...
    # The `check` finding code with the same root cause (PROBLEM_CODES in
    # envdoctor.analyse.findings), or None. Always None when `contradiction` is set.
    finding_code: str | None = None
    # Set (translated) when the facts show the error cannot come from the environment
    # they describe: it was raised somewhere else (a container, another interpreter).
    contradiction: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "kind": self.kind,
            "family": self.family,
            "finding_code": self.finding_code,
            "contradiction": self.contradiction,
            "cause": self.cause,
            "fix": list(self.fix),
            "matched": self.matched,
            "facts": dict(self.facts),
            "used_local_facts": self.used_local_facts,
        }


@dataclass(frozen=True)
class Advice:
    """What a catalog entry says about one match; the engine adds code, title and the match."""

    cause: str
    fix: tuple[str, ...]
    facts: dict[str, Any] = field(default_factory=dict)
    code: str | None = None  # a more specific code than the entry's (a sub-case)
    title: str | None = None  # a translated title for that sub-case
    key: str = ""  # tells distinct instances of one code apart (two different libraries)
    used_local_facts: bool = False
    finding_code: str | None = None  # a sub-case's check finding code ("": none), else the entry's
    contradiction: str | None = None  # the facts rule this error out here (translated)
    kind: str | None = None  # a sub-case's ErrorKind value, else the entry's
    specificity: int | None = None  # a sub-case's rank among the answers, else the entry's


@dataclass(frozen=True)
class Gpu:
    name: str
    capability: tuple[int, int] | None
    memory_total_mib: int | None


@dataclass(frozen=True)
class Known:
    """What is known about the machine: from a snapshot first, else from clues in the text.

    `local` is True when a snapshot supplied at least one value, so the output can say
    that the advice was tailored to this machine.
    """

    driver_version: str | None = None
    driver_cuda: CudaVersion | None = None
    torch_version: str | None = None
    torch_cuda: CudaVersion | None = None
    torch_file: str | None = None
    torch_cudnn: str | None = None
    torch_cpu_build: bool | None = None  # torch imported and reports neither CUDA nor ROCm
    arch_list: tuple[str, ...] | None = None
    gpus: tuple[Gpu, ...] = ()
    # GPU names written in sentences; used only when they name one architecture.
    prose_gpus: tuple[str, ...] = ()
    nvcc: CudaVersion | None = None
    os: str | None = None  # "Linux", "Windows", "Darwin"
    wsl: int | None = None
    # torchvision / torchaudio versions the paste shows (pip list, conda list, pins), and
    # the torch version next to them in the same paste: judged together, never against a
    # local torch.
    companion_versions: tuple[tuple[str, str], ...] = ()
    companion_torch: str | None = None
    container: str | None = None
    python_version: str | None = None
    pointer_bits: int | None = None
    machine: str | None = None
    nvidia_pci_devices: int | None = None
    driver_state: str | None = None
    kernel_module_version: str | None = None
    nvml_library_version: str | None = None
    cuda_visible_devices: str | None = None
    python_executable: str | None = None  # the interpreter install commands should use
    python_facts: PythonFacts | None = None  # the snapshot's interpreter, for wheel checks
    local: bool = False

    @property
    def capabilities(self) -> tuple[tuple[int, int], ...]:
        """The known compute capabilities of the GPUs."""
        return tuple(g.capability for g in self.gpus if g.capability)

    @property
    def torch_is_cpu_only(self) -> bool | None:
        if self.torch_cpu_build is not None:
            return self.torch_cpu_build
        if self.torch_version is None:
            return None
        if "+cpu" in self.torch_version:
            return True
        if self.torch_cuda is not None:
            return False
        return None


@dataclass(frozen=True)
class Context:
    """What an entry's advice may read: the whole paste, the facts, the knowledge.

    The paste can be a 10 MB log: read facts from it with `near` (a regex next to a literal
    anchor) or `has` (a substring), never with a regex over all of `text`.
    """

    text: str  # the normalised, whitespace-collapsed input
    known: Known
    matrix: Matrix  # the knowledge every rule comes from (compat_matrix.json)
    mirror: MirrorIndex | None = None  # install commands use this mirror (resolved by the CLI)
    lower: str = ""  # `text` lower-cased, same length (the engine passes the one it made)
    # Where anchors occur, shared by every advice on this text: the engine's one-pass
    # keyword search fills it, each other anchor is searched once, on first use.
    starts: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.lower) != len(self.text):
            object.__setattr__(self, "lower", lowercase(self.text))
            object.__setattr__(self, "starts", {})

    def _starts(self, word: str) -> list[int]:
        found = self.starts.get(word)
        if found is None:
            found = find_one(self.lower, word, ANCHOR_TRIES)
            self.starts[word] = found
        return found

    def has(self, *words: str) -> bool:
        """Whether the paste contains any of these lower-case substrings."""
        return any(self._starts(word) for word in words)

    def near(
        self, pattern: re.Pattern[str], *anchors: str, before: int = 40, reach: int = 200
    ) -> re.Match[str] | None:
        """The first match of `pattern` next to one of the lower-case literal `anchors`."""
        for anchor in anchors:
            self._starts(anchor)
        return search_near(
            self.text, self.lower, pattern, anchors, before=before, reach=reach, starts=self.starts
        )


def _capability(matrix: Matrix, name: str, stated: str | None) -> tuple[int, int] | None:
    """The capability the facts state, else the GPU table's for the name, as check does:
    a report names the GPU but rarely its capability, and the rules need it."""
    if stated:
        return parse_sm(stated)
    match = gpu_capability(matrix, name)
    return parse_sm(match.capability) if match is not None else None


def _with_capabilities(matrix: Matrix, clues: Known) -> tuple[Gpu, ...]:
    if not clues.gpus:
        return _prose_gpu(matrix, clues.prose_gpus)
    return tuple(
        g if g.capability is not None else replace(g, capability=_capability(matrix, g.name, None))
        for g in clues.gpus
    )


def _prose_gpu(matrix: Matrix, names: tuple[str, ...]) -> tuple[Gpu, ...]:
    """The GPU of names typed in sentences, when the known ones share one capability: a
    paste may also name the GPU it worked on, and two architectures cannot be told apart."""
    found = [(name, resolve_gpu(matrix, name)) for name in names]
    known = [(name, parse_sm(q.capability)) for name, q in found if q.capability]
    if len({cc for _name, cc in known}) != 1:
        return ()
    name, cc = known[0]
    return (Gpu(name=name, capability=cc, memory_total_mib=None),)


def known_from(snapshot: Snapshot | None, clues: Known, matrix: Matrix) -> Known:
    """Combine a snapshot (preferred) with what the pasted text itself revealed.

    A driver's CUDA version comes from the driver itself when it reported one, else
    from the matrix's branch table, the same rule `check` applies.
    """
    if snapshot is None:
        clues = replace(clues, gpus=_with_capabilities(matrix, clues))
        if clues.driver_cuda is None and clues.driver_version:
            native = parse_cuda_version(native_cuda_of_driver(matrix, clues.driver_version))
            return replace(clues, driver_cuda=native)
        return clues
    drv = snapshot.driver
    tch = snapshot.torch
    gpus = tuple(
        Gpu(
            name=g.name,
            capability=_capability(matrix, g.name, g.compute_capability),
            memory_total_mib=g.memory_total_mib,
        )
        for g in snapshot.gpus
    )
    if not gpus and tch.devices:
        gpus = tuple(
            Gpu(
                name=d.name,
                capability=_capability(matrix, d.name, d.capability),
                memory_total_mib=d.total_memory_mib,
            )
            for d in tch.devices
        )
    driver_cuda = parse_cuda_version(drv.cuda_version) or parse_cuda_version(
        native_cuda_of_driver(matrix, drv.version)
    )
    return Known(
        driver_version=drv.version or clues.driver_version,
        driver_cuda=driver_cuda or clues.driver_cuda,
        torch_version=tch.version or clues.torch_version,
        torch_cuda=parse_cuda_version(tch.cuda) if tch.version else clues.torch_cuda,
        torch_file=tch.file or clues.torch_file,
        torch_cudnn=tch.cudnn or clues.torch_cudnn,
        torch_cpu_build=(tch.cuda is None and tch.hip is None)
        if tch.state.value == "ok" and tch.version
        else None,
        arch_list=tch.arch_list if tch.arch_list is not None else clues.arch_list,
        gpus=gpus or _with_capabilities(matrix, clues),
        nvcc=parse_cuda_version(snapshot.toolkit.nvcc_version) or clues.nvcc,
        os=snapshot.system.os or clues.os,
        wsl=snapshot.system.wsl if snapshot.system.wsl is not None else clues.wsl,
        container=snapshot.system.container or clues.container,
        companion_versions=clues.companion_versions,
        companion_torch=clues.companion_torch,
        python_version=snapshot.python.version or clues.python_version,
        pointer_bits=snapshot.python.pointer_bits or clues.pointer_bits,
        machine=snapshot.system.machine or clues.machine,
        nvidia_pci_devices=drv.nvidia_pci_devices,
        driver_state=drv.state.value if drv.state.value != "unknown" else None,
        kernel_module_version=drv.kernel_module_version,
        nvml_library_version=drv.nvml_library_version,
        cuda_visible_devices=snapshot.environment.get("CUDA_VISIBLE_DEVICES"),
        python_executable=snapshot.python.executable,
        python_facts=snapshot.python,
        local=True,
    )


__all__ = ["Advice", "Context", "Explanation", "Gpu", "Known", "known_from"]
