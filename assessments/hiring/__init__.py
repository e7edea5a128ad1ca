"""Requisitions, candidates, interviews, scorecards and decisions."""
