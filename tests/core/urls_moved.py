"""A URL configuration where the assess page lives elsewhere (tests/core/test_rows.py)."""

from django.http import HttpResponse
from django.urls import include, path


def _view(request, pk):
    return HttpResponse()


portfolio_patterns = ([path("moved/<int:pk>/", _view, name="assess")], "portfolios")
urlpatterns = [path("", include(portfolio_patterns))]
