"""`envdoctor explain`: read an error message, say what it means and how to fix it."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from envdoctor.cli._common import add_command, emit
from envdoctor.cli._options import FromOpt, JsonOpt
from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.result import CommandResult, Outcome

if TYPE_CHECKING:
    from envdoctor.snapshot import Snapshot

# A log bigger than this is not an error message; ask for the relevant part.
MAX_INPUT_BYTES = 16 * 1024 * 1024
# Explaining should not wait as long as a full `check`; a hung probe just means no facts.
COLLECT_TIMEOUT = 20.0
# Share of control characters above which the input is treated as binary.
_BINARY_SHARE = 0.05
# Control characters other than tab, newline, carriage return, form feed and escape.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def decode_input(data: bytes, source: str) -> str:
    """Bytes from a file or stdin -> text; binary data and empty input are usage errors."""
    if len(data) > MAX_INPUT_BYTES:
        raise UsageError(
            _("{source} is larger than {limit} MiB; pass only the part with the error").format(
                source=source, limit=MAX_INPUT_BYTES // (1024 * 1024)
            )
        )
    text: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # PowerShell's `>` redirection writes UTF-16 with a byte order mark.
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        raise UsageError(_("{source} looks like binary data, not error text").format(source=source))
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            text = data.decode("utf-8", errors="replace")
    return check_text(text, source)


def check_text(text: str, source: str) -> str:
    """Refuse empty input and control-character soup; return the text unchanged."""
    # A regex counts in C: a Python loop over a 10 MB log took about a second; most logs
    # have no control character at all, so one search usually settles it.
    control = len(_CONTROL.findall(text)) if _CONTROL.search(text) else 0
    if "\x00" in text or (text and control / len(text) > _BINARY_SHARE):
        raise UsageError(_("{source} looks like binary data, not error text").format(source=source))
    if not text or text.isspace():
        raise UsageError(_("{source} is empty: give the error text").format(source=source))
    return text


def read_text(text: str | None, file: Path | None) -> str:
    if text is not None and file is not None:
        raise UsageError(_("give the error text or --file, not both"))
    if file is not None:
        try:
            with file.open("rb") as fh:
                # One byte over the limit is enough to refuse it; never read a huge file whole.
                data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise UsageError(
                _("cannot read {path}: {reason}").format(path=file, reason=exc.strerror or exc)
            ) from None
        return decode_input(data, str(file))
    if text is None:
        raise UsageError(
            _("give the error text as an argument, '-' to read standard input, or --file PATH")
        )
    if text == "-":
        return decode_input(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), _("standard input"))
    return check_text(text, _("the error text"))


def collect_local(*, quiet: bool) -> Snapshot | None:
    """Facts about this machine, or None when they cannot be collected (never fatal here)."""
    from envdoctor.cli._facts import obtain_snapshot

    try:
        return obtain_snapshot(python=None, from_file=None, timeout=COLLECT_TIMEOUT, quiet=quiet)
    except Exception as exc:  # noqa: BLE001 - the explanation works without local facts
        sys.stderr.write(
            _("envdoctor: note: could not collect local facts ({kind}: {detail})").format(
                kind=type(exc).__name__, detail=str(exc).splitlines()[0] if str(exc) else ""
            )
            + "\n"
        )
        return None


def register(app: typer.Typer) -> None:
    @add_command(
        app,
        "explain",
        help=_(
            "Explain an error message from CUDA, the NVIDIA driver, PyTorch, NCCL or pip.\n\n"
            "Recognises the messages people hit most (driver too old, no kernel image, sm_XX "
            "not compatible, libcudnn not found, NVML mismatch, CUDA out of memory, ...), "
            "reads the numbers inside them and, unless --no-local, tailors the fix with facts "
            "from this machine (or from --from FILE, repeatable).\n\n"
            "Exit codes: 0 when at least one error was recognised, 1 when nothing was "
            "recognised, 2 for bad input (empty text, unreadable file, binary data)."
        ),
    )
    def explain_command(
        text: Annotated[
            str | None,
            typer.Argument(
                help=_("The error message (quote it), or - to read it from standard input."),
                show_default=False,
            ),
        ] = None,
        file: Annotated[
            Path | None,
            typer.Option("--file", "-f", help=_("Read the error text (a log) from this file.")),
        ] = None,
        from_snapshot: FromOpt = None,
        no_local: Annotated[
            bool,
            typer.Option("--no-local", help=_("Do not collect facts about this machine.")),
        ] = False,
        mirror: Annotated[
            str | None,
            typer.Option("--mirror", help=_("Use this mirror (name or URL) in install commands.")),
        ] = None,
        json_output: JsonOpt = False,
    ) -> None:
        from envdoctor.explain import explain
        from envdoctor.matrix.load import load_matrix
        from envdoctor.redact import redact_text, redact_url
        from envdoctor.render.console import make_console
        from envdoctor.render.explain import ExplainResult, LocalFacts, render_explanations

        if from_snapshot and no_local:
            raise UsageError(_("--from and --no-local contradict each other; use one"))
        if text == "-" and "-" in (from_snapshot or ()):
            raise UsageError(
                _("standard input can be read once: give '-' as the error text or to --from")
            )
        mirror_source = None
        if mirror is not None:
            from envdoctor.cli._options import mirror_index

            # explain only shows commands: a mirror URL's password is masked in them.
            mirror_source = mirror_index(redact_url(mirror))  # unknown mirror: exit 2, first
        # Pasted logs carry index URLs with passwords and tokens: none is ever echoed.
        content = redact_text(read_text(text, file))
        snapshot: Snapshot | None
        local_facts: LocalFacts
        if from_snapshot:
            from envdoctor.cli._facts import obtain_snapshot

            snapshot = obtain_snapshot(
                python=None, from_file=from_snapshot, timeout=COLLECT_TIMEOUT, quiet=True
            )
            local_facts = "file"
        elif no_local:
            snapshot, local_facts = None, "none"
        else:
            snapshot = collect_local(quiet=json_output)
            local_facts = "live" if snapshot is not None else "none"

        explanations = explain(content, snapshot, matrix=load_matrix(), mirror=mirror_source)
        # Nothing recognised is a failure to explain (exit 1); the payload's empty
        # `explanations` says so.
        result = CommandResult(
            "explain",
            Outcome.OK if explanations else Outcome.FAIL,
            ExplainResult.of(explanations, local_facts=local_facts),
        )
        emit(
            result,
            json_output=json_output,
            render=lambda: render_explanations(
                make_console(), explanations, local_facts=local_facts
            ),
        )


__all__ = ["check_text", "collect_local", "decode_input", "read_text", "register"]
