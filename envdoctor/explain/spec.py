"""What a catalogue entry is, and how a family module registers its entries.

Each family module (`envdoctor/explain/families/<family>.py`) owns one `Family` and
registers every entry with `@FAMILY.entry(...)` directly on the function that advises on
it, so the patterns, the codes and the advice are read together.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from envdoctor.explain.model import Advice, Context
from envdoctor.i18n import current_language

# None: the match alone is too weak and the facts do not confirm it (the entry declines).
Advise = Callable[[re.Match[str], Context], Advice | None]
AdviseT = TypeVar("AdviseT", bound=Advise)


# `defers_to` of an answer of last resort: it yields to any other answer the paste gets.
YIELDS_TO_ALL = frozenset({"*"})


class ErrorKind(str, enum.Enum):
    """Whose problem the error is: this decides which kind of fix may be offered.

    ENVIRONMENT: the installation (driver, CUDA libraries, PyTorch build, interpreter,
    container, OS) is at fault; fixing the environment fixes it.
    CODE: a bug in the program or its data; the environment is fine and must not be
    "fixed" (no reinstall, no driver change).
    RUNTIME: a condition of this run (out of memory, another rank died, a network
    failure); neither the installation nor, necessarily, the code.
    """

    ENVIRONMENT = "environment"
    CODE = "code"
    RUNTIME = "runtime"


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    title: str  # marked with N_(), translated when reported
    patterns: tuple[re.Pattern[str], ...]
    advise: Advise
    family: str = ""
    kind: ErrorKind = ErrorKind.ENVIRONMENT
    # The `check` finding code for the same root cause (envdoctor.analyse.findings), or
    # None when `check` has no such finding. An advice may refine it per sub-case.
    finding_code: str | None = None
    specificity: int = 2  # 3: message with values decoded, 2: exact message, 1: broad symptom
    # Codes whose answer makes this one redundant when both match: a broad symptom yields
    # to the entries that name its cause ("undefined symbol" to the driver API's symbols), a
    # wrapper's words (a launcher's "Couldn't install torch") to the error it wraps. The
    # one way of saying that one answer yields to another, kept with the one that yields.
    defers_to: frozenset[str] = frozenset()
    # Lower-case substrings one of which must occur before the patterns run at all: a
    # plain `in` over a 10 MB log costs milliseconds, a regex scan can cost seconds.
    keywords: tuple[str, ...] = ()


class Family:
    """The entries of one error family, in registration order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.entries: list[ErrorSpec] = []

    def entry(
        self,
        *,
        code: str,
        title: str,
        patterns: tuple[re.Pattern[str], ...],
        keywords: tuple[str, ...],
        kind: ErrorKind = ErrorKind.ENVIRONMENT,
        finding_code: str | None = None,
        specificity: int = 2,
        defers_to: frozenset[str] = frozenset(),
    ) -> Callable[[AdviseT], AdviseT]:
        """Register the decorated advise function as the entry `code` (its own type kept:
        an entry that never declines stays callable as returning an Advice)."""

        def register(advise: AdviseT) -> AdviseT:
            self.entries.append(
                ErrorSpec(
                    code=code,
                    title=title,
                    patterns=patterns,
                    advise=advise,
                    family=self.name,
                    kind=kind,
                    finding_code=finding_code,
                    specificity=specificity,
                    defers_to=defers_to,
                    keywords=keywords,
                )
            )
            return advise

        return register


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def sep() -> str:
    """Between two sentences: a space in English, nothing in Chinese."""
    return "" if current_language() == "zh_CN" else " "


def stop() -> str:
    return "。" if current_language() == "zh_CN" else "."


__all__ = ["YIELDS_TO_ALL", "Advise", "ErrorKind", "ErrorSpec", "Family", "rx", "sep", "stop"]
