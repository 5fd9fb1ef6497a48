"""`python -m envdoctor.bench`: the bench command on its own, e.g. `torchrun -m envdoctor.bench`."""

from __future__ import annotations

from envdoctor.cli.bench import standalone

if __name__ == "__main__":
    standalone()
