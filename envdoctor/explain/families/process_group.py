"""torch.distributed around NCCL: the rendezvous store (its port, its connections, libuv),
timeouts of collectives, and DistributedDataParallel's checks of the program.

Wordings from c10d (TCPStore in 1.x, its socket layer in 2.0-2.3 and the libuv backend
from 2.4), ProcessGroupNCCL's watchdog (1.x "[Rank N]", 2.x "[PG N Rank N]"), Gloo's TCP
transport, and DDP's reducer. Ports, connections and timeouts are "runtime": a condition
of this run (another job on the port, a rank that died or never started, a firewall).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import DOCKER_SHM
from envdoctor.i18n import N_, _

FAMILY = Family("process_group")

_DEBUG = N_(
    "Run again with NCCL_DEBUG=INFO and TORCH_DISTRIBUTED_DEBUG=DETAIL, and compare what "
    "each rank printed last."
)


@FAMILY.entry(
    code="torch-without-libuv",
    keywords=("without libuv support",),
    title=N_("This PyTorch has no libuv for torchrun's store (Windows)"),
    patterns=(rx(r"use_libuv was requested but PyTorch was buil[dt] without libuv support"),),
)
def _advise_libuv(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "Since PyTorch 2.4, torchrun and init_process_group start their TCP store with the "
        "libuv backend by default, and the Windows builds of PyTorch are made without libuv."
    )
    fix = (
        _(
            "Turn libuv off for the run: `set USE_LIBUV=0` (cmd) or `$env:USE_LIBUV=0` "
            "(PowerShell) before torchrun, or add ?use_libuv=0 to an init_method URL "
            "(tcp://host:port?use_libuv=0)."
        ),
        _(
            "For a single GPU, do not start distributed training at all (run the plain "
            "script instead of torchrun/launch)."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


@FAMILY.entry(
    code="distributed-port-in-use",
    kind=ErrorKind.RUNTIME,
    keywords=("address already in use", "eaddrinuse"),
    title=N_("The rendezvous port is already in use"),
    patterns=(
        rx(
            r"The server socket has failed to listen on any local network address\.?"
            r"(?: The server socket has failed to bind to \S+?:(?P<port>\d+))?"
            r"(?:.{0,60}?port: (?P<port2>\d+))?"
        ),
        rx(r"RuntimeError: Address already in use"),
        rx(r"code: -98, name: EADDRINUSE"),
    ),
    specificity=3,
)
def _advise_port(m: re.Match[str], _ctx: Context) -> Advice:
    port = m.groupdict().get("port") or m.groupdict().get("port2")
    facts: dict[str, object] = {"port": int(port)} if port else {}
    cause = _(
        "Rank 0 starts the rendezvous store (TCPStore) on MASTER_PORT, and another process "
        "already listens on that port: a second job on the same machine with the default "
        "port 29500, or processes of an earlier run that are still alive."
    )
    shown = port or "29500"
    fix = (
        _("Use another port: torchrun --master_port {free} ... (or MASTER_PORT={free}).").format(
            free=int(shown) + 1
        ),
        _(
            "Find what holds port {port}: `ss -ltnp | grep {port}` or `lsof -i :{port}`; "
            "end leftover training processes of an earlier run."
        ).format(port=shown),
        _("torchrun --rdzv-backend=c10d --rdzv-endpoint=localhost:0 lets it pick a free port."),
    )
    return Advice(cause, fix, facts)


_REFUSED = re.compile(r"Connection refused|errno: 111", re.IGNORECASE)
_CLOSED = re.compile(r"Connection (?:closed|reset) by peer", re.IGNORECASE)


@FAMILY.entry(
    code="distributed-connection-failed",
    kind=ErrorKind.RUNTIME,
    keywords=(
        "connection refused",
        "by peer",
        "client socket has timed out",
        "connect() timed out",
        "clients joined",
    ),
    title=N_("Ranks of the job could not reach each other"),
    patterns=(
        # Gloo: "[.../gloo/transport/tcp/pair.cc:799] connect [127.0.1.1]:29099: Connection refused".
        rx(
            r"gloo/transport/tcp/\w+\.cc:\d+\] (?:connect \[?(?P<addr>[\w.:-]+?)\]?:"
            r"(?P<port>\d+): )?Connection (?:refused|closed by peer|reset by peer)"
        ),
        # c10d store client (2.x): refused (111) is an error; 99 (IPv6 localhost) is a harmless warning.
        rx(
            r"The client socket has failed to connect to \[?(?P<addr>[\w.:-]+?)\]?:(?P<port>\d+) \(errno: 111"
        ),
        rx(
            r"The client socket has timed out after \d+m?s while trying to connect to \(?(?P<addr>[\w.:-]+), (?P<port>\d+)\)?"
        ),
        rx(r"connect\(\) timed out\. Original timeout was \d+ ms"),
        rx(
            r"Timed out after \d+ seconds waiting for clients\. (?P<joined>\d+)/(?P<world>\d+) clients joined"
        ),
        rx(r"store->get\('\w+'\) got error: Connection (?:reset|closed) by peer"),
    ),
)
def _advise_connection(m: re.Match[str], _ctx: Context) -> Advice:
    facts = {key: value for key, value in m.groupdict().items() if value is not None}
    text = m.group(0)
    if _CLOSED.search(text):
        key = "closed"
        cause = _(
            "Another rank closed its connection: it crashed, ran out of memory or was "
            "killed. The error on this rank is a consequence."
        )
        fix: tuple[str, ...] = (
            _("Find the first rank that failed in the logs and fix its error (often an OOM)."),
            _(_DEBUG),
        )
    else:
        key = "refused" if _REFUSED.search(text) else "timeout"
        cause = _(
            "The ranks could not connect to the rendezvous address (MASTER_ADDR:MASTER_PORT) "
            "or to each other: rank 0 is not (yet) running, the address or port is wrong, a "
            "firewall blocks it, or the hostname resolves to a loopback address such as "
            "127.0.1.1 on a multi-node job."
        )
        if facts.get("addr", "").startswith("127.") and facts.get("addr") != "127.0.0.1":
            cause += sep() + _(
                "The address {addr} is a loopback address from /etc/hosts: other nodes "
                "cannot reach it."
            ).format(addr=facts["addr"])
        fix = (
            _(
                "Set MASTER_ADDR to an address every node can reach (not localhost), the "
                "same MASTER_PORT and world size on all nodes, and start every node."
            ),
            _(
                "Check the port from another node: `nc -zv <MASTER_ADDR> <MASTER_PORT>`; "
                "open it in the firewall."
            ),
            _(
                "Pick the network interface: GLOO_SOCKET_IFNAME / NCCL_SOCKET_IFNAME=<interface> "
                "(see `ip a`), and fix a hostname that resolves to 127.0.1.1 in /etc/hosts."
            ),
        )
    return Advice(cause, fix, facts, key=key)


@FAMILY.entry(
    code="distributed-timeout",
    kind=ErrorKind.RUNTIME,
    keywords=(
        "watchdog caught collective operation timeout",
        "operation to complete",
        "watchdog got stuck",
    ),
    title=N_("A collective operation timed out (ranks out of step)"),
    patterns=(
        rx(
            r"Watchdog caught collective operation timeout: WorkNCCL\((?:SeqNum=(?P<seq>\d+), )?"
            r"OpType=(?P<op>\w+)[^)]{0,120}?Timeout\(ms\)=(?P<timeout_ms>\d+)\)"
        ),
        rx(r"Watchdog caught collective operation timeout"),
        rx(r"Timed out waiting (?P<timeout_ms>\d+)ms for (?P<op>send|recv) operation to complete"),
        rx(r"watchdog got stuck for (?P<seconds>\d+) seconds"),
    ),
    specificity=3,
)
def _advise_timeout(m: re.Match[str], _ctx: Context) -> Advice:
    facts: dict[str, object] = {
        key: value for key, value in m.groupdict().items() if value is not None
    }
    cause = _(
        "One collective operation (all-reduce, broadcast, barrier) waited for all ranks "
        "longer than the timeout: some rank never reached it. Usually one rank is busy "
        "elsewhere (rank 0 alone saving, evaluating or preprocessing data), has fewer "
        "batches than the others, took another code path, or died; sometimes the GPUs or "
        "nodes cannot talk at all (the first collective hangs)."
    )
    fix = (
        _(
            "Make every rank run the same collectives: give all ranks the same number of "
            "batches (DistributedSampler, drop_last=True) and let work that only rank 0 does "
            "happen outside collectives, followed by a barrier."
        ),
        _(
            "Long rank-0-only work is legitimate: raise the timeout, "
            "init_process_group(..., timeout=datetime.timedelta(hours=2))."
        ),
        _(_DEBUG),
        _(
            "If even the first collective hangs on one machine with consumer GPUs, try "
            "NCCL_P2P_DISABLE=1; across nodes, set NCCL_SOCKET_IFNAME."
        ),
    )
    return Advice(cause, fix, facts)


@FAMILY.entry(
    code="ddp-unused-parameters",
    kind=ErrorKind.CODE,
    keywords=("finished reduction in the prior iteration", "mark a variable ready only once"),
    title=N_("DistributedDataParallel: parameters without gradient (a bug in the code)"),
    patterns=(
        rx(r"Expected to have finished reduction in the prior iteration before starting a new one"),
        rx(r"Expected to mark a variable ready only once"),
    ),
)
def _advise_ddp(m: re.Match[str], _ctx: Context) -> Advice:
    if "ready only once" in m.group(0):
        cause = _(
            "DistributedDataParallel saw one parameter get its gradient twice in one "
            "backward pass: the module is used twice (shared/tied layers with reentrant "
            "activation checkpointing), or a parameter is used outside forward(). This is a "
            "bug in the code; the installation is fine."
        )
        fix: tuple[str, ...] = (
            _(
                "With activation checkpointing: use_reentrant=False "
                "(torch.utils.checkpoint.checkpoint(..., use_reentrant=False)), or "
                "DDP(..., static_graph=True)."
            ),
            _("Run each module once per forward(), and parameters only inside forward()."),
        )
        return Advice(
            cause,
            fix,
            {},
            code="ddp-variable-ready-twice",
            title=_("DistributedDataParallel: a gradient reported twice"),
            key="twice",
        )
    cause = _(
        "DistributedDataParallel waits for a gradient of every parameter, and some "
        "parameters got none in the previous step: layers defined but not used in "
        "forward(), a branch taken only sometimes, or outputs that do not reach the loss. "
        "This is a bug in the code; the installation is fine."
    )
    fix = (
        _(
            "Find the parameters: TORCH_DISTRIBUTED_DEBUG=INFO names them; remove unused "
            "layers or let their outputs reach the loss."
        ),
        _(
            "If parts of the model are skipped on purpose: DDP(model, "
            "find_unused_parameters=True) (slower)."
        ),
    )
    return Advice(cause, fix, {})


# A rank that ended with an exit code of its own (an error), not by a signal.
_FAILED_ITSELF = re.compile(r"exitcode\s{0,4}:\s{0,4}(?!-)\d")


@FAMILY.entry(
    code="rank-killed-by-signal",
    kind=ErrorKind.RUNTIME,
    keywords=("exitcode", "received by pid", "closing signal sigterm"),
    title=N_("A process was killed by a signal (SIGKILL or SIGBUS)"),
    patterns=(
        # torch.distributed.elastic's summary: "exitcode  : -9 (pid: 1234)" and "traceback :
        # Signal 9 (SIGKILL) received by PID 1234"; its log line "failed (exitcode: -9)".
        rx(r"Signal (?P<signal>9|7) \(SIG(?:KILL|BUS)\) received by PID"),
        rx(r"\bexitcode\s{0,4}:\s{0,4}-(?P<signal>9|7)\b"),
    ),
)
def _advise_signal(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if ctx.has("closing signal sigterm") and ctx.near(_FAILED_ITSELF, "exitcode", before=0):
        # torchrun stopped the other ranks after one failed with its own error: that error,
        # answered on its own, is the cause; the signals are torchrun's.
        return None
    signal = m.group("signal")
    facts: dict[str, object] = {"signal": int(signal)}
    if signal == "9":
        cause = _(
            "A process was killed with SIGKILL, which nothing inside it can catch: "
            "almost always the Linux out-of-memory killer, because the processes together "
            "used more RAM (host memory, not the GPU's) than the machine or the container "
            "allows; loading a model or dataset fully in every rank does it. A scheduler "
            "(Slurm) ending the job for memory or time sends it too."
        )
        fix: tuple[str, ...] = (
            _("Confirm it: `dmesg -T | grep -i -E 'killed process|out of memory'`."),
            _(
                "Use less RAM per rank: load weights straight to the GPU or in lower precision "
                "(low_cpu_mem_usage / device_map), fewer DataLoader workers, fewer ranks per "
                "node; or add RAM or swap, or raise the container's memory limit."
            ),
        )
        return Advice(cause, fix, facts, key="kill", used_local_facts=k.local)
    cause = _(
        "A process died of SIGBUS: most often shared memory (/dev/shm) ran out, "
        "which NCCL and DataLoader workers use between processes and which Docker limits to "
        "64 MB; or a memory-mapped file changed under it."
    )
    fix = (
        _("Check it: `df -h /dev/shm` while the job runs."),
        _(DOCKER_SHM),
        _("Otherwise update the library that crashed (DeepSpeed, NCCL) and run again."),
    )
    return Advice(
        cause, fix, facts, key="bus", kind=ErrorKind.ENVIRONMENT.value, used_local_facts=k.local
    )


__all__ = ["FAMILY"]
