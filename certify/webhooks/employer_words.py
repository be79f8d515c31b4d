"""What an employer reads about a certificate shared with them, in an HR clerk's words: the
status as every page says it (`certificates.api.status_word`) and, when it is no longer valid,
what that means for them and what they can do. Quoted in docs/integration.md."""

from dataclasses import dataclass

from certify.certificates.models import Certificate

VALID = "Valid through {day}."
EXPIRED = "It was valid through {day}. {name} can still renew it: ask them, or look again later."
LAPSED = "It was not renewed in time, so it is no longer valid."
SUSPENDED = (
    "Not valid while the program looks into it; it may be reinstated. Ask {name}, or look "
    "again later."
)
REVOKED = "The program withdrew it, so it is no longer valid."
REPLACED = "Its renewal, {number}, replaces it. Ask {name} to share the new one with you."


@dataclass(frozen=True)
class Standing:
    word: str  # "Valid", "Suspended", … as the verification page says it
    sentence: str  # what it means for the employer and what they can do, after the word
    valid: bool


def standing(certificate: Certificate) -> Standing:
    """`certificate`'s lapse read first for a list (`selectors.shared_with_listed`)."""
    word = certificate.status_word
    name = certificate.holder_name or certificate.holder.full_name
    ends = certificate.expires_on
    day = f"{ends:%B} {ends.day}, {ends.year}" if ends else "its end date"
    status = certificate.current_status
    if word == Certificate.LAPSED_LABEL:
        return Standing(word, LAPSED, False)
    if status == Certificate.EXPIRED:
        return Standing(word, EXPIRED.format(day=day, name=name), False)
    if status == Certificate.Status.SUSPENDED:
        return Standing(word, SUSPENDED.format(name=name), False)
    if status == Certificate.Status.REVOKED:
        return Standing(word, REVOKED, False)
    if status == Certificate.Status.REPLACED:
        number = certificate.replaced_by.number if certificate.replaced_by else "a new number"
        return Standing("Replaced", REPLACED.format(number=number, name=name), False)
    return Standing(word, VALID.format(day=day), True)
