"""What other apps use from applications (the Python interface, not HTTP)."""

from certify.applications.selectors import application_current_for
from certify.applications.services import add_years

__all__ = ["add_years", "application_current_for"]
