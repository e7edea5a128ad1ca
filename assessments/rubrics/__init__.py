"""The one rubric engine: versioned criteria, anchored levels, weights."""
