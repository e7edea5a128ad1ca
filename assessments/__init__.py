"""Assessments: rubrics, exams and hiring."""
