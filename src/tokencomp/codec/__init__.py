"""JSON in and out: the cattrs converter, the fast writer, the compiled core, validation (one document
or many), JSON Schema and OpenAPI export, and the hardened reading of files from outside.

Imports :mod:`tokencomp.reference` and below.
"""
