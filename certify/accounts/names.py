"""Names nobody may take (ADR 0016): the closure's placeholder ("Closed account") and its close
variants ("ACCOUNT CLOSED", "Closed-account", "Account closed (candidate …)", the same words in
look-alike Cyrillic or Greek letters). Staff read such a name as an account its owner closed,
so a person registering or renamed under it would be taken for one."""

import re
import unicodedata
from itertools import pairwise

NAME_LOOKS_CLOSED = (  # to the person signing up
    "This name reads as a closed account to program staff. Type your own name, as it should "
    "appear on your certificate."
)
PERSON_NAME_LOOKS_CLOSED = (  # to staff typing someone's name
    "This name reads as a closed account to program staff. Type the person's own name, as it "
    "should appear on their certificate."
)
# Letters of other scripts that look like the Latin ones of "closed account"
# (Cyrillic and Greek, written as escapes), and digits typed for letters.
_LOOK_ALIKES = str.maketrans(
    "\u0430\u0441\u0501\u0435\u043e\u0455\u0456\u04cf\u03c5\u03bf\u03b1\u03f2\u03c4\u03b5\u03bd\u0442"
    "01",
    "acdeosiluoactentol",
)
_CLOSED_WORDS = (("closed", "account"), ("account", "closed"))
_JOINED = {"".join(words) for words in _CLOSED_WORDS}


def name_looks_closed(name: str) -> bool:
    """Whether `name` reads as the closure's placeholder: the words "closed account" or
    "account closed" in it, in any case, accents, spacing, punctuation or look-alike letters."""
    folded = unicodedata.normalize("NFKD", name).casefold().translate(_LOOK_ALIKES)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z]+", folded)
    if _JOINED & set(words) or _JOINED & {"".join(words)}:
        return True
    return any(pair in _CLOSED_WORDS for pair in pairwise(words))
