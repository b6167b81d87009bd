"""Scoring filled-in answer sheets against an exam key."""
