"""No scholarship page or API read writes: awards follow their invoice through events only."""

from django.utils import timezone

from certify.core.money import Money
from certify.notifications.scheduler import FREQUENT_JOBS
from certify.payments.services import payment_record
from certify.scholarships.models import Award, Fund
from certify.scholarships.services import application_award, draw_run
from tests.conftest import writes_during
from tests.factories import FundFactory, UserFactory
from tests.scholarships.conftest import apply, closed, fee_invoiced

API = "/api/v1/scholarships"
SPONSOR = "/api/v1/sponsor/scholarships"


def _reads_write_nothing(client, user, urls):
    client.force_login(user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert writes_during(lambda url=url: client.get(url)) == [], url


def test_scholarship_pages_and_api_reads_write_nothing_while_a_payment_is_on_its_way(
    client,
    enrollment_fund,
    ssd_org,
    member,
    make_member,
    committee,
    ssd_admin,
    program,
    django_capture_on_commit_callbacks,
):
    application = apply(enrollment_fund, member)
    fee_invoiced(enrollment_fund, member)
    award = application_award(application=application, actor=committee)
    draw_fund = FundFactory(
        sponsor=enrollment_fund.sponsor,
        name="SSD Enrollment Draw",
        method=Fund.Method.DRAW,
        required_organisations=[ssd_org],
    )
    apply(draw_fund, make_member(full_name="Drawn Person"))
    draw = draw_run(fund=closed(draw_fund), actor=ssd_admin, places=1)
    staff = UserFactory(roles=["program_staff"])
    with django_capture_on_commit_callbacks(execute=False):  # paid; not delivered yet
        payment_record(
            invoice=award.invoice, amount=Money(15000), method="cheque", reference="C", actor=staff
        )

    _reads_write_nothing(
        client,
        member,
        [
            "/scholarships/",
            f"/scholarships/applications/{application.pk}/",
            f"{API}/funds",
            f"{API}/funds/{enrollment_fund.slug}",
            f"{API}/applications",
            f"{API}/applications/{application.pk}",
        ],
    )
    client.logout()
    _reads_write_nothing(
        client,
        ssd_admin,
        [
            "/scholarships/sponsor/",
            f"/scholarships/sponsor/funds/{enrollment_fund.slug}/",
            f"/scholarships/sponsor/funds/{enrollment_fund.slug}/report/",
            f"/scholarships/applications/{application.pk}/",
            f"/scholarships/draws/{draw.pk}/",
            f"{SPONSOR}/funds",
            f"{SPONSOR}/funds/{enrollment_fund.slug}/applications",
            f"{SPONSOR}/draws/{draw.pk}",
        ],
    )
    assert Award.objects.get(pk=award.pk).status == "committed"

    FREQUENT_JOBS["events.redeliver"](timezone.now())  # the lost task, delivered by the job
    assert Award.objects.get(pk=award.pk).status == "paid"
