"""The program's own terms, each explained in one plain sentence, the same on every page.

A new library worker does not know what a "competency set" is, what "showing competence"
asks of her, what "evidence" may be, or what a "version" of the framework or of a portfolio
means. The pages keep the program's terms (they are the words of its own site and
certificate) and, the first time a page uses one, say it plainly once with these sentences:
a short line beside the term, not a glossary page. Templates place them with
`{% plain "<key>" %}` (`core/templatetags/plain_words.py`); the task list's rows use
`PLAIN` directly. No program names a set here: any program's candidate reads them.
"""

PLAIN: dict[str, str] = {
    "competency_set": (
        "A competency set is one area of the work, made of a few competencies: skills, each "
        "described in a sentence."
    ),
    "show_competence": (
        "To show your competence in a set is to prove you have its skills, in one of the ways "
        "the program accepts, such as an approved course or a portfolio of your own work."
    ),
    "way": (
        "You choose the way for each set on its own, and can take different ways for "
        "different sets."
    ),
    "evidence": (
        "Evidence is anything that shows you doing the work: a document, a photo or a "
        "recording, a link, or your supervisor's written confirmation (an attestation)."
    ),
    "framework_version": (
        "The competency framework is the program's list of sets and their competencies; when "
        "the program updates it, the update is a new version."
    ),
    "portfolio_version": (
        "Each time you submit your portfolio makes a version of it: the first one you send, "
        "and a second one if the reviewers ask for more evidence."
    ),
}
