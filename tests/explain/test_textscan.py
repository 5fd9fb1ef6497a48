"""envdoctor/explain/textscan.py: anchored searches, and the rule that advice never scans
a whole paste with a regex (a 10 MB log would cost tenths of a second per search)."""

from __future__ import annotations

import platform
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from envdoctor.explain import textscan
from envdoctor.explain.textscan import find_all, lowercase, search_near

FAMILIES = Path(__file__).resolve().parents[2] / "envdoctor" / "explain" / "families"
_WHOLE_TEXT_SCAN = re.compile(
    r"\.(?:search|finditer|findall|match|fullmatch|sub)\(\s*ctx\.text\s*\)"
)
_LOWER_OF_TEXT = re.compile(r"ctx\.text\.lower\(\)")
# re.search(pattern, ctx.text) and friends: the module-level form of the same scan.
_MODULE_SCAN = re.compile(r"\bre\.(?:search|finditer|findall|match|sub)\(.*,\s*ctx\.text\s*[,)]")

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
        if any(rx.search(line) for rx in (_WHOLE_TEXT_SCAN, _LOWER_OF_TEXT, _MODULE_SCAN))
    ]
    assert offenders == [], "use ctx.near(pattern, anchor) or ctx.has(word): " + ", ".join(
        offenders
    )


WORDS = ("cuda error", "nccl", "undefined symbol", "error", "aa", "a a")


def _by_find(lower: str, words: tuple[str, ...], cap: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for word in words:
        found: list[int] = []
        at = lower.find(word)
        while at != -1 and len(found) < cap:
            found.append(at)
            at = lower.find(word, at + len(word))
        out[word] = found
    return out


@given(
    st.lists(st.sampled_from([*WORDS, " ", "x", "a", "cuda ", "nccl error"]), max_size=40),
    st.integers(min_value=1, max_value=5),
)
def test_one_pass_search_finds_what_one_find_per_word_finds(parts: list[str], cap: int) -> None:
    lower = "".join(parts)
    assert find_all(lower, WORDS, cap) == _by_find(lower, WORDS, cap)


def test_without_pyahocorasick_the_same_hits(monkeypatch: pytest.MonkeyPatch) -> None:
    lower = "nccl error: undefined symbol aaa a a nccl"
    fast = find_all(lower, WORDS, 10)
    monkeypatch.setattr(textscan, "_automaton", lambda _words: None)
    assert find_all(lower, WORDS, 10) == fast == _by_find(lower, WORDS, 10)


@pytest.mark.skipif(
    platform.machine() not in ("x86_64", "AMD64"), reason="pyahocorasick has wheels here only"
)
def test_the_one_pass_search_is_installed_where_it_has_wheels() -> None:
    # pyproject installs it on these machines: without it a 10 MB log misses its 1 s target.
    assert textscan._automaton(frozenset({"cuda"})) is not None


def test_explain_gives_the_same_answers_without_pyahocorasick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from envdoctor.explain import explain

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "errors"
    texts = [p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("*.txt"))]
    texts.append("\n".join(texts))  # one long log holding all of them

    def answers() -> list[list[tuple[str, str, str]]]:
        return [[(e.code, e.cause, e.matched) for e in explain(text)] for text in texts]

    fast = answers()
    monkeypatch.setattr(textscan, "_automaton", lambda _words: None)
    assert answers() == fast
    assert sum(map(len, fast)) > len(texts)  # the fixtures are recognised at all


def test_advice_looks_up_only_anchored_or_frequent_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every real message at once, as one long paste: a word advice asks for that is neither
    # in the engine's one pass (ADVICE_ANCHORS, keywords, clue anchors) nor a frequent word
    # costs a full scan of a long log each time (docs/benchmarks.md).
    from explain.errortext import fixture_names, fixture_text

    from envdoctor.explain import explain, model
    from envdoctor.explain.steps import FREQUENT_WORDS

    asked: list[str] = []
    real = model.find_one

    def spy(lower: str, word: str, cap: int) -> list[int]:
        asked.append(word)
        return real(lower, word, cap)

    monkeypatch.setattr(model, "find_one", spy)
    explain("\n".join(fixture_text(name) for name in fixture_names()))
    assert sorted(set(asked) - set(FREQUENT_WORDS)) == []
