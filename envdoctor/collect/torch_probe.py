"""Inspect Python and PyTorch inside the TARGET interpreter, in a subprocess with a timeout.

The user's torch may be missing, broken, crashing or hanging; all of that must become a
fact about their machine, never an exception in ours. So the probe script runs in a
child process and reports stage by stage (see torch_probe_script.py).
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from envdoctor import probe_launch as launch
from envdoctor.collect.runner import CommandResult, run
from envdoctor.probe_launch import choose_python, probe_script
from envdoctor.snapshot import LoadedLibrary, PythonFacts, TorchDevice, TorchFacts, TorchState
from envdoctor.values import cudnn_from_int

MARK = "@@ENVDOCTOR@@ "
Runner = Callable[..., CommandResult]


@dataclass(frozen=True)
class ProbeOutcome:
    python: PythonFacts
    torch: TorchFacts


def run_probe(
    python: str,
    *,
    timeout: float,
    how_chosen: str | None = None,
    runner: Runner = run,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> ProbeOutcome:
    pre = launch.take(python) if runner is run and env is None and cwd is None else None
    if pre is not None:
        # Started at envdoctor's entry point, before the CLI libraries were imported.
        done = pre.wait(timeout)
        result = CommandResult(
            done.argv,
            done.returncode,
            done.stdout,
            done.stderr,
            timed_out=done.timed_out,
            seconds=done.seconds,
        )
    else:
        result = runner(
            [python, "-c", launch.probe_script()],
            timeout=timeout,
            env=launch.probe_env(env),
            cwd=cwd,
        )
    return interpret(result, python=python, how_chosen=how_chosen, timeout=timeout)


@dataclass(frozen=True)
class PythonProbe:
    """The target interpreter's own facts, read without importing torch."""

    python: str  # the interpreter that was run
    facts: PythonFacts | None  # None: it could not be run as a Python (see `error`)
    error: str | None = None


def probe_python(
    explicit: str | None,
    *,
    timeout: float,
    invoked_as_module: bool,
    runner: Runner = run,
) -> PythonProbe:
    """Python facts of the interpreter `check` would inspect (or `explicit`), fast.

    For questions about the interpreter alone (`wheel`: which tags does it accept): the
    probe skips `import torch`, which can take seconds or hang on a broken CUDA setup.
    """
    python, how = choose_python(explicit, invoked_as_module=invoked_as_module)
    env = dict(os.environ)
    env["ENVDOCTOR_PROBE_SKIP_TORCH"] = "1"
    outcome = run_probe(python, timeout=timeout, how_chosen=how, env=env, runner=runner)
    if outcome.torch.state is TorchState.NO_INTERPRETER or outcome.python.version is None:
        return PythonProbe(python, None, outcome.torch.error)
    return PythonProbe(python, outcome.python)


_DECODER = json.JSONDecoder()


def _stages(stdout: str) -> list[tuple[str, dict[str, Any]]]:
    # The script writes its records on a descriptor of its own (torch_probe_script.py), so
    # the user's prints do not reach this text; still, a record is found wherever its marker
    # sits in a line and read up to the end of its JSON object, so that text glued before
    # or after it (an old script, a sitecustomize that wrote before the switch) cannot hide it.
    out = []
    for line in stdout.splitlines():
        at = line.find(MARK)
        if at < 0:
            continue
        try:
            rec, _end = _DECODER.raw_decode(line, at + len(MARK))
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("data"), dict):
            out.append((str(rec.get("stage")), rec["data"]))
    return out


def decode_cudnn(raw: int | None) -> str | None:
    """torch.backends.cudnn.version() as a dotted version (the shared decoder's rule)."""
    return cudnn_from_int(raw)


_SO = re.compile(r"((?:lib)?[\w.+-]+\.(?:so(?:\.[\d.]+)?|dll|dylib))", re.IGNORECASE)


