"""Distributed training: NCCL errors, and the environment around them (shared memory in
containers, builds without NCCL, different NCCL versions across ranks)."""

from __future__ import annotations

import re

from envdoctor.explain.families.nccl_causes import ib_reading, shm_removed
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import DOCKER_SHM, K8S_SHM
from envdoctor.i18n import N_, _

FAMILY = Family("distributed")


_NCCL_VERSION = re.compile(r"NCCL version (\d+\.\d+\.\d+)")
_VERSION_MISMATCH = re.compile(
    r"Mismatched NCCL version detected : rank (?P<rank_a>\d+) version (?P<version_a>\d+) "
    r"rank (?P<rank_b>\d+) version (?P<version_b>\d+)"
)
# NCCL >= 2.12 repeats the failing call after "Last error:".
_LAST_CUDA_FAILURE = re.compile(r"Cuda failure '([^']{1,120})'")


_NCCL_KINDS = (
    # Before "invalid usage": NCCL returns ncclInvalidUsage for it too, but it is the
    # environment (different NCCL builds on the ranks), not the program.
    ("version", re.compile(r"Mismatched NCCL version detected", re.IGNORECASE)),
    (
        "system",
        re.compile(
            r"unhandled system error|ncclSystemError|NCCL_ERROR_SYSTEM_ERROR|"
            r"ibv_reg\w{0,12}_mr|ibv_create_qp|ibv_modify_qp",
            re.IGNORECASE,
        ),
    ),
    ("remote", re.compile(r"remote process exited|ncclRemoteError", re.IGNORECASE)),
    ("invalid-usage", re.compile(r"invalid usage|ncclInvalidUsage|Duplicate GPU", re.IGNORECASE)),
    ("cuda", re.compile(r"unhandled cuda error|ncclUnhandledCudaError", re.IGNORECASE)),
    ("internal", re.compile(r"internal error|ncclInternalError", re.IGNORECASE)),
)


