"""DataLoader worker processes that die: out of shared memory (/dev/shm in containers),
killed by the kernel's OOM killer, or crashed in a native library; and workers started by
a script without the main-module guard that spawned processes need."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import (
    CODE_NOT_INSTALL,
    DOCKER_SHM,
    K8S_SHM,
    PIP_CACHE_PURGE,
    PIP_TMPDIR,
    SHM_CHECK,
)
from envdoctor.i18n import N_, _

FAMILY = Family("dataloader")


@FAMILY.entry(
    code="dataloader-shm-exhausted",
    keywords=(
        "unexpected bus error",
        "killed by signal: bus error",
        "unable to write to file </torch_",
    ),
    title=N_("DataLoader workers out of shared memory (/dev/shm)"),
    patterns=(
        # torch.multiprocessing sharing a tensor through a file in /dev/shm named
        # </torch_<pid>_<n>> (0.x THAllocator.c and 1.x+ alike): the write fails when it is full.
        rx(r"unable to write to file </torch_\d+_\d+(?:_\d+)?>"),
        rx(
            # PaddlePaddle's DataLoader says the same with "DataLoader worker".
            r"Unexpected bus error encountered in (?:DataLoader )?worker[.,](?: This might be caused by "
            r"insufficient(?: shared memory)?)?"
        ),
        rx(r"DataLoader worker \(pid (?P<pid>\d+)\) is killed by signal: Bus error"),
    ),
    specificity=3,
)
def _advise_dataloader_shm(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    if m.groupdict().get("pid"):
        facts["pid"] = m.group("pid")
    cause = _(
        "DataLoader worker processes hand their batches to the main process through "
        "shared memory in /dev/shm, and /dev/shm ran out: a worker crashed with a bus error "
        "when it wrote past the space, or torch could not write a tensor's shared-memory "
        "file (</torch_...>). Docker gives a container only 64 MB of /dev/shm by "
        "default; large batches or many workers need more."
    )
    if k.container:
        facts["container"] = k.container
        cause += sep() + _("This runs in a container ({kind}).").format(kind=k.container)
    fix = (
        _(DOCKER_SHM),
        _(K8S_SHM),
        _(SHM_CHECK),
        _(
            "Only as a workaround (slower): fewer DataLoader workers or a smaller batch; "
            "num_workers=0 avoids shared memory entirely."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="dataloader-worker-died",
    keywords=("exited unexpectedly", "is killed by signal"),
    title=N_("A DataLoader worker process died"),
    patterns=(
        # torch/utils/data/dataloader.py: the main process found a worker gone; what killed
        # it is printed before (a signal, a Python traceback) - or nowhere, in a container.
        rx(r"DataLoader worker \(pid\(s\) (?P<pids>[\d, ]{1,80})\) exited unexpectedly"),
        rx(
            r"DataLoader worker \(pid (?P<pid>\d+)\) is killed by signal: (?P<signal>Killed|Segmentation fault|Aborted)"
        ),
    ),
)
def _advise_worker_died(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    signal = m.groupdict().get("signal")
    facts: dict[str, object] = {"signal": signal} if signal else {}
    if signal == "Killed":
        cause = _(
            "The kernel killed a DataLoader worker (SIGKILL): almost always the out-of-memory "
            "killer, because the workers together with the main process used more RAM than "
            "the machine or the container allows. Each worker holds its own copy of the "
            "dataset object and a few prefetched batches."
        )
        fix: tuple[str, ...] = (
            _("Confirm it: `dmesg -T | grep -i -E 'killed process|out of memory'`."),
            _(
                "Use fewer workers, a smaller batch or prefetch_factor, and keep large arrays "
                "out of the Dataset object (load lazily, or memory-map them)."
            ),
            _("In a container, raise its memory limit (`docker run --memory ...`)."),
        )
        return Advice(cause, fix, facts, key="killed", used_local_facts=k.local)
    if signal is not None:
        cause = _(
            "A DataLoader worker crashed in native code ({signal}): a library it calls "
            "(image decoding, OpenCV, a compiled extension) or one that does not survive "
            "fork(), not Python."
        ).format(signal=signal)
        fix = (
            _(
                "Run with num_workers=0 to get the crash in the main process, with "
                "`python -X faulthandler` for its native traceback."
            ),
            _(
                "OpenCV in workers: cv2.setNumThreads(0); otherwise try "
                "multiprocessing_context='spawn' in the DataLoader."
            ),
        )
        return Advice(cause, fix, facts, key="crashed", used_local_facts=k.local)
    cause = _(
        "A DataLoader worker process ended without a Python error. The usual reasons: "
        "/dev/shm too small for the batches it hands over (Docker gives 64 MB by default), "
        "the out-of-memory killer, or a crash in a native library; the lines above this "
        "one, or `dmesg`, say which."
    )
    if k.container:
        facts["container"] = k.container
        cause += sep() + _("This runs in a container ({kind}).").format(kind=k.container)
    fix = (
        _(DOCKER_SHM),
        _(SHM_CHECK),
        _("Check for the OOM killer: `dmesg -T | grep -i -E 'killed process|out of memory'`."),
        _("Run once with num_workers=0: the real error, if any, then appears in the main process."),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


# ENOSPC ("[Errno 28] No space left on device", or strerror alone in C/C++ messages) says a
# file system is full, not which: the disk, the temporary folder pip unpacks to, or a
# container's /dev/shm (Docker's default is 64 MB) that DataLoader workers and NCCL fill.
# pip's own wording (install-disk-full) and NCCL's (nccl-shm-exhausted) have entries.
_PIP = (
    "could not install packages",
    "pip install",
    "pip/_internal",
    "pip\\_internal",
    # pip's vendored urllib3 writing a download (pip's own frames, or the wraps of them).
    "pip/_vendor",
    "pip\\_vendor",
)
# torch's shared-memory files are named </torch_<pid>_...> ("unable to write to file").
_SHM = (
    "</torch_",
    "/dev/shm",  # noqa: S108 (a word looked for in text, not a path used)
    "dataloader",
    "shm",
    "shared memory",
    "worker",
    "docker",
    "container",
)


def _quota(ctx: Context) -> Advice:
    """EDQUOT: the disk may have room; this user's share of it is used up."""
    cause = _(
        "The disk is not necessarily full: this user's disk quota on that file system is used "
        "up (a cluster's or shared server's home or /tmp, where each user has a limit). "
        "Programs write more there than it seems: the temporary folder (TMPDIR), the Hugging "
        "Face cache (~/.cache/huggingface), pip's cache (~/.cache/pip) and checkpoints."
    )
    fix = (
        _(
            "See the quota and what uses it: `quota -s` (or the cluster's own command), "
            "`du -sh ~/.cache/* /tmp/$USER 2>/dev/null`."
        ),
        _(
            "Point the big writers at a file system with room (a scratch or project "
            "directory): `export TMPDIR=<dir>` (Windows: TEMP), `export HF_HOME=<dir>`, "
            "`export PIP_CACHE_DIR=<dir>` (or `pip install --no-cache-dir`), then run again."
        ),
        _("Free space within the quota: `python -m pip cache purge`, old checkpoints."),
    )
    return Advice(
        cause,
        fix,
        {"where": "quota"},
        title=_("Disk quota exceeded (the user's quota, not a full disk)"),
        key="quota",
        used_local_facts=ctx.known.local,
    )


