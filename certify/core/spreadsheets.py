"""Cells for CSV files people open in a spreadsheet.

A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula
(`=HYPERLINK(...)` sends what the sheet holds elsewhere). Every CSV Certify writes passes its text
through `formula_safe`, which puts an apostrophe first: the cell shows as typed and never runs.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> str:
    """`value` as text a spreadsheet shows and never runs; None is an empty cell."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