@FAMILY.entry(
    code="nccl-error",
    kind=ErrorKind.RUNTIME,
    keywords=("nccl", "ibv_reg", "ibv_create_qp", "ibv_modify_qp"),
    title=N_("NCCL error"),
    patterns=(
        rx(
            r"NCCL (?:error|Error \d+)\b.{0,300}?(?:unhandled system error|remote process "
            r"exited or there was a network error|internal error|invalid usage|unhandled "
            r"cuda error|invalid argument)"
        ),
        rx(r"Test NCCL failure \S+ '[^']{1,80}'"),
        # XGBoost's NcclStub::GetNcclResult (dmlc/xgboost 379b29f0, src/collective/
        # nccl_stub.cc; "NCCL failure :" before ea04d4c4) with ncclGetErrorString's text.
        rx(
            r"NCCL failure ?: ?(?:unhandled system error|remote process exited or there was "
            r"a network error|internal error|invalid usage|unhandled cuda error|invalid argument)"
        ),
        rx(r"nccl(?:SystemError|RemoteError|InternalError|InvalidUsage|UnhandledCudaError)"),
        # CuPy's NcclError names the status as NCCL's C enum does.
        rx(r"NCCL_ERROR_SYSTEM_ERROR: unhandled system error"),
        # NCCL's own warnings when the RDMA NIC cannot register (pin) a buffer or set up
        # a queue pair (nccl_causes reads which).
        rx(
            r"NCCL WARN Call to (?:ibv_reg\w{0,12}_mr failed with error Cannot allocate memory|"
            r"ibv_reg_mr failed(?! with)|ibv_create_qp failed|ibv_modify_qp failed with "
            r"(?:error |22 )Invalid argument)"
        ),
        rx(
            r"Mismatched NCCL version detected : rank (?P<rank_a>\d+) version (?P<version_a>\d+) "
            r"rank (?P<rank_b>\d+) version (?P<version_b>\d+)"
        ),
    ),
    # NCCL's specific failures (/dev/shm, mismatched collectives, peer access, the
    # watchdog's timeout) have their own entries.
    defers_to=frozenset(
        {
            "distributed-timeout",
            "nccl-collective-mismatch",
            "nccl-p2p-unsupported",
            "nccl-shm-exhausted",
        }
    ),
)
def _advise_nccl(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    text = m.group(0)
    kind = next((name for name, rx in _NCCL_KINDS if rx.search(text)), "other")
    mismatch = ctx.near(_VERSION_MISMATCH, "mismatched nccl version", before=0)
    if kind in {"invalid-usage", "other"} and mismatch:
        kind = "version"
    facts: dict[str, object] = {"nccl_error": kind}
    version = ctx.near(_NCCL_VERSION, "nccl version", before=0)
    if version:
        facts["nccl_version"] = version.group(1)
    last = _LAST_CUDA_FAILURE.search(ctx.text, max(0, m.start() - 400), m.end() + 400)
    if last:
        facts["cuda_failure"] = last.group(1)
    if kind == "version":
        return _version_mismatch_advice(mismatch, facts, ctx)
    debug = _(
        "Run again with NCCL_DEBUG=INFO (and NCCL_DEBUG_SUBSYS=INIT,NET) and read the first "
        "'NCCL WARN' line: it names the failing call."
    )
    if kind == "system":
        code, title = "nccl-system-error", _("NCCL system error")
        cause = _(
            "NCCL hit a failed system or library call while setting up or running "
            "communication. Common causes: too little shared memory in a Docker container "
            "(64 MB by default), the wrong network interface, or a broken InfiniBand/RDMA "
            "setup."
        )
        fix: tuple[str, ...] = (
            debug,
            _("In Docker: run with `--ipc=host` or `--shm-size=16g`."),
            _(
                "Pick the interface explicitly: NCCL_SOCKET_IFNAME=<interface> (see `ip a`); "
                "to test without InfiniBand: NCCL_IB_DISABLE=1."
            ),
            _("On consumer GPUs without working peer-to-peer, try NCCL_P2P_DISABLE=1."),
        )
        reading = ib_reading(ctx, debug)
        if reading is not None:
            cause, fix, facts["nccl_cause"] = reading
    elif kind == "remote":
        code, title = "nccl-remote-error", _("NCCL remote process exited or network error")
        cause = _(
            "Another rank of the job stopped (crashed, ran out of memory, was killed) or the "
            "network between the nodes failed. The error on this rank is a consequence."
        )
        fix = (
            _("Find the first rank that failed in the logs and fix its error (often an OOM)."),
            debug,
            _("Check the inter-node network: firewalls, InfiniBand link state (`ibstat`)."),
        )
    elif kind == "invalid-usage":
        code, title = "nccl-invalid-usage", _("NCCL invalid usage")
        cause = _(
            "NCCL was called in a way it does not allow; by far the most common case is two "
            "ranks using the same GPU ('Duplicate GPU detected')."
        )
        fix = (
            _(
                "Give each process its own GPU: torch.cuda.set_device(local_rank) before "
                "init_process_group, and check CUDA_VISIBLE_DEVICES per rank."
            ),
            debug,
        )
    elif kind == "cuda":
        code, title = "nccl-cuda-error", _("NCCL unhandled CUDA error")
        cause = _(
            "A CUDA call inside NCCL failed; the real CUDA error (out of memory, driver "
            "problem) is printed earlier in the log."
        )
        fix = (debug, _("Look for the CUDA error above this one and explain that first."))
        if last:
            cause += sep() + _("NCCL names it: Cuda failure '{failure}'.").format(
                failure=last.group(1)
            )
        if last and "out of memory" in last.group(1).lower():
            fix = (
                _(
                    "The GPU ran out of memory while NCCL set up its buffers: free memory "
                    "(smaller batch, fewer processes per GPU, nothing else on the GPU) and "
                    "check that every rank uses its own GPU (torch.cuda.set_device(local_rank))."
                ),
                debug,
            )
    else:
        code, title = "nccl-error", _("NCCL error")
        cause = _(
            "NCCL, the library that moves tensors between GPUs in distributed training, "
            "failed. An internal error often follows a failure on another rank or mixed "
            "NCCL versions between nodes."
        )
        fix = (
            debug,
            _("Check that every node runs the same torch and NCCL versions."),
            _("Find the first rank that failed in the logs and fix its error (often an OOM)."),
        )
    return Advice(
        cause,
        fix,
        facts,
        code=code,
        title=title,
        key=kind,
        # Two ranks on one GPU is a bug in the launch code, not in the installation.
        # The machine's RDMA settings (memlock limit, RoCE GID index); a buffer an NCCL_*
        # size asks for stays the run's (errors_blind72).
        kind=ErrorKind.CODE.value
        if kind == "invalid-usage"
        else ErrorKind.ENVIRONMENT.value
        if facts.get("nccl_cause") in {"ib-memlock", "roce-gid"}
        else None,
        # NCCL's "unhandled cuda error" wraps a CUDA error printed in the same log: that
        # error's own answer, when there is one, comes first.
        specificity=1 if kind == "cuda" else None,
        used_local_facts=k.local,
    )


def _version_mismatch_advice(
    mismatch: re.Match[str] | None, facts: dict[str, object], ctx: Context
) -> Advice:
    if mismatch:
        facts.update(
            {
                "rank_versions": {
                    mismatch.group("rank_a"): mismatch.group("version_a"),
                    mismatch.group("rank_b"): mismatch.group("version_b"),
                }
            }
        )
    cause = _(
        "The ranks of the job loaded different NCCL versions (NCCL compares them when the "
        "communicator starts and refuses to mix them): the nodes or containers have different "
        "torch / nvidia-nccl packages, or one rank picks up a system libnccl through "
        "LD_LIBRARY_PATH or LD_PRELOAD."
    )
    fix = (
        _(
            'Compare the NCCL version on every node: `python -c "import torch; '
            'print(torch.cuda.nccl.version())"` and `python -m pip list | grep nccl`; '
            "install the same one everywhere."
        ),
        _(
            "Compare the environment of the ranks: NCCL_* variables and LD_LIBRARY_PATH "
            "(NCCL_DEBUG=INFO prints both per rank)."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        code="nccl-version-mismatch",
        title=_("NCCL versions differ between the ranks"),
        key="version",
        kind=ErrorKind.ENVIRONMENT.value,
        used_local_facts=ctx.known.local,
    )


_SHM_DENIED = re.compile(r"shm_open failed\s*:?\s*Permission denied", re.IGNORECASE)


@FAMILY.entry(
    code="nccl-shm-exhausted",
    keywords=(
        "posix_fallocate",
        "ncclshmopen",
        "shared memory segment",
        "failed to extend",
        "shared memory in",
        "caught signal 7 (bus error",
        "unlink shared memory",
    ),
    title=N_("NCCL out of shared memory (/dev/shm)"),
    patterns=(
        rx(r"Call to posix_fallocate failed\s*:?\s*No space left on device"),
        rx(
            r"Error while (?:creating|attaching to) shared memory segment "
            r"(?P<seg>[\w./-]{0,80})(?: \(size (?P<size>\d+)\))?"
        ),
        # NCCL >= 2.12 (shmutils.cc): fallocate of the segment failed.
        rx(r"failed to extend (?P<seg>/dev/shm/[\w.-]{1,80}) to (?P<size>\d+) bytes"),
        # NCCL 2.4-2.8 (net transport).
        rx(r"could not create shared memory in /dev/shm"),
        rx(r"ncclShmOpen\b.{0,120}?(?:No space left|failed)"),
        # The file vanished under NCCL: systemd-logind's RemoveIPC (nccl_causes).
        rx(
            r"unlink shared memory (?P<unlinked>/dev/shm/[\w.-]{1,80}) failed, error: No such "
            r"file or directory"
        ),
        # A SIGBUS whose backtrace runs through NCCL: it touched a /dev/shm page the full
        # file system could not back (msr-fiddle/pipedream#76, docker's 64 MB default).
        rx(
            r"Caught signal 7 \(Bus error[^)]{0,60}\)(?=.{0,800}?(?:\bnccl[A-Z]\w{2,40}\(|libnccl\.so))"
        ),
    ),
    specificity=3,
)
def _advise_shm(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    if m.groupdict().get("unlinked"):
        return shm_removed(m.group("unlinked"), ctx)
    facts: dict[str, object] = {}
    cause = _(
        "NCCL moves data between GPUs of one machine through shared memory in /dev/shm, "
        "and /dev/shm is full or too small. Docker gives a container only 64 MB of "
        "/dev/shm by default, far too little for several GPUs."
    )
    if ctx.near(_SHM_DENIED, "shm_open failed", before=0):
        # Not a size problem: NCCL may not create files in /dev/shm at all.
        facts["shm_permission_denied"] = True
        cause = _(
            "NCCL moves data between GPUs of one machine through shared memory in /dev/shm, "
            "and it was not allowed to create its segment there (shm_open: Permission "
            "denied): /dev/shm lacks the usual world-writable sticky mode (1777), or a "
            "security policy (SELinux, AppArmor, a restricted container) forbids it."
        )
        fix_denied = (
            _("Check the mode: `ls -ld /dev/shm` must show drwxrwxrwt (1777)."),
            _("Restore it: `sudo chmod 1777 /dev/shm` (on the host, or in the container)."),
            _("Only as a workaround (slower): NCCL_SHM_DISABLE=1 makes NCCL avoid shared memory."),
        )
        return Advice(cause, fix_denied, facts, key="denied", used_local_facts=k.local)
    if k.container:
        facts["container"] = k.container
        cause += sep() + _("This runs in a container ({kind}).").format(kind=k.container)
    fix = (
        _(DOCKER_SHM),
        _(K8S_SHM),
        _("Check the space: `df -h /dev/shm`; remove stale nccl-shm-* files left by killed jobs."),
        _("Only as a workaround (slower): NCCL_SHM_DISABLE=1 makes NCCL avoid shared memory."),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="nccl-not-built",
    keywords=("doesn't have nccl", "doesn't hava nccl", "nccl support is not compiled"),
    title=N_("This PyTorch has no NCCL (Windows / macOS)"),
    patterns=(
        # Also as retyped into issue titles ("bulit in", "built-in").
        rx(r"Distributed package doesn't ha(?:ve|va) NCCL\b"),
        rx(r"NCCL support is not compiled"),
    ),
)
def _advise_no_nccl(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    # The clues already looked for Windows paths (near a cheap anchor, not a full scan).
    windows = k.os == "Windows"
    facts: dict[str, object] = {}
    cause = _(
        "The program asked for the 'nccl' backend of torch.distributed, and this PyTorch "
        "has none: NCCL exists only for Linux, so Windows and macOS builds (and CPU-only "
        "builds) never include it."
    )
    if windows:
        facts["os"] = "Windows"
        cause += sep() + _("This is Windows.")
    fix = (
        _(
            "Use the 'gloo' backend on Windows/macOS: init_process_group(backend='gloo'), "
            "or the program's option for it (many trainers pick nccl by default)."
        ),
        _(
            "For a single GPU, do not start distributed training at all (run the plain "
            "script instead of torchrun/launch)."
        ),
        _("For multi-GPU training with NCCL, use Linux or WSL 2."),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="nccl-collective-mismatch",
    keywords=("collective mismatch", "mismatched collective", "bytes instead of"),
    title=N_("NCCL ranks disagree (versions, settings or calls)"),
    patterns=(
        rx(r"collective mismatch error, local size (?P<local>\d+) remote size (?P<remote>\d+)"),
        rx(r"Mismatched collective detected"),
        rx(r"receiving (?P<remote>\d+) bytes instead of (?P<local>\d+)"),
    ),
    specificity=3,
)
def _advise_collective(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {key: int(v) for key, v in m.groupdict().items() if v}
    cause = _(
        "Two ranks of the job did not agree on a collective operation. Either the nodes "
        "run different NCCL versions or settings (a different nvidia-nccl package, a "
        "system NCCL on LD_LIBRARY_PATH on one node, different NCCL_* variables), or the "
        "program called collectives in a different order or with different sizes on "
        "different ranks."
    )
    fix = (
        _(
            'Compare the NCCL version on every node: `python -c "import torch; '
            'print(torch.cuda.nccl.version())"` and `python -m pip list | grep nccl`; '
            "install the same one everywhere."
        ),
        _(
            "Compare the environment of the ranks: NCCL_* variables and LD_LIBRARY_PATH "
            "(NCCL_DEBUG=INFO prints both per rank)."
        ),
        _(
            "If they match: every rank must call the same collectives in the same order "
            "with tensors of the same size (a rank that skips a batch breaks this)."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="nccl-p2p-unsupported",
    keywords=("peer access is not supported", "peeraccessunsupported"),
    title=N_("GPU peer-to-peer access not supported between these GPUs"),
    patterns=(
        rx(r"peer access is not supported between these two devices"),
        rx(r"cudaErrorPeerAccessUnsupported"),
    ),
    specificity=3,
)
def _advise_p2p(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "NCCL (or the program) tried to let two GPUs read each other's memory directly "
        "(peer-to-peer), and the system does not allow it between these two GPUs: consumer "
        "GeForce cards without P2P support, GPUs behind different CPU sockets or PCIe "
        "switches, a virtual machine, or IOMMU/ACS settings that block it."
    )
    fix = (
        _(
            "Tell NCCL not to use peer-to-peer: NCCL_P2P_DISABLE=1 (it then copies through "
            "host memory, a little slower)."
        ),
        _("See how the GPUs are connected: `nvidia-smi topo -m` (and `nvidia-smi topo -p2p r`)."),
        _(
            "On a bare-metal server, IOMMU or PCIe ACS enabled in the BIOS/kernel often blocks "
            "P2P: disable them, or keep NCCL_P2P_DISABLE=1."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


@FAMILY.entry(
    code="nccl-no-gpu",
    finding_code="cuda-unavailable",
    keywords=("processgroupnccl is only supported with gpus",),
    title=N_("NCCL backend started without a usable GPU"),
    patterns=(rx(r"ProcessGroupNCCL is only supported with GPUs, no GPUs found"),),
)
def _advise_nccl_no_gpu(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "The job asked for the 'nccl' backend, and this process sees no CUDA GPU: torch is "
        "a CPU-only build, CUDA_VISIBLE_DEVICES hides the GPUs, or the machine/container has "
        "no GPU."
    )
    if k.local and k.torch_is_cpu_only:
        cause += sep() + _("The torch here is a CPU-only build.")
    fix = (
        _(
            'Check what this process sees: `python -c "import torch; print(torch.cuda.is_available())"`.'
        ),
        _("`envdoctor check` shows why CUDA is not available, if it should be."),
        _("Meant to run on the CPU: use the 'gloo' backend."),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


__all__ = ["FAMILY"]
