"""envdoctor: from a bare NVIDIA machine to working PyTorch, and the proof that it works.

Importing the package is cheap on purpose: no typer, rich, torch or pynvml here.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
