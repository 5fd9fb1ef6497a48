"""envdoctor/explain/textscan.py: anchored searches, and the rule that advice never scans
a whole paste with a regex (a 10 MB log would cost tenths of a second per search)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from envdoctor.explain.textscan import lowercase, search_near

FAMILIES = Path(__file__).resolve().parents[2] / "envdoctor" / "explain" / "families"
_WHOLE_TEXT_SCAN = re.compile(
    r"\.(?:search|finditer|findall|match|fullmatch|sub)\(\s*ctx\.text\s*\)"
)
_LOWER_OF_TEXT = re.compile(r"ctx\.text\.lower\(\)")

VERSION = re.compile(r"NCCL version (\d+\.\d+\.\d+)")


def test_finds_the_fact_next_to_its_anchor_far_into_a_big_text() -> None:
    flat = "x " * 2_000_000 + "NCCL version 2.21.5+cuda12.4 y"
    m = search_near(flat, lowercase(flat), VERSION, ("nccl version",), before=0)
    assert m is not None and m.group(1) == "2.21.5"


def test_no_anchor_no_match_even_when_the_pattern_would_match() -> None:
    pattern = re.compile(r"version (\d+)")
    flat = "library version 12"
    assert search_near(flat, lowercase(flat), pattern, ("nccl",)) is None


def test_a_later_anchor_is_tried_when_the_first_one_has_no_match_nearby() -> None:
    flat = "NCCL version unknown " + "-" * 500 + " NCCL version 2.18.1"
    m = search_near(flat, lowercase(flat), VERSION, ("nccl version",), before=0)
    assert m is not None and m.group(1) == "2.18.1"


@given(st.text(max_size=60), st.text(max_size=60))
def test_same_result_as_a_whole_text_search_when_the_fact_is_present_once(
    head: str, tail: str
) -> None:
    flat = head.replace("NCCL", "") + " NCCL version 2.19.3 " + tail.replace("NCCL", "")
    m = search_near(flat, lowercase(flat), VERSION, ("nccl version",), before=0)
    whole = VERSION.search(flat)
    assert m is not None and whole is not None and m.group(1) == whole.group(1)


def test_no_advice_scans_the_whole_paste_with_a_regex() -> None:
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(FAMILIES.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _WHOLE_TEXT_SCAN.search(line) or _LOWER_OF_TEXT.search(line)
    ]
    assert offenders == [], "use ctx.near(pattern, anchor) or ctx.has(word): " + ", ".join(
        offenders
    )