@FAMILY.entry(
    code="no-space-left",
    keywords=("no space left", "disk quota exceeded"),
    title=N_("No space left on device (disk, temporary folder, or /dev/shm)"),
    patterns=(
        rx(r"(?:\[Errno 28\] )?No space left on device"),
        # Errno 28 is ENOSPC whatever follows: a paste cut mid-word ("No space left on devi").
        rx(r"\[Errno 28\] No space left\b"),
        # EDQUOT (Linux errno 122, strerror "Disk quota exceeded", as Python's errno and
        # os.strerror give it): the user's quota on a shared file system, not a full disk.
        rx(r"(?:\[Errno 122\] )?Disk quota exceeded(?P<quota>)"),
    ),
    specificity=1,
    # pip's and NCCL's own entries say it better.
    defers_to=frozenset({"install-disk-full", "nccl-shm-exhausted"}),
)
def _advise_no_space(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    facts: dict[str, object] = {}
    if ctx.has("inotify", "add_watch"):
        # The kernel's limit on inotify watches also answers ENOSPC (watchdog, TensorBoard,
        # Jupyter, Streamlit reloaders): no file system is full.
        facts["where"] = "inotify"
        cause = _(
            "Nothing is full on disk: the kernel's limit on inotify watches was reached (a "
            "file watcher such as watchdog, TensorBoard, Jupyter or a reloader asked for "
            "one more), and the kernel reports that as 'No space left on device'."
        )
        fix_watch = (
            _(
                "Raise the limit: `sudo sysctl fs.inotify.max_user_watches=524288` (persist "
                "it in /etc/sysctl.d/), or turn off the program's file watching / reload."
            ),
        )
        return Advice(cause, fix_watch, facts, key="inotify", used_local_facts=k.local)
    if m.groupdict().get("quota") is not None:
        return _quota(ctx)
    check = _("See which file system is full: `df -h . /tmp /dev/shm` (and `df -h` for all).")
    if k.os == "Windows":
        check = _(
            "See which drive is full: `Get-PSDrive -PSProvider FileSystem` in PowerShell "
            "(pip downloads and unpacks to %TEMP%, on C: unless TEMP says otherwise)."
        )
    if ctx.has(*_PIP):
        facts["where"] = "pip"
        cause = _(
            "The disk ran full while pip downloaded or unpacked packages: a CUDA torch wheel "
            "needs several GB in pip's cache and the temporary folder (/tmp is often small)."
        )
        fix: tuple[str, ...] = (
            check,
            _(PIP_TMPDIR),
            _(PIP_CACHE_PURGE),
        )
        return Advice(cause, fix, facts, key="pip", used_local_facts=k.local)
    shm = ctx.has(*_SHM) or k.container is not None
    cause = _(
        "A file system ran full (ENOSPC); the GPU's memory has nothing to do with it. Either "
        "the disk (checkpoints, datasets, caches such as ~/.cache/huggingface, /tmp), or in a "
        "container /dev/shm: Docker gives it only 64 MB by default, and DataLoader workers "
        "pass every batch through it."
    )
    if shm:
        facts["where"] = "shm"
        cause += sep() + _(
            "This paste points at shared memory (a container, DataLoader workers or /dev/shm)."
        )
    fix = (
        check,
        _(DOCKER_SHM),
        _(
            "If /dev/shm is not the full one: free or move data on the disk that is (set "
            "HF_HOME / TORCH_HOME / TMPDIR to a larger disk)."
        ),
        _("Meanwhile fewer DataLoader workers (num_workers=0 uses no shared memory)."),
    )
    return Advice(cause, fix, facts, key="disk", used_local_facts=k.local)


@FAMILY.entry(
    code="dataloader-unpicklable",
    kind=ErrorKind.CODE,
    keywords=("can't pickle", "cannot pickle"),
    title=N_("Worker processes cannot receive a lambda or local function (pickling)"),
    patterns=(
        # multiprocessing's spawn start method (Windows, macOS) pickles the dataset and its
        # transforms for every worker: lambdas and nested functions cannot be pickled.
        rx(
            r"(?:Can't|Cannot) pickle (?:local object '(?P<local>[\w.<>]{1,120})'|"
            r"<function <lambda>[^>]{0,80}>)"
        ),
    ),
)
def _advise_unpicklable(m: re.Match[str], _ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    if m.group("local"):
        facts["object"] = m.group("local")
    cause = _(
        "Work sent to other processes is pickled: the DataLoader with num_workers > 0 sends "
        "the dataset and its transforms, collate_fn and worker_init_fn to each worker, and "
        "multiprocessing sends its functions. Where workers are started with spawn (always "
        "on Windows and macOS) a lambda or a function defined inside another function "
        "cannot be pickled. The installation is fine."
    )
    fix = (
        _(
            "Replace the lambda or nested function with a function defined at the top level "
            "of a module (or a class with __call__)."
        ),
        _("Or set num_workers=0 to load in the main process."),
        _("On Windows, also keep the training code under if __name__ == '__main__':."),
    )
    return Advice(cause, fix, facts)


@FAMILY.entry(
    code="too-many-open-files",
    kind=ErrorKind.RUNTIME,
    keywords=("too many open files", "items of ancdata"),
    title=N_("DataLoader workers ran out of file descriptors (too many open files)"),
    patterns=(
        rx(
            r"unable to open shared memory object </?torch_[\w]{1,60}>? in read-write mode: "
            r"Too many open files"
        ),
        rx(r"\[Errno 24\] Too many open files(?P<plain>)"),
        # The same exhaustion seen by the receiving side (torch's file_descriptor strategy).
        rx(r"RuntimeError: received 0 items of ancdata"),
    ),
    specificity=3,
)
def _advise_open_files(m: re.Match[str], ctx: Context) -> Advice | None:
    if m.groupdict().get("plain") is not None and not ctx.has(
        "torch/multiprocessing", "torch\\multiprocessing", "torch/utils/data", "resource_sharer"
    ):
        return None  # another program's file limit, not torch's tensor sharing
    cause = _(
        "The process hit its limit of open files. DataLoader workers hand each batch's "
        "tensors to the main process as shared-memory files, one file descriptor each "
        "(torch's default 'file_descriptor' sharing strategy): many workers, many tensors "
        "per batch, or batches kept in a list exhaust the limit (often 1024)."
    )
    fix = (
        _(
            "Switch the sharing strategy at the start of the program: `import "
            "torch.multiprocessing; torch.multiprocessing.set_sharing_strategy('file_system')`."
        ),
        _(
            "Or raise the limit before starting it: `ulimit -n 65535` (a container: "
            "`--ulimit nofile=65535:65535`)."
        ),
        _(
            "Keep no references to whole batches across steps (append `.item()` or a copy "
            "instead), and use fewer workers."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


# Python's multiprocessing (spawn.py, _check_not_importing_main): a child started with the
# "spawn" method (Windows' only one, macOS's default since Python 3.8) imports the main
# module again, and a script that starts workers at its top level starts them again there.
@FAMILY.entry(
    code="spawn-without-main-guard",
    kind=ErrorKind.CODE,
    keywords=("finished its bootstrapping phase",),
    title=N_("Worker processes started without the `if __name__ == '__main__':` guard"),
    patterns=(
        rx(
            r"An attempt has been made to start a new process before the\s+current process "
            r"has finished its bootstrapping phase"
        ),
    ),
)
def _advise_spawn_guard(_m: re.Match[str], _ctx: Context) -> Advice:
    cause = _(
        "The script starts worker processes (a DataLoader with num_workers > 0, "
        "torch.multiprocessing, a process pool) at its top level. On Windows, on macOS from "
        "Python 3.8, and wherever the program chose the spawn or forkserver start method "
        "(torch.multiprocessing.set_start_method('spawn'), common with CUDA; Linux's "
        "default from Python 3.14), workers start fresh: each one imports the script "
        "again, reaches the same line and tries to start workers of its own, which Python "
        "refuses."
    )
    fix = (
        _(
            "Put the script's top-level code in a function and call it under the guard: "
            "`if __name__ == '__main__': main()` (everything that builds the DataLoader and "
            "trains, not just the loop)."
        ),
        _("Or, to check quickly, give the DataLoader num_workers=0 (no worker processes)."),
    )
    return Advice(cause + sep() + _(CODE_NOT_INSTALL), fix, {}, used_local_facts=False)


__all__ = ["FAMILY"]