def classify_import_error(message: str, traceback_text: str, torch_file: str | None) -> str:
    text = f"{message}\n{traceback_text}"
    if "torch._C" in text or "'_C'" in text or "name '_C'" in text:
        if torch_file and ("site-packages" in torch_file or "dist-packages" in torch_file):
            return "incomplete-install"
        return "shadowed-torch"
    if "cannot open shared object file" in text or "Library not loaded" in text:
        return "missing-library"
    if "DLL load failed" in text or "WinError 126" in text or "WinError 127" in text:
        return "dll-load-failed"
    if "undefined symbol" in text:
        return "undefined-symbol"
    if "numpy" in text.lower() and ("compiled using NumPy" in text or "multiarray" in text):
        return "numpy-abi"
    return "import-error"


def missing_library(text: str) -> str | None:
    m = _SO.search(text)
    return m.group(1) if m else None


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


# A program that is not Python (`--python /bin/ls`) often quotes its whole argument, the
# probe script, in its error: only a short line is worth repeating.
_SHORT_LINE = 160


def _not_python(result: CommandResult) -> str:
    script = result.argv[-1] if result.argv else ""
    lines = [
        line.strip()
        for line in result.stderr.splitlines()
        if line.strip() and (not script or script[:40] not in line)
    ]
    short = [line for line in lines if len(line) <= _SHORT_LINE]
    what = f"it exited with code {result.returncode} without answering as Python would"
    return f"{what}: {short[-1]}" if short else what


_LIB_NAME = re.compile(
    r"^(?P<name>libcuda|libcudart|libcublasLt|libcublas|libcudnn(?:_[a-z_]+)?|libnccl"
    r"|libnvrtc(?:-builtins)?)(?:-[0-9a-f]{8})?\.so(?:\.(?P<version>\d+(?:\.\d+)*))?$"
)


def library_record(raw: Any) -> LoadedLibrary | None:
    """One probe record {"path", "via", "via_dir"} as a LoadedLibrary; None when not one."""
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
        return None
    path = raw["path"]
    m = _LIB_NAME.match(path.rsplit("/", 1)[-1])
    if m is None:
        return None
    via, via_dir = raw.get("via"), raw.get("via_dir")
    return LoadedLibrary(
        name=m.group("name"),
        path=path,
        version=m.group("version"),
        via=via if isinstance(via, str) else None,
        via_dir=via_dir if isinstance(via_dir, str) else None,
    )


def _libraries(stage: dict[str, Any] | None, key: str) -> tuple[LoadedLibrary, ...] | None:
    if stage is None or not isinstance(stage.get(key), list):
        return None  # unknown: not Linux, an error, or the probe never got there
    found = (library_record(raw) for raw in stage[key])
    return tuple(lib for lib in found if lib is not None)


