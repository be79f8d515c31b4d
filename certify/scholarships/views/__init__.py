"""Pages: candidates (`candidate`), one application with its decision and award
(`applications`), and the sponsor's dashboard, funds, draws and reports (`sponsor`)."""

from django.forms import Form

from certify.core.errors import DomainError
from certify.scholarships.services import ProblemsError


def show_error(form: Form, error: DomainError) -> None:
    """Put a refused action's reasons on the form: each on its field, the rest above the form."""
    if isinstance(error, ProblemsError):
        for problem in error.problems:
            form.add_error(None, problem)
        for field, message in error.fields.items():
            form.add_error(field if field in form.fields else None, message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)
