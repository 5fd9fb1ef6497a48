"""torch.distributed's processes (explain.families.process_group)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_torchrun_sigkill_is_host_memory_and_sigbus_shared_memory() -> None:
    text = (
        "torch.distributed.elastic.multiprocessing.errors.ChildFailedError:\n"
        "  exitcode  : -9 (pid: 4242)\n  error_file: <N/A>\n"
        "  traceback : Signal 9 (SIGKILL) received by PID 4242"
    )
    (result,) = explain(text)
    assert result.code == "rank-killed-by-signal" and result.kind == "runtime"
    assert "out-of-memory killer" in result.cause
    (bus,) = explain("failed (exitcode: -7) local_rank: 0 (pid: 77) of binary: /usr/bin/python")
    assert bus.kind == "environment" and "/dev/shm" in bus.cause
