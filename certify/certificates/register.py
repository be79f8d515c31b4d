"""The public register of holders: only those who chose to be listed (ADR 0030).

Anyone may search it by name (at least three letters) and, if they like, by state, as state
boards let people look up a license. It shows only holders who listed themselves on their
account page, and of them only certificates valid today (in their program's time zone); it never
lists everyone: a search needs a name, and answers at most `RESULTS_LIMIT` certificates.

Certify does not keep anyone's address or employer's state, so the holder chooses the state
they are listed under when they list themselves.
"""

from collections.abc import Sequence

from certify.core.names import name_key

RESULTS_LIMIT = 25
MIN_LETTERS = 3
SEARCH_NAME_MAX = 600  # RegisterListing.search_name

# The 50 states, the District of Columbia and the territories (USPS codes).
STATES: list[tuple[str, str]] = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AS", "American Samoa"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("GU", "Guam"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("MP", "Northern Mariana Islands"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PR", "Puerto Rico"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("VI", "U.S. Virgin Islands"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
]
STATE_NAMES = dict(STATES)


def search_words(text: str) -> tuple[str, ...]:
    """The words of a typed name, folded like `core.names` (case, accents, punctuation)."""
    return name_key(text)


def search_name(names: Sequence[str]) -> str:
    """What a listing is searched by: every word of the holder's names, folded, each after a
    space (" jose maria nunez ortiz"), so a typed word matches the start of any of them."""
    words = sorted({w for name in names for w in name_key(name)})
    return "".join(f" {w}" for w in words)[:SEARCH_NAME_MAX]
