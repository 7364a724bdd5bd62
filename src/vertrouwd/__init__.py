"""vertrouwd: relational continuity in the Dutch social domain (trusted faces)."""

__version__ = "0.1.0"
