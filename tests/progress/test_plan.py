import re

import pytest
from django import forms
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certify.accounts.models import Role
from certify.applications.models import Application
from certify.core.errors import DomainError
from certify.programs.models import CompetencySet
from certify.progress import kept_plan, selectors, services
from certify.progress.models import PlannedSet
from tests.conftest import count_queries, writes_during
from tests.factories import ApplicationFactory, UserFactory


@pytest.fixture
def enrolled(lsscp):
    candidate = UserFactory(roles=[Role.CANDIDATE])
    return ApplicationFactory(
        candidate=candidate, program=lsscp, status=Application.Status.ACCEPTED
    )


def test_the_plan_holds_every_core_set(enrolled):
    rows = services.plan_ensure(application=enrolled)
    assert sorted(r.competency_set.code for r in rows) == ["CT", "FLS", "TEC"]
    assert len(services.plan_ensure(application=enrolled)) == 3  # idempotent


def test_the_plan_opens_only_after_acceptance(lsscp):
    draft = ApplicationFactory(program=lsscp)
    with pytest.raises(DomainError, match="once your application is accepted"):
        services.plan_ensure(application=draft)


def test_exactly_three_electives(enrolled):
    with pytest.raises(DomainError, match="Choose exactly 3 electives \\(you chose 2\\)"):
        services.electives_choose(
            application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT"]
        )
    with pytest.raises(DomainError, match="Not an elective"):
        services.electives_choose(
            application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "FLS"]
        )
    rows = services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["ref", "CAT", "YTH"]
    )
    assert len(rows) == 6


def test_electives_change_until_a_set_is_started(enrolled):
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    ref = enrolled.planned_sets.get(competency_set__code="REF")
    services.planned_set_start(planned=ref)
    with pytest.raises(DomainError, match="already started or completed Reference"):
        services.electives_choose(
            application=enrolled, actor=enrolled.candidate, set_codes=["ACC", "CAT", "YTH"]
        )
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "ACC", "YTH"]
    )
    codes = set(enrolled.planned_sets.values_list("competency_set__code", flat=True))
    assert codes == {"FLS", "CT", "TEC", "REF", "ACC", "YTH"}


def test_completing_every_set_completes_the_plan_once(enrolled):
    calls = []
    services._ON_COMPLETE.append(lambda **kw: calls.append(kw["application"]))
    try:
        services.electives_choose(
            application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
        )
        rows = list(enrolled.planned_sets.all())
        for row in rows:
            services.planned_set_satisfy(planned=row, actor=None, route="course", evidence="x")
        services.planned_set_satisfy(planned=rows[0], actor=None, route="course", evidence="again")
    finally:
        services._ON_COMPLETE.pop()
    assert calls == [enrolled]
    assert services.plan_is_complete(application=enrolled)
    assert enrolled.planned_sets.get(pk=rows[0].pk).evidence == "x"  # never redone


def test_the_plan_page_and_route_choice(client, enrolled):
    services.plan_ensure(application=enrolled)  # as on acceptance
    client.force_login(enrolled.candidate)
    page = client.get(reverse("progress:plan")).text
    assert "0 of 6 competency sets complete" in page
    assert "the enrollment fee is unpaid" in page
    client.post(reverse("progress:electives"), {"electives": ["REF", "CAT", "YTH"]})
    row = enrolled.planned_sets.get(competency_set__code="CT")
    done = client.post(
        reverse("progress:route", args=[row.pk]), {"route": "portfolio"}, follow=True
    )
    row.refresh_from_db()
    assert row.route == PlannedSet.Route.PORTFOLIO
    assert f"You will complete {row.competency_set.name} with a portfolio." in done.text
    assert "Start the portfolio" in client.get(reverse("progress:plan")).text


def test_another_candidate_cannot_change_a_route(client, enrolled):
    services.plan_ensure(application=enrolled)
    row = enrolled.planned_sets.first()
    client.force_login(UserFactory(roles=[Role.CANDIDATE]))
    assert (
        client.post(reverse("progress:route", args=[row.pk]), {"route": "course"}).status_code
        == 404
    )
    row.refresh_from_db()
    assert row.route == ""


