"""Readers: facts and error signatures, with the line that states each, from pasted text."""

from __future__ import annotations

from envdoctor.collect.readers.fuse import fuse, read_document
from envdoctor.collect.readers.text import Document, make_document

__all__ = ["Document", "fuse", "make_document", "read_document"]
