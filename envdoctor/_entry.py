"""Console entry point: start the slow torch probe first, then load the CLI.

`import torch` in the user's interpreter takes seconds; envdoctor's own start-up (Typer,
Rich, the matrix) takes a few hundred milliseconds. Starting the probe before importing
any of that lets the two overlap, so `envdoctor check` costs little more than the
target's own `import torch`.
"""

from __future__ import annotations

import sys


def main(*, invoked_as_module: bool = False) -> None:
    from envdoctor.probe_launch import install_exit_guards, prestart_from_argv

    # Before any child starts: SIGTERM / SIGHUP must take the children down with us.
    install_exit_guards()
    prestart_from_argv(sys.argv[1:], invoked_as_module=invoked_as_module)
    if invoked_as_module:
        from envdoctor.cli import _facts

        # `python -m envdoctor check` inspects this interpreter, not `python` on PATH.
        _facts.INVOKED_AS_MODULE = True
    from envdoctor.cli import main as cli_main

    cli_main()


__all__ = ["main"]
