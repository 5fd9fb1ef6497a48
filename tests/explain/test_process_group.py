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


def test_ranks_torchrun_stopped_after_another_failed_are_not_the_cause() -> None:
    text = (
        "Sending process 101 closing signal SIGTERM\nRoot Cause (first observed failure):\n"
        "[1]:\n  exitcode  : 1 (pid: 102)\n[0]:\n  exitcode  : -9 (pid: 101)\n"
        "  traceback : Signal 9 (SIGKILL) received by PID 101"
    )
    assert all(r.code != "rank-killed-by-signal" for r in explain(text))
