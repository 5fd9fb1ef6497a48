"""`python -m envdoctor`: the same entry point as the console script."""

from __future__ import annotations

if __name__ == "__main__":
    import envdoctor.cli.check as _check

    # `python -m envdoctor check` inspects this interpreter, not `python` on PATH.
    _check.INVOKED_AS_MODULE = True
    from envdoctor.cli import main

    main()
