"""Pages: candidates (`candidate`), one application with its decision and award
(`applications`), and the sponsor's dashboard, funds, draws and reports (`sponsor`)."""

from django.forms import Form
from django.http import Http404, HttpRequest

from certify.core.errors import DomainError
from certify.scholarships import selectors
from certify.scholarships.models import Fund
from certify.scholarships.rules import require
from certify.scholarships.services import ProblemsError


def fund_for(request: HttpRequest, slug: str, perm: str) -> Fund:
    """The fund named in the address, if the person holds `perm` on it (`rules.require`)."""
    try:
        fund = selectors.fund_get(slug=slug)
    except Fund.DoesNotExist:
        raise Http404("No such fund.") from None
    require(request.user, fund, perm)
    return fund


def show_error(form: Form, error: DomainError) -> None:
    """Put a refused action's reasons on the form: each on its field, the rest above the form."""
    if isinstance(error, ProblemsError):
        for problem in error.problems:
            form.add_error(None, problem)
        for field, message in error.fields.items():
            form.add_error(field if field in form.fields else None, message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)
