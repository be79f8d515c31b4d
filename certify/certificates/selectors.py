"""Reads for certificates; list pages keep a fixed number of queries."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Min, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from certify.accounts.api import Waiting
from certify.accounts.models import User
from certify.applications.models import Application
from certify.certificates.holder_words import lapsed_condition, lapsed_read
from certify.certificates.models import (
    Certificate,
    CertificateTransition,
    PublicProfile,
    RegisterListing,
    SetCredential,
    StatusList,
    WalletIssuance,
)
from certify.certificates.numbers import number_hint, number_normal
from certify.certificates.register import (
    RESULTS_LIMIT,
    STATE_NAMES,
    Search,
    name_needed,
    search_words,
    too_broad,
)
from certify.certificates.standing import with_status_since
from certify.core.codes import plain_digits
from certify.core.db_router import read_only_selector
from certify.programs import api as programs_api
from certify.programs.models import Program
from certify.progress import api as progress_api

ISSUED = ~Q(status=Certificate.Status.PENDING)


@read_only_selector
def certificate_by_number(*, number: str) -> Certificate | None:
    """An issued certificate, with what its standing needs (`certificates.standing`)."""
    return with_status_since(
        Certificate.objects.filter(ISSUED, number=number_normal(number)).select_related(
            "program", "replaced_by"
        )
    ).first()


# What the public verification page and answer show, and nothing more (the signed credential is
# large and not shown; the application leads to the sets earned and their routes).
VERIFICATION_FIELDS = [
    "number",
    "holder_name",
    "status",
    "issued_on",
    "expires_on",
    "program__slug",
    "program__name",
    "program__short_name",
    "program__certifying_body",
    "program__time_zone",
    "replaced_by__number",
    "application",
    "completed_sets",
]


@read_only_selector
def certificate_for_verification(*, number: str) -> Certificate | None:
    """An issued certificate with only what its public verification shows."""
    try:
        return with_status_since(
            Certificate.objects.filter(ISSUED, number=number_normal(number))
            .select_related("program", "replaced_by")
            .only(*VERIFICATION_FIELDS)
        ).get()
    except Certificate.DoesNotExist:
        return None


def certificate_for_application(*, application: Application) -> Certificate | None:
    return Certificate.objects.filter(application=application).first()


def certificate_list_for_holder(*, holder: User) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(holder=holder)
        .select_related("program", "replaced_by")
        .defer("replaced_by__credential", "replaced_by__completed_sets")
        .order_by("-created_at")
    )


def certificate_find(*, pk: int) -> Certificate | None:
    return (
        Certificate.objects.select_related("program", "holder", "approved_by", "replaced_by")
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=CertificateTransition.objects.select_related("actor").order_by(
                    "created_at", "id"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )


STAFF_FILTERS = ["pending", "valid", "expired", "lapsed", "suspended", "revoked", "replaced"]


def certificates_to_approve() -> Waiting:
    """For the staff home: certificates waiting for staff approval, and the oldest one's
    creation with its program's time zone, whose days the staff home counts (one query; the
    staff list's "pending" filter)."""
    rows = (
        Certificate.objects.filter(status=Certificate.Status.PENDING)
        .values(zone=F("program__time_zone"))
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by()
    )
    count, oldest, zone = 0, None, ""
    for row in rows:
        count += row["n"]
        if oldest is None or row["oldest"] < oldest:
            oldest, zone = row["oldest"], row["zone"]
    return Waiting(count, oldest, zone)


def certificate_staff_list(*, status: str = "", search: str = "") -> QuerySet[Certificate]:
    """Every certificate for staff; pending approvals first, then newest. `status`: one of
    `STAFF_FILTERS` ("expired": in the grace period, renewal still open; "lapsed": past the last
    day to renew), or "" for all."""
    pending_first = Case(When(status=Certificate.Status.PENDING, then=0), default=1)
    qs = (
        Certificate.objects.select_related("program", "holder", "replaced_by")
        .defer("replaced_by__credential", "replaced_by__completed_sets")
        .alias(pending_first=pending_first)
        .order_by("pending_first", "-issued_on", "-created_at")
    )
    # "Expired" from the day after the expiry day in the certificate's program (ADR 0036), as
    # its own page says, until its last day to renew has passed: "Lapsed" after (ADR 0014). One
    # query reads the programs for both.
    if status in (Certificate.EXPIRED, Certificate.LAPSED):
        programs = list(Program.objects.all())
        past = Q(
            programs_api.on_program_days(
                "expires_on", "lt", programs=[(p.pk, p.time_zone) for p in programs]
            ),
            status=Certificate.Status.VALID,
        )
        lapsed = lapsed_condition(programs)
        if status == Certificate.LAPSED:
            qs = qs.filter(past & lapsed) if lapsed is not None else qs.none()
        else:
            qs = qs.filter(past) if lapsed is None else qs.filter(past).exclude(lapsed)
    elif status == Certificate.Status.VALID:
        qs = qs.filter(programs_api.on_program_days("expires_on", "gte"), status=status)
    elif status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(
            Q(number__icontains=search)
            | Q(holder_name__icontains=search)
            | Q(holder__email__icontains=search)
        )
    return qs


