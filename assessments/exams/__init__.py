"""Question banks, exams, attempts, grading and certifications."""
