"""Pure analysis: facts + matrix -> verdicts and findings. No I/O here."""
