"""The offer and its parts: exact money and currencies, the contract's scalars and limits, the four
components, the offer and the job posting.

Imports only :mod:`tokencomp.errors` and :mod:`tokencomp._internal`.
"""
