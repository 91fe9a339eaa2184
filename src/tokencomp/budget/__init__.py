"""The token budget over time: usage readers, the ledger, gateway limits and the leaderboard.

Imports :mod:`tokencomp.codec` and below; renders nothing (that is :mod:`tokencomp.reports`).
"""
