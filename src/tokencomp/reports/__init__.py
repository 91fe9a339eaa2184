"""What people read: summaries, advisories, comparisons, statements, JSON-LD, the ledger's and
leaderboard's text, the wording and its translations.

Imports :mod:`tokencomp.budget` and below.
"""
