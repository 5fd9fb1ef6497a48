"""`python -m envdoctor`: the same entry point as the console script."""

from __future__ import annotations

if __name__ == "__main__":
    from envdoctor.cli import _facts

    # `python -m envdoctor check` inspects this interpreter, not `python` on PATH.
    _facts.INVOKED_AS_MODULE = True
    from envdoctor.cli import main

    main()
