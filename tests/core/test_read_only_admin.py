"""Models that change only through their services are shown in the admin and never added,
changed or deleted there, even by a superuser (`core.admin_site.ReadOnlyAdmin`)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from certify.certificates.models import Certificate, IssuerKey, StatusList
from certify.programs.models import CompetencySet, FaqEntry, Program
from certify.scholarships.models import Award, Draw, Fund, ScholarshipApplication
from tests.factories import UserFactory

READ_ONLY = [
    Program, FaqEntry, CompetencySet, Certificate, IssuerKey, StatusList,
    Fund, ScholarshipApplication, Award, Draw,
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_the_admin_shows_but_never_changes(model):
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