def public_profile_for(*, user: User) -> PublicProfile | None:
    return PublicProfile.objects.filter(user=user).first()


def public_profile_find(*, slug: str) -> tuple[PublicProfile, list[Certificate]] | None:
    """A switched-on profile and the certificates it shows (not pending, not revoked), each
    read with what its status words need (the renewal that replaced it, whether it lapsed), so
    the page says what the verification page says in the same number of queries for any count."""
    profile = PublicProfile.objects.filter(slug=slug, is_public=True).select_related("user").first()
    if profile is None:
        return None
    certificates = lapsed_read(
        Certificate.objects.filter(ISSUED, holder=profile.user)
        .exclude(status=Certificate.Status.REVOKED)
        .select_related("program", "replaced_by")
        .defer("credential", "completed_sets", "replaced_by__credential")
        .order_by("-issued_on", "-id")
    )
    return profile, certificates


def status_list_find(*, slug: str) -> StatusList | None:
    purpose, _, series = slug.partition("-")
    if not plain_digits(series):
        return None
    return StatusList.objects.filter(purpose=purpose, series=int(series)).first()


@read_only_selector
def register_search(
    *, terms: Search, state: str = "", programs: list[tuple[int, str]] | None = None
) -> list[dict[str, Any]]:
    """The public register's answer (ADR 0030): certificates valid today (in their program's
    time zone) of holders who listed themselves, whose names hold each of `terms.words` as a
    whole word and a word starting with each initial, in `state` if given. Refused as too broad
    (`register.too_broad`) when more than `RESULTS_LIMIT` match: none are shown then. A single
    word (`terms.one_name`) finds only holders all of whose listed names are that one word, and
    of their certificates those printed with it; when it finds nobody it is refused as a name
    not in full (`register.name_needed`), as one word of a longer name always is. Two queries
    (the programs' time zones, then the search); one when `programs` ((id, time zone) of every
    program, `register_allowance.register_programs`) were read already."""
    match = Q(
        programs_api.on_program_days("expires_on", "gte", programs=programs),
        status=Certificate.Status.VALID,
        holder__register_listing__isnull=False,
    )
    name = "holder__register_listing__search_name"
    if terms.one_name:  # the listing's words are this word and no other: " madonna"
        match &= Q(**{name: f" {terms.words[0]}"}) & ~Q(holder_name__contains=" ")
    for word in () if terms.one_name else terms.words:  # " jose maria nunez": after a space
        match &= Q(**{f"{name}__contains": f" {word} "}) | Q(**{f"{name}__endswith": f" {word}"})
    for initial in terms.initials:
        match &= Q(**{f"{name}__contains": f" {initial}"})
    if state:
        match &= Q(holder__register_listing__state=state)
    found = list(
        Certificate.objects.filter(match)
        .order_by("holder_name", "number")
        .values(
            "holder_name",
            "number",
            "expires_on",
            program_name=F("program__name"),
            state=F("holder__register_listing__state"),
        )[: RESULTS_LIMIT + 1]
    )
    if len(found) > RESULTS_LIMIT:
        raise too_broad()
    if terms.one_name:  # printed with that one word, whole (a later certificate may differ)
        found = [row for row in found if search_words(row["holder_name"]) == terms.words]
        if not found:
            raise name_needed()
    return [{**row, "state_name": STATE_NAMES.get(row["state"], row["state"])} for row in found]


def register_listing_for(*, user: User) -> RegisterListing | None:
    return RegisterListing.objects.filter(user=user).first()


def holds_issued_certificate(*, user: User) -> bool:
    return Certificate.objects.filter(ISSUED, holder=user).exists()


def issued_certificate_zone(*, user: User) -> str | None:
    """The time zone of the program of the holder's newest issued certificate (the days of their
    register listing are that program's), or None when they hold no issued certificate."""
    return (
        Certificate.objects.filter(ISSUED, holder=user)
        .order_by("-issued_at", "-id")
        .values_list("program__time_zone", flat=True)
        .first()
    )


