"""A person's data download holds what is theirs, not other people's data: a committee member's
scores stay in it, each naming the application by its number, never the applicant's name or
address (the audit trail's rows of what they did say what the thing was and its number); an
employer's endpoint stays in it, but a webhook endpoint they made for a provider, sponsor or
the program belongs to that organization, and is not theirs once they left it."""

import io
import json
import zipfile

import pytest

from certify.accounts.models import Role, User
from certify.accounts.privacy import data_export_build
from certify.courses.models import ProviderMembership
from certify.scholarships.models import Fund, RubricCriterion, SponsorMember
from certify.scholarships.services import rubric_save, scorecard_save
from certify.webhooks.models import Endpoint, Scope
from tests.factories import ProviderFactory, UserFactory
from tests.scholarships.conftest import (  # noqa: F401  (fixtures)
    apply,
    enrollment_fund,
    make_member,
    member,
    program,
    ssd,
    ssd_org,
)

pytestmark = pytest.mark.django_db


def export(user) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(data_export_build(user=user))) as archive:
        return {
            name[: -len(".json")]: json.loads(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".json")
        }


def test_a_committee_members_scores_name_the_application_by_number_only(
    ssd,  # noqa: F811
    enrollment_fund,  # noqa: F811
    member,  # noqa: F811
):
    chair = UserFactory(full_name="Carla Chair", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=ssd, user=chair, role=SponsorMember.Role.ADMIN)
    Fund.objects.filter(pk=enrollment_fund.pk).update(chair=chair)
    enrollment_fund.refresh_from_db()
    rubric_save(
        fund=enrollment_fund,
        actor=chair,
        criteria=[{"name": "Need", "max_points": 10, "description": ""}],
    )
    scorer = UserFactory(full_name="Maya Member", roles=[Role.SPONSOR])
    SponsorMember.objects.create(sponsor=ssd, user=scorer, role=SponsorMember.Role.COMMITTEE)
    application = apply(enrollment_fund, member)
    (need,) = RubricCriterion.objects.filter(fund=enrollment_fund)
    scorecard_save(application=application, actor=scorer, scores={need.pk: (7, "Clear need.")})

    data = export(scorer)
    text = json.dumps(data)
    assert [part for part in data if member.full_name in json.dumps(data[part])] == []
    assert member.full_name not in text
    assert member.email not in text
    (card,) = data["scholarships"]["scores_given"]
    assert card["application"] == application.pk
    assert card["total_points"] == 7
    (given,) = data["scholarships"]["criterion_scores_given"]
    assert (given["points"], given["comment"]) == (7, "Clear need.")
    (scored,) = [e for e in data["audit"] if e["verb"] == "scholarship.scored"]
    assert scored["target_type"] == "scholarships.scholarshipapplication"
    assert scored["target_id"] == str(application.pk)
    assert "target_repr" not in scored
    # The applicant's own download has their application's rows, by its number too.
    theirs = export(member)
    assert str(application.pk) in {e["target_id"] for e in theirs["audit"]}


def test_a_webhook_endpoint_made_for_a_provider_leaves_the_download_with_its_maker(db):
    maker = UserFactory(full_name="Pat Nguyen", roles=[Role.PROVIDER])
    provider = ProviderFactory(name="Northside Community College", staff=[maker])
    made = Endpoint.objects.create(
        scope=Scope.PROVIDER,
        provider=provider,
        url="https://lms.northside.example/hooks/certify",
        event_types=["course.approved"],
        created_by=maker,
    )
    own = Endpoint.objects.create(
        scope=Scope.EMPLOYER,
        owner=maker,
        url="https://hr.example/hooks/pat",
        event_types=[],
        created_by=maker,
    )
    while_there = export(User.objects.get(pk=maker.pk))["webhooks"]["endpoints"]
    assert [(e["id"], e["url"]) for e in while_there] == [(made.pk, made.url), (own.pk, own.url)]
    ProviderMembership.objects.filter(user=maker).delete()  # they left the provider
    after = export(User.objects.get(pk=maker.pk))
    assert [e["id"] for e in after["webhooks"]["endpoints"]] == [own.pk]
    assert made.url not in json.dumps(after)
