"""Speed of `envdoctor check` against its floor, measured side by side in one run.

    python benchmarks/bench_check.py [--rounds N] [--python PATH]

Runs each command N times, interleaved (so machine noise hits all of them alike), and
prints medians and the ratios the project promises:
  * `envdoctor --help` < 0.15 x a bare `import torch`;
  * `envdoctor check --from FILE` well under 0.5 s;
  * `envdoctor check` <= 1.15 x `python -c "import torch; torch.cuda.is_available()"`
    and < 0.9 x `python -m torch.utils.collect_env`.
Timings are wall-clock of whole processes, as a user experiences them, with the CPU time
(user + system, the process and every child it waited for) next to them: on a machine
shared with other jobs the wall time grows with the load, the CPU time much less. The
ratios are also given on CPU time. POSIX only (resource).
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "fixtures" / "snapshots" / "debian12-docker-cpu-torch2.13.json"


def compile_envdoctor() -> None:
    """Write envdoctor's bytecode, as `pip install` does for every package it installs.

    An editable install compiles on first import instead, unless PYTHONDONTWRITEBYTECODE is
    set (as on the shared VMs): then every run would compile envdoctor's sources again
    (~30 ms of CPU) while torch, installed by pip, loads its .pyc files: not what a user runs.
    """
    compileall.compile_dir(ROOT / "envdoctor", quiet=1)


def envdoctor_argv(python: str) -> list[str]:
    exe = Path(sys.executable).parent / "envdoctor"
    return [str(exe)] if exe.exists() else [python, "-m", "envdoctor"]


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole process, its children included."""
    env = dict(os.environ, NO_COLOR="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def torch_version(python: str) -> str:
    out = subprocess.run(
        [python, "-c", "import torch; print(torch.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "?"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument(
        "--python", default=sys.executable, help="interpreter with torch (the probe target)"
    )
    args = ap.parse_args()
    compile_envdoctor()
    ed = envdoctor_argv(args.python)
    commands = {
        "import torch": [args.python, "-c", "import torch"],
        "import torch; is_available()": [
            args.python,
            "-c",
            "import torch; torch.cuda.is_available()",
        ],
        "python -m torch.utils.collect_env": [args.python, "-m", "torch.utils.collect_env"],
        "envdoctor --help": [*ed, "--help"],
        "envdoctor check --from FILE": [*ed, "check", "--from", str(SNAPSHOT)],
        "envdoctor check": [*ed, "check", "--python", args.python],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the page cache once
        timed(argv)
    loads = [os.getloadavg()[0]]
    for _ in range(args.rounds):
        for name, argv in commands.items():
            wall, used = timed(argv)
            samples[name].append(wall)
            cpu[name].append(used)
        loads.append(os.getloadavg()[0])
    med = {k: statistics.median(v) for k, v in samples.items()}
    cmed = {k: statistics.median(v) for k, v in cpu.items()}
    spread = {k: (min(v), max(v)) for k, v in samples.items()}
    print(
        f"machine: {platform.node() or '?'} {platform.machine()} {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"torch {torch_version(args.python)}"
    )
    print(f"load average (1 min) during the run: {min(loads):.1f}-{max(loads):.1f}")
    print(f"rounds: {args.rounds}, medians (min-max)\n")
    print("| command | median wall s | min-max wall s | median CPU s |")
    print("|---|---|---|---|")
    for k in commands:
        print(f"| `{k}` | {med[k]:.3f} | {spread[k][0]:.3f}-{spread[k][1]:.3f} | {cmed[k]:.3f} |")
    pairs = {
        "help / import torch (target < 0.15)": ("envdoctor --help", "import torch"),
        "check / (import torch; is_available) (target <= 1.15)": (
            "envdoctor check",
            "import torch; is_available()",
        ),
        "check / collect_env (target < 0.9)": (
            "envdoctor check",
            "python -m torch.utils.collect_env",
        ),
    }
    # Per round, A and B ran one after the other: the median of those paired ratios follows
    # the load drift less than a ratio of medians; the ratio of the fastest runs is what a
    # quiet moment of the machine allowed.
    print("\n| ratio | wall (paired median) | wall (fastest runs) | CPU (paired median) |")
    print("|---|---|---|---|")
    for k, (a, b) in pairs.items():
        paired = statistics.median(x / y for x, y in zip(samples[a], samples[b], strict=True))
        paired_cpu = statistics.median(x / y for x, y in zip(cpu[a], cpu[b], strict=True))
        print(f"| {k} | {paired:.2f} | {spread[a][0] / spread[b][0]:.2f} | {paired_cpu:.2f} |")
    frm = "envdoctor check --from FILE"
    print(
        f"| check --from FILE seconds (target < 0.5) | {med[frm]:.3f} | {spread[frm][0]:.3f} "
        f"| {cmed[frm]:.3f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