@pytest.mark.parametrize("role", ["reviewer", "provider", "sponsor", "candidate"])
def test_staff_plan_view_is_refused_to_others(db, enrolled, client_as, role):
    assert (
        client_as(role).get(reverse("progress:staff_plan", args=[enrolled.pk])).status_code == 403
    )


def test_staff_plan_view_query_count_is_fixed(client, enrolled, staff):
    client.force_login(staff)
    services.plan_ensure(application=enrolled)
    few = count_queries(lambda: client.get(reverse("progress:staff_plan", args=[enrolled.pk])))
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    assert (
        count_queries(lambda: client.get(reverse("progress:staff_plan", args=[enrolled.pk]))) == few
    )


def test_accepting_an_application_opens_the_plan_through_the_event(
    lsscp, staff, django_capture_on_commit_callbacks
):
    from certify.applications.decisions import application_accept
    from certify.applications.services import application_submit
    from certify.core.models import EventDelivery
    from tests.factories import ExperienceEntryFactory

    application = ApplicationFactory(program=lsscp)
    ExperienceEntryFactory(application=application)
    application_submit(application=application, actor=application.candidate)
    with django_capture_on_commit_callbacks(execute=True):
        application_accept(application=application, actor=staff)
    codes = application.planned_sets.values_list("competency_set__code", flat=True)
    assert sorted(codes) == ["CT", "FLS", "TEC"]
    delivery = EventDelivery.objects.get(
        event__name="application.accepted", handler="certify.progress.handlers.plan_open"
    )
    assert delivery.status == "done"
    assert delivery.event.payload == {
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "program_id": lsscp.pk,
        "actor_id": staff.pk,
        "move": "accept",
    }
    # Delivered again (at least once): the plan is the same.
    from certify.progress.handlers import plan_open

    plan_open(event_id=delivery.event_id, **delivery.event.payload)
    assert application.planned_sets.count() == 3


def test_the_plan_page_writes_nothing(client, enrolled):
    client.force_login(enrolled.candidate)
    assert writes_during(lambda: client.get(reverse("progress:plan"))) == []
    # Before the acceptance event is delivered, the core sets show as being added.
    assert client.get(reverse("progress:plan")).text.count("Being added") == 3
    assert enrolled.planned_sets.count() == 0
    services.plan_ensure(application=enrolled)
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    assert writes_during(lambda: client.get(reverse("progress:plan"))) == []
    page = client.get(reverse("progress:plan")).text
    assert "0 of 6 competency sets complete" in page
    assert "Being added" not in page


def test_the_plan_page_query_count_is_fixed(client, enrolled):
    client.force_login(enrolled.candidate)
    services.plan_ensure(application=enrolled)
    client.get(reverse("progress:plan"))
    kept_plan.forget_all()  # the plan read afresh (a kept one reads none of its rows)
    few = count_queries(lambda: client.get(reverse("progress:plan")))
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    row = enrolled.planned_sets.get(competency_set__code="REF")
    services.route_choose(planned=row, actor=enrolled.candidate, route="portfolio")
    # The changes gave the candidate a new data version: the plan is read again, in as many
    # queries; viewed again, only the session and the person's row are read (ADR 0071).
    assert count_queries(lambda: client.get(reverse("progress:plan"))) == few
    assert count_queries(lambda: client.get(reverse("progress:plan"))) == 2 < few


def test_plan_get_reads_the_sets_and_the_rows_in_two_queries(enrolled):
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    with CaptureQueriesContext(connection) as ctx:
        plan = selectors.plan_get(application=enrolled)
        names = [p.competency_set.name for p in plan.core + plan.electives]
    assert len(ctx.captured_queries) == 2
    assert [p.competency_set.code for p in plan.core] == ["FLS", "CT", "TEC"]
    assert sorted(p.competency_set.code for p in plan.electives) == ["CAT", "REF", "YTH"]
    assert len(names) == 6
    assert plan.missing_core == []
    assert [s.code for s in plan.available_electives] == list(
        CompetencySet.objects.filter(program=enrolled.program, kind="elective")
        .order_by("order")
        .values_list("code", flat=True)
    )


