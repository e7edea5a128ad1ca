"""Field coaching: programs, field days, visits, sessions, measures, qualification levels."""
