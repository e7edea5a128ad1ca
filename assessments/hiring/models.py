"""Models for this app (none yet)."""