def interpret(
    result: CommandResult, *, python: str, how_chosen: str | None, timeout: float
) -> ProbeOutcome:
    """Turn the probe's output (complete or cut short) into facts."""
    stages = _stages(result.stdout)
    got = dict(stages)
    last = stages[-1][0] if stages else None
    py = got.get("python")
    if py is None:
        why = result.error or _not_python(result)
        if result.timed_out:
            why = f"the interpreter did not start within {timeout:g} s"
        return ProbeOutcome(
            PythonFacts(executable=python, how_chosen=how_chosen),
            TorchFacts(
                state=TorchState.NO_INTERPRETER,
                error=why or f"{python} did not run the probe (exit code {result.returncode})",
                error_kind="not-found" if result.not_found else "not-python",
                returncode=result.returncode,
                seconds=round(result.seconds, 3),
            ),
        )
    env_kind = (
        "conda"
        if py.get("conda")
        else "uv"
        if py.get("uv")
        else ("venv" if py.get("prefix") != py.get("base_prefix") else "system")
    )
    python_facts = PythonFacts(
        executable=py.get("executable") or python,
        version=py.get("version"),
        implementation=py.get("implementation"),
        env_kind=env_kind,
        env_prefix=py.get("prefix"),
        has_pip=py.get("has_pip"),
        platform_tag=py.get("platform_tag"),
        glibc=py.get("glibc"),
        free_threaded=py.get("free_threaded"),
        pointer_bits=py.get("pointer_bits"),
        how_chosen=how_chosen,
    )
    seconds = round(result.seconds, 3)
    if "torch-missing" in got:
        return ProbeOutcome(python_facts, TorchFacts(state=TorchState.MISSING, seconds=seconds))
    imported = got.get("torch-imported", {})
    found = got.get("torch-found", {})
    base: dict[str, Any] = {
        "version": imported.get("version") or found.get("distribution"),
        "file": imported.get("file") or found.get("origin"),
        "cuda": imported.get("cuda"),
        "hip": imported.get("hip"),
        "seconds": seconds,
        "returncode": result.returncode,
    }
    if "torch-error" in got:
        err = got["torch-error"]
        message = f"{err.get('type')}: {err.get('message')}"
        kind = classify_import_error(message, str(err.get("traceback", "")), base["file"])
        detail = message
        if kind in {"missing-library", "dll-load-failed"}:
            lib = missing_library(message)
            if lib:
                detail = f"{message}"
        state = TorchState.BROKEN
        return ProbeOutcome(
            python_facts,
            TorchFacts(state=state, error=detail, error_kind=kind, **base),
        )
    if result.timed_out or (result.returncode not in (0, None) and "done" not in got):
        where = {
            "python": "while importing torch",
            "torch-found": "while importing torch",
            "torch-imported": "while initialising CUDA (torch.cuda.is_available())",
            "torch-cuda": "while querying the CUDA devices",
        }.get(last or "", "")
        if result.timed_out:
            return ProbeOutcome(
                python_facts,
                TorchFacts(
                    state=TorchState.TIMEOUT,
                    error=f"no answer after {timeout:g} s {where}".strip(),
                    error_kind="hang",
                    **base,
                ),
            )
        code = result.returncode or 0
        kind = "crash"
        if code < 0:
            name = _signal_name(code)
            kind = {
                "SIGILL": "illegal-instruction",
                "SIGSEGV": "segfault",
                "SIGABRT": "abort",
                "SIGBUS": "bus-error",
            }.get(name, "crash")
            what = f"killed by {name} {where}".strip()
        else:
            what = f"exited with code {code} {where}".strip()
        tail = result.stderr.strip().splitlines()[-3:]
        return ProbeOutcome(
            python_facts,
            TorchFacts(
                state=TorchState.CRASHED,
                error=what + (": " + " | ".join(tail) if tail else ""),
                error_kind=kind,
                **base,
            ),
        )
    cuda_info = got.get("torch-cuda", {})
    dev = got.get("torch-devices", {})
    devices = tuple(
        TorchDevice(
            index=int(d.get("index", i)),
            name=str(d.get("name")),
            capability=d.get("capability"),
            total_memory_mib=d.get("total_memory_mib"),
        )
        for i, d in enumerate(dev.get("devices") or [])
    )
    warnings = tuple(
        str(w) for w in (cuda_info.get("cuda_warnings") or []) + (dev.get("device_warnings") or [])
    )
    cuda_error = cuda_info.get("cuda_error") or dev.get("init_error") or dev.get("device_error")
    arch = dev.get("arch_list")
    libraries = got.get("torch-libraries")
    return ProbeOutcome(
        python_facts,
        TorchFacts(
            state=TorchState.OK,
            cudnn=decode_cudnn(cuda_info.get("cudnn_raw")),
            cudnn_raw=cuda_info.get("cudnn_raw")
            if isinstance(cuda_info.get("cudnn_raw"), int)
            else None,
            cuda_available=cuda_info.get("cuda_available"),
            cuda_warnings=warnings,
            cuda_error=cuda_error,
            device_count=dev.get("device_count"),
            arch_list=tuple(arch) if isinstance(arch, list) else None,
            devices=devices,
            loaded_libraries=_libraries(libraries, "loaded"),
            system_libraries=_libraries(libraries, "system"),
            **base,
        ),
    )


__all__ = [
    "ProbeOutcome",
    "PythonProbe",
    "choose_python",
    "classify_import_error",
    "decode_cudnn",
    "interpret",
    "library_record",
    "missing_library",
    "probe_python",
    "probe_script",
    "run_probe",
]
