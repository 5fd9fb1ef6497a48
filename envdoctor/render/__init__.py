"""Render layer: the only code that writes to the terminal (Rich for people, JSON, Markdown)."""
