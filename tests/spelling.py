"""US English (RULINGS: "US English applies to what people read"): British spellings and the
day-before-month date order, found in text people read. URLs, stored values and API field names
keep their names, so callers strip those before asking (`prose_of_template`)."""

import re

# British spelling → the US one. Word forms are spelled out: "enrolled" and "enrolling" are US
# English too, so only the British stems are listed.
BRITISH = {
    "programme": "program",
    "programmes": "programs",
    "organisation": "organization",
    "organisations": "organizations",
    "organisational": "organizational",
    "organise": "organize",
    "organised": "organized",
    "organiser": "organizer",
    "organisers": "organizers",
    "organises": "organizes",
    "organising": "organizing",
    "recognise": "recognize",
    "recognised": "recognized",
    "recognises": "recognizes",
    "recognising": "recognizing",
    "unrecognised": "unrecognized",
    "cheque": "check",
    "cheques": "checks",
    "licence": "license",
    "licences": "licenses",
    "enrol": "enroll",
    "enrols": "enrolls",
    "enrolment": "enrollment",
    "enrolments": "enrollments",
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "catalogued": "cataloged",
    "colour": "color",
    "colours": "colors",
    "behaviour": "behavior",
    "behaviours": "behaviors",
    "favour": "favor",
    "honour": "honor",
    "centre": "center",
    "centres": "centers",
    "analyse": "analyze",
    "analysed": "analyzed",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "labelled": "labeled",
    "labelling": "labeling",
    "travelled": "traveled",
    "modelled": "modeled",
    "practise": "practice",
    "defence": "defense",
    "offence": "offense",
    "judgement": "judgment",
    "artefact": "artifact",
    "artefacts": "artifacts",
    "authorise": "authorize",
    "authorised": "authorized",
    "authorisation": "authorization",
    "prioritise": "prioritize",
    "summarise": "summarize",
    "minimise": "minimize",
    "apologise": "apologize",
    "whilst": "while",
    "amongst": "among",
    "learnt": "learned",
    "fulfil": "fulfill",
    "fulfils": "fulfills",
    # A box is checked in US English, not ticked.
    "tick": "check",
    "ticked": "checked",
    "untick": "uncheck",
    "unticked": "unchecked",
}
_WORDS = re.compile(r"\b(" + "|".join(sorted(BRITISH, key=len, reverse=True)) + r")\b", re.I)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "2 October 2026" (day first); US English writes "October 2, 2026".
_DAY_FIRST = re.compile(rf"\b\d{{1,2}} (?:{_MONTHS}) \d{{4}}\b")


def british_words(text: str) -> list[str]:
    """The British spellings in `text`, as found."""
    return [m.group(0) for m in _WORDS.finditer(text)]


def not_us_english(text: str) -> list[str]:
    """British spellings and day-first dates in `text`."""
    return british_words(text) + _DAY_FIRST.findall(text)


# What people do not read in a template or a string: template tags and variables, comments,
# URLs and paths, dotted or snake_case names, HTML attributes other than the ones read aloud.
_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
_COMMENT_BLOCK = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ATTRIBUTE = re.compile(
    r"""\b(?!(?:title|alt|placeholder|aria-label|aria-description|content|value)\b)"""
    r"""[\w:-]+=(?:"[^"]*"|'[^']*')"""
)
_NAMES = re.compile(r"(?:https?://|/)[^\s\"'<>)]*|\b\w+(?:[._/]\w+)+\b|\b\w*_\w*\b")


def prose(text: str) -> str:
    """`text` without URLs, paths and code names (which keep their spelling)."""
    return _NAMES.sub(" ", text)


def prose_of_template(source: str) -> str:
    """The words of a template people read: no tags, comments, attributes (but titles, alt
    texts, labels and placeholders), URLs or code names."""
    source = _COMMENT_BLOCK.sub(" ", source)
    source = _HTML_COMMENT.sub(" ", source)
    source = _TEMPLATE_CODE.sub(" ", source)
    source = _ATTRIBUTE.sub(" ", source)
    return prose(source)


# A string with no spaces that is all lowercase, all capitals, or holds a path or code character
# is a name (a stored value, URL, field, constant), not words people read.
_IDENTIFIER = re.compile(r"^[a-z0-9_.:/\-]*$|^[A-Z0-9_]*$|^\S*[/<>_.:=]\S*$")


def is_prose(value: str) -> bool:
    return not _IDENTIFIER.match(value)
