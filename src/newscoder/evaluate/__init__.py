"""Scorers that compare the project's output with annotated references: ``gold`` scores extract output
against the hand-made gold set (shared/gold), agreeing with ``shared/tools/score_gold.py``."""
