"""Three cases of one candidate, one of each kind casework serves: an application, a submitted
portfolio and a renewal (a small program: quicker than LSSCP)."""

from dataclasses import dataclass
from typing import Any

import pytest

from certify.accounts.models import Role
from certify.portfolios.models import Portfolio, Submission
from tests.certificates.conftest import finish, nearly_done
from tests.certificates.conftest import program as program
from tests.factories import UserFactory
from tests.renewals.conftest import submitted


@dataclass
class Cases:
    application: Any
    portfolio: Any
    submission: Any
    renewal: Any
    candidate: Any

    def all(self) -> list[Any]:
        return [self.application, self.portfolio, self.renewal]


@pytest.fixture
def cases(program) -> Cases:
    application, last = nearly_done(program, name="Dana Okafor")
    portfolio = Portfolio.objects.create(planned_set=last, status=Portfolio.Status.SUBMITTED)
    submission = Submission.objects.create(portfolio=portfolio, number=1, snapshot={})
    finish(last)
    renewal = submitted(application.certificate)
    return Cases(application, portfolio, submission, renewal, application.candidate)


@pytest.fixture
def staff_user(db):
    return UserFactory(full_name="Sam Staff", roles=[Role.PROGRAM_STAFF])


@pytest.fixture
def other_staff(db):
    return UserFactory(full_name="Alex Archer", roles=[Role.PROGRAM_STAFF])


def staff_page(case: Any) -> str:
    return case.get_staff_url()
