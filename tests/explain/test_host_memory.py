"""The computer's own memory (explain.families.host_memory)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_a_size_beyond_any_machine_is_the_codes() -> None:
    (result,) = explain(
        "RuntimeError: [enforce fail at alloc_cpu.cpp:114] data. DefaultCPUAllocator: not "
        "enough memory: you tried to allocate 18446744073709551104 bytes."
    )
    assert result.kind == "code"
    assert not any("swap" in step for step in result.fix)


def test_a_linux_allocation_failure_leads_with_swap_not_the_page_file() -> None:
    (result,) = explain(
        "RuntimeError: [enforce fail at alloc_cpu.cpp:83] err == 0. DefaultCPUAllocator: "
        "can't allocate memory: you tried to allocate 14680064000 bytes. Error code 12 "
        "(Cannot allocate memory)"
    )
    assert "page file" not in result.fix[0]


def test_device_map_spilled_to_disk() -> None:
    # h2ogpt's FAQ: not enough GPU plus CPU memory for the model.
    with open("tests/fixtures/errors_blind133/env__memory_h2ogpt3.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "model-offloaded-to-disk" and result.kind == "runtime"
    assert not any("pip install" in step for step in result.fix)
