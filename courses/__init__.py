"""Standardized product content, courses and learning paths."""
