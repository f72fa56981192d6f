"""Policing Partnerships Compendium: coded qualitative evidence, validated and checked.

Importing this package has no side effects: nothing is read, printed or logged
until a function is called.
"""

#: The package version (pyproject.toml reads it from here: one source).
__version__ = "0.1.0"
