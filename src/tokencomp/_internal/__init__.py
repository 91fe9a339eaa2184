"""Private helpers every room may use: escaping text for terminals, HTML and JSON; writing files
safely; the translation catalogs (and the marker of a message to translate).

Imports nothing of tokencomp but :mod:`tokencomp.errors`; nothing here is public API.
"""
