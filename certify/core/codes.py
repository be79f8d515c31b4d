"""Random, non-sequential parts of the numbers people give each other (candidate and certificate
numbers): nobody can walk them (ADR 0021).

The alphabet leaves out the characters people confuse when they read a number aloud or copy it
from paper (0/O, 1/I/L, U/V), so a new number is eight of 29 symbols (about 500 billion of them),
and always holds a letter: a part of digits only is an older, sequential number.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
LENGTH = 8


def code_new(length: int = LENGTH) -> str:
    """`7K3Q9M2X`: random, from the unambiguous alphabet, with at least one letter."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if not code.isdigit():
            return code