def test_the_electives_checkboxes_are_the_markup_the_form_widget_gave(client, enrolled):
    """The checkboxes are written in the template; they must stay what Django's
    CheckboxSelectMultiple rendered (ids, names, values, labels, which are checked)."""
    services.electives_choose(
        application=enrolled, actor=enrolled.candidate, set_codes=["REF", "CAT", "YTH"]
    )
    client.force_login(enrolled.candidate)
    page = client.get(reverse("progress:plan")).text
    electives = CompetencySet.objects.filter(program=enrolled.program, kind="elective")

    class ElectivesForm(forms.Form):
        electives = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)

    form = ElectivesForm(initial={"electives": ["REF", "CAT", "YTH"]})
    form.fields["electives"].choices = [  # type: ignore[attr-defined]
        (s.code, s.name) for s in electives.order_by("order")
    ]
    widget_markup = Template(
        '{% for choice in form.electives %}<p class="checkbox">{{ choice.tag }} <label '
        'for="{{ choice.id_for_label }}" class="checkbox__label">{{ choice.choice_label }}'
        "</label></p>{% endfor %}"
    ).render(Context({"form": form}))
    assert widget_markup.count(" checked>") == 3
    assert widget_markup in page


def test_the_plan_page_shows_the_enrollment_fee_until_it_is_paid(client, enrolled):
    from certify.payments.api import enrollment_invoice_get_or_create
    from tests.portfolios.conftest import settle_enrollment

    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    invoice = enrollment_invoice_get_or_create(
        user=enrolled.candidate, program=enrolled.program, actor=staff
    )
    client.force_login(enrolled.candidate)
    page = client.get(reverse("progress:plan")).text
    assert "the enrollment fee is unpaid" in page
    assert f"Pay invoice {invoice.code}" in page
    settle_enrollment(enrolled)
    assert "the enrollment fee is unpaid" not in client.get(reverse("progress:plan")).text


def test_the_kept_plan_shows_every_change_at_once(client, enrolled, monkeypatch):
    """The plan's content is kept by what it is made from (ADR 0068): a change made behind the
    page's back (no signal, a plain UPDATE) and the passing of time both show on the next view."""
    from datetime import timedelta

    from django.utils import timezone

    from certify.core import content_memo

    content_memo.forget_all()
    services.plan_ensure(application=enrolled)
    Application.objects.filter(pk=enrolled.pk).update(
        completion_deadline=timezone.localdate() + timedelta(days=40)
    )
    client.force_login(enrolled.candidate)

    def plan() -> str:  # `timeuntil` writes non-breaking spaces
        return client.get(reverse("progress:plan")).text.replace("\xa0", " ")

    page = plan()
    assert "1 month, 1 week left until your deadline" in page
    # Viewed again unchanged: the same page (each with its own CSRF tokens).
    tokens = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert tokens.sub("", plan()) == tokens.sub("", page)
    row = enrolled.planned_sets.get(competency_set__code="CT")
    PlannedSet.objects.filter(pk=row.pk).update(route=PlannedSet.Route.PORTFOLIO)
    assert "Start the portfolio" in plan()
    CompetencySet.objects.filter(pk=row.competency_set_id).update(name="Teamwork, renamed")
    assert "Teamwork, renamed" in plan()
    # Time passing, the same rows: the time left is worked out again on each view.
    monkeypatch.setattr(kept_plan, "timeuntil_filter", lambda deadline: "1 week, 3 days")
    assert "1 week, 3 days left until your deadline" in plan()


@pytest.mark.database_free
def test_electives_beyond_the_number_required_count_once():
    """A case moved to rules that ask for two electives, with three complete: 6 of 6 sets (and
    100 %), not "7 of 6"."""
    from types import SimpleNamespace

    from certify.progress.selectors import Plan

    done, open_ = SimpleNamespace(is_satisfied=True), SimpleNamespace(is_satisfied=False)
    application = SimpleNamespace(rule=lambda name: {"electives_required": 2}[name])
    plan = Plan(
        application=application,  # type: ignore[arg-type]
        core=[done, done, done, open_],  # type: ignore[list-item]
        electives=[done, done, done],  # type: ignore[list-item]
        available_electives=[],
    )
    assert (plan.satisfied_count, plan.required_count, plan.percent) == (5, 6, 83)
    plan = Plan(
        application=application,  # type: ignore[arg-type]
        core=[done, done, done, done],  # type: ignore[list-item]
        electives=[done, open_, done],  # type: ignore[list-item]
        available_electives=[],
    )
    assert (plan.satisfied_count, plan.required_count, plan.percent) == (6, 6, 100)