# --- Completed sets' own credentials (ADR 0035) ---------------------------------------------------


def plan_application_of(certificate: Certificate) -> int | None:
    """The application whose plan earned the certificate. A renewal's certificate has none
    itself: the chain of certificates it replaced is followed back to the first; while a renewal
    is being issued (not linked yet), the holder's newest plan in the program with sets'
    credentials stands for it."""
    seen: set[int] = set()
    current: Certificate | None = certificate
    while current is not None and current.application_id is None and current.pk not in seen:
        seen.add(current.pk)
        current = Certificate.objects.filter(replaced_by=current).first()
    if current is not None:
        return current.application_id
    return (
        SetCredential.objects.filter(
            holder_id=certificate.holder_id, program_id=certificate.program_id
        )
        .order_by("-application_id")
        .values_list("application_id", flat=True)
        .first()
    )


def set_credentials_of(certificate: Certificate) -> QuerySet[SetCredential]:
    application_id = plan_application_of(certificate)
    if application_id is None:
        return SetCredential.objects.none()
    # With the program: its days are the program's (`SetCredential.completed_on`).
    return SetCredential.objects.filter(application_id=application_id).select_related(
        "competency_set", "program"
    )


def set_credential_list_for_holder(*, holder: User) -> QuerySet[SetCredential]:
    """The holder's sets' credentials, by program and when each set was complete; one query."""
    return (
        SetCredential.objects.filter(holder=holder)
        .select_related("program")
        .defer("credential")
        .order_by("program__name", "completed_at", "id")
    )


def set_credential_find(*, credential_id: Any) -> SetCredential | None:
    return SetCredential.objects.filter(credential_id=credential_id).first()


def set_credential_staff_find(*, pk: int) -> SetCredential | None:
    return (
        SetCredential.objects.select_related("holder", "program", "competency_set")
        .filter(pk=pk)
        .first()
    )


def wallet_issuance_list(*, certificate: Certificate | None = None) -> QuerySet[WalletIssuance]:
    """Credentials issued to wallets (ADR 0033), oldest first: for one certificate, or all.
    What a re-issue needs to tell each wallet's holder: the certificate, DID, id and time."""
    qs = WalletIssuance.objects.select_related("certificate", "certificate__holder")
    if certificate is not None:
        qs = qs.filter(certificate=certificate)
    return qs.order_by("issued_at", "id")


@dataclass(frozen=True)
class SetEarned:
    name: str
    route: str  # how it was shown, in words ("" when not known)


# How each route reads on the public page (US English; the stored values keep their names).
ROUTE_WORDS = {
    "course": "Approved course",
    "portfolio": "Portfolio assessed by two reviewers",
    "programme": "Recognized college program",
}
# A renewal's certificate has no plan of its own: its sets were earned under the first
# certificate of the chain. Renewals come years apart, so the chain is short; this bounds it.
MOST_RENEWALS = 20


@read_only_selector
def certificate_sets_earned(*, certificate: Certificate) -> list[SetEarned]:
    """The competency sets the certificate was earned with, and the route of each, as the
    public verification page lists them. The plan's completed sets when it is known (the
    certificate's own application, or the first certificate's for a renewal); otherwise the
    names printed on the certificate, without routes."""
    application_id = certificate.application_id
    current = certificate.pk
    for _ in range(MOST_RENEWALS):
        if application_id is not None:
            break
        earlier = (
            Certificate.objects.filter(replaced_by_id=current)
            .values_list("pk", "application_id")
            .first()
        )
        if earlier is None:
            break
        current, application_id = earlier
    if application_id is not None:
        rows = progress_api.planned_sets_satisfied(application_id=application_id)
        if rows:
            return [SetEarned(r.competency_set.name, ROUTE_WORDS.get(r.route, "")) for r in rows]
    return [SetEarned(str(name), "") for name in certificate.completed_sets or []]


def program_with_badges_find(*, slug: str) -> Program | None:
    """A published program, or one with issued certificates (their credentials name its badge)."""
    try:
        program = programs_api.program_get(slug=slug, published_only=False)
    except Http404:
        return None
    if program.is_published or Certificate.objects.filter(ISSUED, program=program).exists():
        return program
    return None


def number_hint_for_site() -> str:
    """What a certificate number looks like here, under the verification page's field: in the
    program's letters when the site runs one program, neutral ones when it runs several."""
    names = Program.objects.filter(is_published=True).values_list("short_name", flat=True)
    return number_hint(names, year=timezone.localdate().year)
