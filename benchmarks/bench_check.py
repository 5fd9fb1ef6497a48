"""Speed of `envdoctor check` against its floor, measured side by side in one run.

    python benchmarks/bench_check.py [--rounds N] [--python PATH]

Runs each command N times, interleaved (so machine noise hits all of them alike), and
prints medians and the ratios the project promises:
  * `envdoctor --help` < 0.15 x a bare `import torch`;
  * `envdoctor check --from FILE` well under 0.5 s;
  * `envdoctor check` <= 1.15 x `python -c "import torch; torch.cuda.is_available()"`
    and < 0.9 x `python -m torch.utils.collect_env`.
Timings are wall-clock of whole processes, as a user experiences them.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "fixtures" / "snapshots" / "debian12-docker-cpu-torch2.13.json"


def envdoctor_argv(python: str) -> list[str]:
    exe = Path(sys.executable).parent / "envdoctor"
    return [str(exe)] if exe.exists() else [python, "-m", "envdoctor"]


def timed(argv: list[str]) -> float:
    env = dict(os.environ, NO_COLOR="1")
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument(
        "--python", default=sys.executable, help="interpreter with torch (the probe target)"
    )
    args = ap.parse_args()
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
    for argv in commands.values():  # warm the page cache once
        timed(argv)
    for _ in range(args.rounds):
        for name, argv in commands.items():
            samples[name].append(timed(argv))
    med = {k: statistics.median(v) for k, v in samples.items()}
    spread = {k: (min(v), max(v)) for k, v in samples.items()}
    print(
        f"machine: {platform.node() or '?'} {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"rounds: {args.rounds}, medians (min-max)\n")
    print("| command | median s | min-max s |")
    print("|---|---|---|")
    for k in commands:
        print(f"| `{k}` | {med[k]:.3f} | {spread[k][0]:.3f}-{spread[k][1]:.3f} |")
    ratios = {
        "help / import torch (target < 0.15)": med["envdoctor --help"] / med["import torch"],
        "check / (import torch; is_available) (target <= 1.15)": med["envdoctor check"]
        / med["import torch; is_available()"],
        "check / collect_env (target < 0.9)": med["envdoctor check"]
        / med["python -m torch.utils.collect_env"],
    }
    print("\n| ratio | value |")
    print("|---|---|")
    for k, v in ratios.items():
        print(f"| {k} | {v:.2f} |")
    print(
        f"| check --from FILE seconds (target < 0.5) | {med['envdoctor check --from FILE']:.3f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
