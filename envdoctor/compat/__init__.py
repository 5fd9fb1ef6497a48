"""The knowledge core: the compatibility rules every command asks, over the matrix and the facts.

Depends only on the matrix model (`envdoctor.matrix.model`), the facts types
(`envdoctor.snapshot`) and i18n. Pure: no I/O. Modules:
versions (value types and parsers), gpus (GPU identity), driver, arch, python, builds
(installed torch -> matrix row), fit (every build vs facts), advice (which build to
install), commands (the exact install commands).
"""
