"""What a pasted text states, with the lines that state it: the facts of `check --from`.

Readers (`envdoctor/collect/readers/`) turn text into these records; the pure diagnosis
(`envdoctor/analyse/evidence.py`) judges them. Plain frozen dataclasses, no judgement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from envdoctor.snapshot import Snapshot


@dataclass(frozen=True)
class Quote:
    """One line of the user's input: which input, which line (1-based), what it said."""

    source: str
    line: int
    text: str

    def render(self) -> str:
        return f"{self.source}:{self.line}: {self.text}"


@dataclass(frozen=True)
class Observation:
    """One fact a line states: `key` names a Snapshot field ("driver.version", "torch.cuda")."""

    key: str
    value: str
    quote: Quote
    reader: str  # "collect_env", "nvidia-smi", "packages", "handwritten", "signature"
    rank: int  # how much the reader's layout vouches for the value: 3 report/table ... 1 prose


@dataclass(frozen=True)
class Signal:
    """An error or warning signature: `code` is a check finding code it points to."""

    code: str
    quotes: tuple[Quote, ...]
    facts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    """Two inputs (or two parts of one) disagree about one fact."""

    key: str
    values: tuple[tuple[str, Quote], ...]


@dataclass(frozen=True)
class Evidence:
    """Everything read from the inputs of one `--from`, fused."""

    snapshot: Snapshot
    observations: tuple[Observation, ...] = ()
    signals: tuple[Signal, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    text: str = ""  # the cleaned text of all inputs, for the error catalogue
    sources: tuple[tuple[str, str], ...] = ()  # (input name, its cleaned text), to quote lines
    notes: tuple[str, ...] = ()  # translated remarks about the input (replaced bytes, ...)
    from_snapshot_file: bool = False  # a `check --save` JSON: facts, no text

    def locate(self, words: str) -> Quote | None:
        """The first line holding `words` (whitespace-insensitive within the line)."""
        want = " ".join(words.split())
        if not want:
            return None
        head = want.split(" ", 1)[0]
        for name, text in self.sources:
            at = text.find(head)
            tries = 0
            while at != -1 and tries < 50:
                start = text.rfind("\n", 0, at) + 1
                end = text.find("\n", at)
                line = text[start : end if end != -1 else len(text)]
                flat = " ".join(line.split())
                if want in flat or (
                    len(want) > len(flat) and want.startswith(flat[flat.find(head) :])
                ):
                    return Quote(name, text.count("\n", 0, start) + 1, line.strip()[:300])
                at, tries = text.find(head, at + 1), tries + 1
        return None

    def quotes_for(self, *prefixes: str) -> tuple[Quote, ...]:
        """The lines behind the facts whose key starts with one of `prefixes`."""
        out: list[Quote] = []
        for obs in self.observations:
            if obs.key.startswith(prefixes) and obs.quote not in out:
                out.append(obs.quote)
        return tuple(out)


__all__ = ["Conflict", "Evidence", "Observation", "Quote", "Signal"]
