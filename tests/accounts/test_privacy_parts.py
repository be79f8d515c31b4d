"""Each app registers its own part of a person's data, from its own `privacy` module."""

from certify.accounts.privacy import privacy_parts


def test_every_part_of_a_persons_data_is_registered_by_the_app_that_owns_it():
    owners = {part.name: part.export.__module__ for part in privacy_parts()}

    assert owners == {
        "applications": "certify.applications.privacy",
        "audit": "certify.accounts.privacy_parts",
        "certificates": "certify.certificates.privacy",
        "conflicts": "certify.accounts.privacy_parts",
        "courses": "certify.courses.privacy",
        "memberships": "certify.memberships.privacy",
        "notifications": "certify.notifications.privacy",
        "payments": "certify.payments.privacy",
        "continuing_education": "certify.renewals.privacy",
        "plan": "certify.progress.privacy",
        "portfolios": "certify.portfolios.privacy",
        "profile": "certify.accounts.privacy_parts",
        "scholarships": "certify.scholarships.privacy",
    }
    for part in privacy_parts():  # erasers and files come from the same module as the export
        for hook in (part.erase, part.files):
            assert hook is None or hook.__module__ == part.export.__module__
