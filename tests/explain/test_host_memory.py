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
