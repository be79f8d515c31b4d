"""The public register of holders: only those who chose to be listed (ADR 0030).

It answers an employer who wants to know whether a person they name holds a certificate, as state
boards let people look up a license; it is not a list to read through. So a search needs the
person's name in full: at least two whole words of it (a first name and a family name, in any
order; an initial may be added and matches the start of a word), or a single word for someone whose
whole name is that one word (many people have a single legal name): it finds only holders all of
whose listed names are that word, and of them only certificates printed with it, never one word of
a longer name (the field's help says to type it, `ONE_NAME`; the refusal says what it finds,
`NAME_NEEDED`). A state narrows it. It shows only holders who listed themselves on their account
page, and of them only certificates valid today (in their program's time zone). A search that
matches more than `RESULTS_LIMIT` certificates is refused as too broad (none shown, so a common
name cannot be read through a page at a time), and each client may search
`settings.PAGE_RATES["register"]` times (a day by default) besides the verification pages' shared
allowance. The page and the API's `GET /api/v1/register` read the same rules here and give the same
words when they refuse.

Certify does not keep anyone's address or employer's state, so the holder chooses the state
they are listed under when they list themselves.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from certify.core.errors import DomainError
from certify.core.names import name_key

RESULTS_LIMIT = 10
FULL_WORDS = 2  # whole words of the name a search needs (a first name and a family name)
SEARCH_NAME_MAX = 600  # RegisterListing.search_name

# What to type for a person of one name, in the name field's help. What one word then finds
# (only someone whose whole name is that word) is said once: in the refusal (`NAME_NEEDED`),
# where a person who typed one word and found nobody needs it, and in the API's description.
ONE_NAME = "If the person has only one name, type that name alone."
# The words a refused search is answered with, on the page (beside the name) and in the API.
NAME_NEEDED = (
    "Type the person's first name and family name in full, for example Jose Nunez. One word "
    "alone finds only someone whose whole name is that word: the register finds a person you "
    "name; it does not list everyone."
)
TOO_BROAD = (
    "More than {limit} certificates match this name, so none are shown. Choose the state the "
    "person is listed under, or add more of their name, such as a middle name."
)
STATE_UNKNOWN = "Choose one of the states offered, or none for any state."

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


@dataclass(frozen=True)
class Search:
    """What a typed name is searched by: whole words, and initials (one letter, a word's start).
    A single word and no initial (`one_name`) is a whole name of one word."""

    words: tuple[str, ...]
    initials: tuple[str, ...] = ()

    @property
    def one_name(self) -> bool:
        return len(self.words) == 1 and not self.initials


def search_terms(text: str) -> Search:
    """Read a typed name for the register, or refuse it (`NAME_NEEDED`, on the field `name`):
    two whole words or more (a first name and a family name), or one whole word alone, which
    finds only a person whose whole name is that word (`register_search`, which refuses it
    in the same words when nobody is). No word, one letter alone, or one word with an initial
    (the initial says the name has more words) is refused: a named person, not a list."""
    folded = search_words(text)
    words = tuple(dict.fromkeys(w for w in folded if len(w) > 1))
    terms = Search(words, tuple(dict.fromkeys(w for w in folded if len(w) == 1)))
    if len(words) < FULL_WORDS and not terms.one_name:
        raise name_needed()
    return terms


def name_needed() -> DomainError:
    """The refusal of a name not given in full (`NAME_NEEDED`, on the field `name`)."""
    return DomainError(NAME_NEEDED, field="name")


def too_broad() -> DomainError:
    """The refusal of a search that matches more than `RESULTS_LIMIT` certificates."""
    return DomainError(TOO_BROAD.format(limit=RESULTS_LIMIT), field="name")


def search_name(names: Sequence[str]) -> str:
    """What a listing is searched by: every word of the holder's names, folded, each after a
    space (" jose maria nunez ortiz"), so a typed word matches the start of any of them."""
    words = sorted({w for name in names for w in name_key(name)})
    return "".join(f" {w}" for w in words)[:SEARCH_NAME_MAX]
