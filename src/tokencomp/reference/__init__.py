"""Dated reference data and its readers: exchange rates (the ECB's and your own), price catalogs, the
data folder.

Imports :mod:`tokencomp.model` and below.
"""
