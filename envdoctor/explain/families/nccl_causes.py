"""What NCCL's own warnings say about the machine under an NCCL system error: the RDMA
network card that cannot pin memory or set up a queue pair, and shared-memory files that
someone else removed. The distributed family asks these readings; they live here so that
module stays readable.

Sources (NVIDIA/nccl at 5067397c, docs/userguide/source/troubleshooting/):
- networking_troubleshooting.rst: "NCCL WARN Call to ibv_create_qp failed" or "Call to
  ibv_reg_mr failed" mean the library cannot register enough pinned memory; the fix is
  `* soft memlock unlimited` / `* hard memlock unlimited` in /etc/security/limits.conf,
  which takes a new login (or, on Slurm, jobs launched with the new limits); verify with
  `ulimit -l`. On RoCE, "Call to ibv_modify_qp failed with error Invalid argument" is
  commonly the wrong GID index for the RoCE v2 NIC: NCCL 2.21 and later select it
  dynamically and NCCL_IB_GID_INDEX should not be set; before 2.21 run `show_gids` and set
  NCCL_IB_GID_INDEX to the RoCE v2 GID's index. NCCL's own hint after EINVAL (ibvwrap.cc,
  2.24+): "set NCCL_IB_GID_INDEX=-1 to enable automatic detection".
- runtime_and_mpi_issues.rst: Docker containers need `--ulimit memlock=-1`; under mpirun or
  SLURM, systemd-logind removes /dev/shm files of users it does not see logged in, and NCCL
  then fails with "unlink shared memory /dev/shm/nccl-XXXX failed, error: No such file or
  directory"; the fix is `RemoveIPC=no` in /etc/systemd/logind.conf and `sudo systemctl
  restart systemd-logind`.
The wordings are NCCL's src/misc/ibvwrap.cc ("Call to <name> failed", "... failed with error
%s", 2.24+ "Call to ibv_modify_qp failed with %d %s, ...") and src/misc/shmutils.cc /
src/os/linux.cc ("unlink shared memory %s failed, error: %s" with " (%d)" since 2.24).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import sep
from envdoctor.i18n import N_, _

IB_CALLS = re.compile(
    r"Call to (?:(?P<reg>ibv_reg\w{0,12}_mr) failed(?: with error (?P<reg_error>[A-Za-z ]{3,40}))?"
    r"|(?P<qp>ibv_create_qp) failed|ibv_modify_qp failed with (?:error |22 )(?P<gid>Invalid argument))"
)
_NCCL_RELEASE = re.compile(r"NCCL version (\d+)\.(\d+)\.\d+")

_LIMITS = N_(
    "Raise the locked-memory limit for good: add `* soft memlock unlimited` and `* hard "
    "memlock unlimited` to /etc/security/limits.conf, log in again (on Slurm, launch the "
    "jobs with the new limits) and check `ulimit -l` shows unlimited."
)


def ib_reading(ctx: Context, debug: str) -> tuple[str, tuple[str, ...], str] | None:
    """Cause, fix and key for NCCL's InfiniBand/RoCE warnings, or None for other errors."""
    call = ctx.near(IB_CALLS, "ibv_reg", "ibv_create_qp", "ibv_modify_qp", before=20)
    if call is None:
        return None
    if call.group("gid"):
        return _gid_reading(ctx, debug)
    error = call.group("reg_error") or ""
    if call.group("reg") and error and not error.startswith("Cannot allocate memory"):
        return None  # another errno: not the pinned-memory limit NCCL's docs describe
    docker = _("In a Docker container: start it with `--ulimit memlock=-1`.")
    if call.group("reg") and error:
        # errors_blind72 (vLLM): an NCCL_BUFFSIZE too large for what may be pinned.
        cause = _(
            "NCCL could not register (pin) a communication buffer with the InfiniBand/"
            "RDMA network card: the locked-memory limit of the process is too low (a "
            "container's default), or an NCCL_* size setting such as NCCL_BUFFSIZE asks "
            "for more than can be pinned."
        )
        fix: tuple[str, ...] = (
            _(
                "Check the NCCL_* variables in the environment (`env | grep NCCL`) and "
                "remove size settings like NCCL_BUFFSIZE to get NCCL's defaults."
            ),
            _(
                "Raise the locked-memory limit: `ulimit -l unlimited` (above the hard limit "
                "only root may; for other users set memlock in "
                "/etc/security/limits.conf); in Docker `--ulimit memlock=-1`."
            ),
            debug,
        )
        return cause, fix, "ib-buffer"
    cause = _(
        "NCCL could not set up its InfiniBand/RDMA connection ({call} failed): the "
        "process may not lock (pin) enough memory for the network card: its locked-memory "
        "limit (`ulimit -l`) is too low (Docker containers have a small one by default)."
    ).format(call=call.group("reg") or call.group("qp"))
    if ctx.known.container:
        cause += sep() + _("This runs in a container ({kind}).").format(kind=ctx.known.container)
        fix = (docker, _(_LIMITS), debug)
    else:
        fix = (_(_LIMITS), docker, debug)
    return cause, fix, "ib-memlock"


def _gid_reading(ctx: Context, debug: str) -> tuple[str, tuple[str, ...], str]:
    cause = _(
        "NCCL could not bring up a queue pair on the RDMA network card (ibv_modify_qp: "
        "Invalid argument). On RoCE networks this is commonly the wrong GID index for the "
        "RoCE v2 card: NCCL 2.21 and later select the GID index themselves, older releases "
        "need NCCL_IB_GID_INDEX set to it."
    )
    unset = _(
        "NCCL 2.21 or later: do not set NCCL_IB_GID_INDEX (`env | grep NCCL_IB_GID_INDEX`; "
        "unset it, or NCCL_IB_GID_INDEX=-1 for automatic selection)."
    )
    older = _(
        "Before NCCL 2.21: run `show_gids` and set NCCL_IB_GID_INDEX to the index of the "
        "RoCE v2 GID, on every node."
    )
    version = ctx.near(_NCCL_RELEASE, "nccl version", before=0)
    if version is not None and (int(version.group(1)), int(version.group(2))) < (2, 21):
        fix: tuple[str, ...] = (older, debug)
    elif version is not None:
        fix = (unset, debug)
    else:
        fix = (unset, older, debug)
    return cause, fix, "roce-gid"


def shm_removed(seg: str, ctx: Context) -> Advice:
    """NCCL's shared-memory file vanished under it: systemd-logind's RemoveIPC."""
    cause = _(
        "NCCL's shared-memory file {seg} was removed while the job still used it. Under "
        "mpirun or Slurm, systemd-logind cleans up /dev/shm files of users it does not see "
        "logged in (RemoveIPC), and the job's processes do not count as a login."
    ).format(seg=seg)
    fix = (
        _(
            "An administrator sets `RemoveIPC=no` in /etc/systemd/logind.conf on every node "
            "and runs `sudo systemctl restart systemd-logind` (Slurm's epilogue scripts can do "
            "the clean-up instead)."
        ),
        _("Then run the job again."),
    )
    return Advice(
        cause,
        fix,
        {"shm_segment": seg},
        code="nccl-shm-removed",
        title=_("systemd removed NCCL's shared memory (RemoveIPC)"),
        key="removed",
        used_local_facts=ctx.known.local,
    )


__all__ = ["IB_CALLS", "ib_reading", "shm_removed"]
