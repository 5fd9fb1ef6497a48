"""`python -m envdoctor`: the same entry point as the console script."""

from __future__ import annotations

if __name__ == "__main__":
    from envdoctor._entry import main

    main(invoked_as_module=True)
