"""Show explanations to people (Rich) or to scripts (the JSON payload)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from envdoctor.explain.model import Explanation
from envdoctor.i18n import _
from envdoctor.render.layout import is_prose, print_prose

if TYPE_CHECKING:
    from rich.console import Console

# Where the facts that tailored the advice came from: this machine, a file, nowhere.
LocalFacts = Literal["live", "file", "none"]


@dataclass(frozen=True)
class ExplainResult:
    """explain's own keys beside the envelope header.

    Each explanation is serialised as it is; its `facts` stay a mapping because every
    catalogue entry reads different values from the text (a version, an arch list, bytes).
    """

    recognised: bool
    local_facts: LocalFacts
    explanations: tuple[Explanation, ...]

    @classmethod
    def of(cls, explanations: Sequence[Explanation], *, local_facts: LocalFacts) -> ExplainResult:
        return cls(bool(explanations), local_facts, tuple(explanations))


def _fact_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def render_explanations(
    console: Console, explanations: Sequence[Explanation], *, local_facts: str
) -> None:
    """One block per recognised error: title, what it means, what to do, the values read."""

    if not explanations:
        render_unrecognised(console)
        return
    # One write at the end instead of one per line (Rich's buffer, flushed on exit).
    with console:
        _render_all(console, explanations, local_facts=local_facts)


def _render_all(console: Console, explanations: Sequence[Explanation], *, local_facts: str) -> None:
    from rich.text import Text

    total = len(explanations)
    for number, item in enumerate(explanations, start=1):
        if number > FULL_BLOCKS:
            _render_rest(console, explanations[FULL_BLOCKS:], first=number, total=total)
            break
        if number > 1:
            console.print()
        heading = Text()
        if total > 1:
            heading.append(f"{number}/{total} ", style="bold")
        heading.append(item.title, style="bold")
        heading.append(f"  [{item.code}]", style="dim")
        print_prose(console, heading, hanging=2)
        print_prose(console, Text(_("Recognised: ") + item.matched, style="dim"), hanging=2)
        if item.kind == "code":
            print_prose(
                console,
                Text(
                    _("A bug in the program or its data: the installation is fine."), style="bold"
                ),
            )
        console.print(Text(_("Cause"), style="bold cyan"))
        print_prose(console, Text(item.cause), indent=2)
        console.print(Text(_("Fix"), style="bold green"))
        for step_number, step in enumerate(item.fix, start=1):
            lead = f"  {step_number}. "
            if is_prose(step):
                print_prose(console, Text(lead + step), hanging=len(lead))
            else:
                # A step that is a command is copied: never wrapped.
                console.print(Text(lead + step), soft_wrap=True)
        if item.facts:
            facts = ", ".join(f"{k}={_fact_value(v)}" for k, v in item.facts.items())
            print_prose(console, Text(_("Facts: ") + facts, style="dim"), hanging=2)
        if item.used_local_facts:
            note = (
                _("Tailored with the facts from the snapshot file.")
                if local_facts == "file"
                else _("Tailored with the facts collected on this machine.")
            )
            print_prose(console, Text(note, style="dim italic"))
    console.print()
    print_prose(
        console, Text(_("For a full diagnosis of this machine run `envdoctor check`."), style="dim")
    )


# A long log can hold hundreds of recognised errors: past this many, one line each (the
# most specific come first, and --json keeps every one in full).
FULL_BLOCKS = 20


def _render_rest(console: Console, rest: Sequence[Explanation], *, first: int, total: int) -> None:
    from rich.text import Text

    console.print()
    print_prose(
        console,
        Text(
            _("{count} more recognised, one line each (`--json` gives them in full):").format(
                count=len(rest)
            ),
            style="bold",
        ),
    )
    for number, item in enumerate(rest, start=first):
        line = Text(f"{number}/{total} ", style="bold")
        line.append(item.title)
        line.append(f"  [{item.code}]", style="dim")
        print_prose(console, line, hanging=2)


def render_unrecognised(console: Console) -> None:
    print_prose(
        console,
        _(
            "Not recognised: envdoctor does not know this error message. Paste the "
            "complete error (the last lines of the traceback), or run `envdoctor check` "
            "to diagnose the driver, CUDA and PyTorch on this machine."
        ),
    )


__all__ = [
    "FULL_BLOCKS",
    "ExplainResult",
    "LocalFacts",
    "render_explanations",
    "render_unrecognised",
]
