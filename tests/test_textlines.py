from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envdoctor import textlines
from envdoctor.textlines import LineRule, each_line_with, rewrite_lines

_UPPER_WORD = re.compile(r"\b(?:ab|cd)\b")
_TAIL_BAR = re.compile(r"[ \t]*\|[ \t]*$", re.MULTILINE)
_RULES = (
    LineRule(("ab", "cd"), lambda text: _UPPER_WORD.sub(lambda m: m.group().upper(), text)),
    LineRule(("|",), lambda text: _TAIL_BAR.sub("", text)),
    LineRule(("\u2019",), lambda text: text.replace("\u2019", "'")),
)
_piece = st.sampled_from(
    ["ab", "cd", "abc", "|", " | ", "\u2019", "\n", "\n\n", " ", "\t", "x", "é", "🙂", "a", "b"]
)


def _whole(text: str) -> str:
    for rule in _RULES:
        text = rule.fn(text)
    return text


@settings(max_examples=300)
@given(pieces=st.lists(_piece, max_size=60))
def test_property_rewrite_lines_is_the_rules_on_the_whole_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert rewrite_lines(text, _RULES) == _whole(text)


@settings(max_examples=200)
@given(pieces=st.lists(_piece, max_size=60))
def test_property_dense_marks_fall_back_to_the_whole_text_and_agree(pieces: list[str]) -> None:
    # With room for two marked lines only, every text with more takes the rule-by-rule
    # path that a log prefixed on every line takes: the answer must not change.
    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(textlines, "_MAX_MARKED_LINES", 2)
        assert rewrite_lines(text, _RULES) == _whole(text)


def test_only_marked_lines_are_handed_to_the_rule() -> None:
    seen: list[str] = []

    def record(line: str) -> str:
        seen.append(line)
        return line.upper()

    text = "one\ntwo ab\nthree\nab four ab\n"
    assert rewrite_lines(text, (LineRule(("ab",), record),)) == "one\nTWO AB\nthree\nAB FOUR AB\n"
    assert seen == ["two ab", "ab four ab"]


def test_a_dense_rule_is_applied_once_to_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textlines, "_MAX_MARKED_LINES", 3)
    calls: list[int] = []

    def count_lines(text: str) -> str:
        calls.append(text.count("\n") + 1)
        return text.replace("p ", "")

    text = "".join(f"p line {n}\n" for n in range(10)) + "x ab"
    rules = (LineRule(("p ",), count_lines), _RULES[0])
    out = rewrite_lines(text, rules)
    assert out == "".join(f"line {n}\n" for n in range(10)) + "x AB"
    assert calls == [11]  # once, over the whole text


def test_each_line_with_matches_the_rule_on_the_whole_text() -> None:
    text = "a ab\nb\ncd ab cd\n"
    assert each_line_with(text, "ab", _RULES[0].fn) == _RULES[0].fn(text)
    assert each_line_with("", "ab", _RULES[0].fn) == ""
    assert rewrite_lines("text", ()) == "text"
