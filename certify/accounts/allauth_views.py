"""allauth's views where ours must answer differently.

An e-mail confirmation link pressed a second time (a second tab, the back button, a double
press) or made up: allauth shows its "cannot be used" page on a GET but answers the button's
POST with a bare 404, "page not found". The POST now reads the same words as the GET, with the
404 status and nothing changed (what a link used twice must say: the product's "links work
once")."""

from typing import Any

from allauth.account.views import ConfirmEmailView
from django.http import Http404, HttpResponse


class ConfirmEmail(ConfirmEmailView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.get_object()
        except Http404:
            self.object = None
            return self.render_to_response(self.get_context_data(), status=404)
        return super().post(*args, **kwargs)


confirm_email = ConfirmEmail.as_view()
