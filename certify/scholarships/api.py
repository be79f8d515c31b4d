"""What other apps use from scholarships (the Python interface, not HTTP).

- `defaults_ensure(*, today=None) -> Sponsor`: the OLA Support Staff Division as a sponsor with
  its LSSCP enrollment fund and its continuing-education fund (safe to repeat).
- `is_sponsor_member(user, sponsor, *, admin=False) -> bool`: the person runs the sponsor.
- `funds_run_by(*, user) -> QuerySet[Fund]`: the funds a sponsor's people run (staff: all).
- `applications_of(*, user) -> QuerySet[ScholarshipApplication]`: a person's applications.

Memberships: SSD memberships are confirmed by the people who run the sponsor linked to SSD
(registered with `memberships.api.sponsor_check` in `handlers`).
"""

from certify.scholarships.defaults import defaults_ensure
from certify.scholarships.selectors import application_list_for_user as applications_of
from certify.scholarships.selectors import fund_list_for_sponsor_user as funds_run_by
from certify.scholarships.services import is_sponsor_member

__all__ = ["applications_of", "defaults_ensure", "funds_run_by", "is_sponsor_member"]
