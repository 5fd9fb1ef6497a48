"""Speed of `envdoctor explain` over a big pasted log (the promise: a 10 MB log in < 1 s).

    python benchmarks/bench_explain.py [--rounds N] [--size-mb 10]

Builds logs of the given size from real error text (tests/fixtures/errors) buried in
ordinary training output, then measures:
  * `explain()` in-process (the engine alone), median of N rounds, per kind of log;
  * `envdoctor explain --file LOG --no-local` end to end (start-up, reading, decoding).
Wall and CPU time are both printed: on a machine shared with other jobs the wall time
grows with the load, the CPU time much less. Kinds of log: "quiet" (progress lines,
errors at the end), "noisy" (the lines that make the keyword prefilter work hardest:
NCCL INFO, CUDA warnings, repeated tracebacks).
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "errors"


def compile_envdoctor() -> None:
    """Write envdoctor's bytecode, as `pip install` does for every package it installs.

    An editable install compiles on first import instead, unless PYTHONDONTWRITEBYTECODE is
    set (as on the shared VMs): then every run would compile envdoctor's sources again
    (~30 ms of CPU) while torch, installed by pip, loads its .pyc files: not what a user runs.
    """
    compileall.compile_dir(ROOT / "envdoctor", quiet=1)


# Real training logs rarely repeat a line exactly (step counters, losses, timestamps), so
# every filler line is distinct: a log of identical lines would flatter any shortcut that
# skips repeated text.
QUIET_LINE = "Epoch {epoch}: loss={loss:.4f} acc=0.98 step {step}/5000 [00:12<01:23, 45.6it/s]\n"
NOISY_LINES = (
    "host:{pid}:5678 [0] NCCL INFO Channel {n}/02 : 0 1 2 3 via P2P/IPC, cuda device 0\n",
    "UserWarning: TypedStorage is deprecated; cuda tensors will use UntypedStorage\n",
    '  File "/opt/venv/lib/python3.11/site-packages/torch/nn/modules/module.py", line {n}\n',
    "[rank3]: WARNING undefined symbol lookup skipped for libfoo{n}.so (driver version 550)\n",
)


def _errors() -> str:
    texts = []
    for path in sorted(FIXTURES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts.append("\n".join(line for line in lines if not line.startswith("# source:")))
    return "\n".join(texts) + "\n"


def _filler(lines: tuple[str, ...], size: int) -> str:
    """At least `size` characters of the given lines in turn, each with its own numbers."""
    out: list[str] = []
    total, n = 0, 0
    while total < size:
        line = lines[n % len(lines)].format(
            epoch=n // 5000, step=n % 5000, loss=1.0 / (1 + n), pid=1000 + n % 97, n=n
        )
        out.append(line)
        total += len(line)
        n += 1
    return "".join(out)


def build_log(kind: str, size: int) -> str:
    errors = _errors()
    if kind == "quiet":
        return _filler((QUIET_LINE,), size)[: size - len(errors)] + errors
    body = _filler(NOISY_LINES, size)[: size - len(errors)]
    middle = len(body) // 2
    return body[:middle] + errors + body[middle:]


def time_engine(text: str, rounds: int) -> tuple[float, float, int]:
    """(wall, cpu, errors found): CPU time is what the work costs on a busy machine."""
    from envdoctor.explain import explain
    from envdoctor.matrix.load import load_matrix

    matrix = load_matrix()
    found = len(explain(text, matrix=matrix))  # warm-up: imports, compiled patterns
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        explain(text, matrix=matrix)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), found


def time_cli(path: Path, rounds: int) -> tuple[float, float]:
    """(wall, cpu) of the whole command, start-up included."""
    exe = Path(sys.executable).parent / "envdoctor"
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "envdoctor"]
    argv += ["explain", "--file", str(path), "--no-local", "--json"]
    env = dict(os.environ, NO_COLOR="1")
    walls, cpus = [], []
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
        )
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--size-mb", type=float, default=10.0)
    args = ap.parse_args()
    compile_envdoctor()
    size = int(args.size_mb * 1024 * 1024)
    print(f"log size {args.size_mb:g} MB, {args.rounds} rounds, median seconds")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("quiet", "noisy"):
            text = build_log(kind, size)
            engine, engine_cpu, found = time_engine(text, args.rounds)
            path = Path(tmp) / f"{kind}.log"
            path.write_text(text, encoding="utf-8")
            cli, cli_cpu = time_cli(path, args.rounds)
            worst = max(worst, engine, cli)
            print(
                f"{kind:>6}: explain() {engine:.3f} s (cpu {engine_cpu:.3f}, {found} errors)   "
                f"envdoctor explain --file {cli:.3f} s (cpu {cli_cpu:.3f})"
            )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"worst wall {worst:.3f} s -> {'OK' if worst < 1.0 else 'SLOWER THAN 1 s'}")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
