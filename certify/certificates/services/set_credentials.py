"""Stackable credentials: one Open Badges 3.0 credential per completed competency set (ADR 0035).

Issued when a set of a plan is complete, whatever the route: the `plan_set.satisfied` event
(`handlers.py`) calls `set_credentials_ensure` after the set's transaction commits, and a
certificate being issued makes the missing ones first (`set_credentials_due`,
`set_credentials_issue`), in its own transaction and with its own status-list entries taken in
the same block (ADR 0061), so that the certificate's credential can name every set's credential.
Exactly once per set: the application row is locked (the same lock as
`progress.planned_set_satisfy` and the certificate's creation) while the credentials are looked
up and made, and a set has at most one (`planned_set` is unique).

Revoked by staff (with a reason), or by Certify in the transaction that revokes the certificate.
A suspended, replaced or expired certificate leaves its sets' credentials as they are.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from certify.accounts.models import User
from certify.applications.models import Application
from certify.certificates import dates
from certify.certificates.credentials import openbadge, sign, stackable
from certify.certificates.models import Certificate, SetCredential
from certify.certificates.selectors import set_credentials_of
from certify.certificates.services.keys import Signer, issuer_did, issuer_signer
from certify.certificates.services.statuslists import (
    revocation_entry_for,
    set_credential_bits_apply,
    status_indexes_allocate,
)
from certify.core.locking import row_lock
from certify.core.services import audit_record_each
from certify.core.workflow import System, transition
from certify.notifications.api import notify
from certify.programs.models import CompetencySet, Program
from certify.progress.api import Plan, plan_get
from certify.progress.models import PlannedSet


def issuer_of(program: Program, *, did: str = "") -> stackable.Issuer:
    """The program's issuer; `did` when the caller already has it (`Signer.did`)."""
    return stackable.Issuer(
        id=did or issuer_did(),
        name=program.certifying_body,
        url=settings.SITE_URL + "/",
        email=program.contact_email,
    )


def _criteria(competency_set: CompetencySet, count: int | None = None) -> str:
    if count is None:
        count = competency_set.competencies.count()
    what = f"each of the {count} competencies" if count else "the competencies"
    return (
        f"Show {what} of {competency_set.name} by an approved course, a portfolio assessed by two "
        "reviewers, or a recognized college program."
    )


def set_badge_data(
    credential: SetCredential,
    *,
    evidence: str,
    issuer: stackable.Issuer | None = None,
    competencies: int | None = None,
) -> stackable.SetBadgeData:
    """The set credential's data; `issuer` (`issuer_of`) and the number of the set's
    `competencies` when the caller already has them."""
    program, competency_set = credential.program, credential.competency_set
    site = settings.SITE_URL
    day = dates.day_text(dates.local_day(credential.completed_at, program))  # the program's day
    narrative = f"{credential.route_label}, complete on {day}"
    return stackable.SetBadgeData(
        credential_id=f"urn:uuid:{credential.credential_id}",
        issuer=issuer or issuer_of(program),
        program_name=program.name,
        achievement_id=site + competency_set.get_absolute_url(),
        set_name=credential.set_name,
        set_code=competency_set.code,
        set_description=competency_set.summary,
        criteria_url=site + reverse("programs:ways", kwargs={"slug": program.slug}),
        criteria_narrative=_criteria(competency_set, competencies),
        alignment=openbadge.Alignment(
            name=competency_set.name,
            url=site + competency_set.get_absolute_url(),
            case_identifier=str(competency_set.case_identifier),
            framework=program.name,
            description=competency_set.summary,
        ),
        holder_name=credential.holder.full_name or credential.holder.email,
        route_label=credential.route_label,
        route_narrative=f"{narrative}: {evidence}." if evidence else f"{narrative}.",
        completed_at=credential.completed_at,
        valid_from=credential.issued_at,
        status_entry=revocation_entry_for(
            series=credential.status_list_series, index=credential.status_list_index
        ),
        framework_version=competency_set.framework_version.name,
    )


def set_credentials_due(*, application: Application, plan: Plan) -> list[PlannedSet]:
    """The complete sets of the application's plan that have no credential yet (one query)."""
    have = set(
        SetCredential.objects.filter(application=application).values_list(
            "planned_set_id", flat=True
        )
    )
    return [r for r in plan.core + plan.electives if r.is_satisfied and r.pk not in have]


def set_credentials_issue(
    *,
    application: Application,
    rows: list[PlannedSet],
    entries: list[tuple[int, int]],
    signer: Signer,
) -> list[SetCredential]:
    """Issue the credentials of `rows` (`set_credentials_due`), each at its status-list entry
    (`status_indexes_allocate`), signed by `signer`. The caller holds the application's row
    locked, in its transaction. A constant number of queries however many sets: their sets,
    versions and competency counts in one, the credentials in one, their audit rows in one."""
    if not rows:
        return []
    program = application.program
    issuer = issuer_of(program, did=signer.did)
    sets = {
        s.pk: s
        for s in CompetencySet.objects.filter(
            program=program, pk__in=[r.competency_set_id for r in rows]
        )
        .select_related("framework_version")
        .annotate(competency_count=Count("competencies"))
    }
    for competency_set in sets.values():
        competency_set.program = program  # the plan's sets are its program's
    now = timezone.now()
    credentials = []
    for row, (series, index) in zip(rows, entries, strict=True):
        competency_set = sets[row.competency_set_id]
        credential = SetCredential(
            planned_set=row,
            application=application,
            holder=application.candidate,
            program=program,
            competency_set=competency_set,
            set_name=competency_set.name,
            route=row.route,
            route_label=row.get_route_display() if row.route else "Complete",
            completed_at=row.satisfied_at or now,
            issued_at=now,
            status_list_series=series,
            status_list_index=index,
        )
        document = stackable.set_credential(
            set_badge_data(
                credential,
                evidence=row.evidence,
                issuer=issuer,
                competencies=competency_set.competency_count,  # type: ignore[attr-defined]
            )
        )
        credential.credential = sign.sign(
            document, private_key=signer.private_key, verification_method=signer.method, created=now
        )
        credentials.append(credential)
    SetCredential.objects.bulk_create(credentials)
    audit_record_each(
        actor=None,
        verb="set_credential.issued",
        targets=[
            (c, {"set": c.competency_set.code, "route": row.route})
            for c, row in zip(credentials, rows, strict=True)
        ],
    )
    return credentials


@transaction.atomic
def set_credentials_ensure(*, application: Application) -> list[SetCredential]:
    """Issue the credential of every complete set of the application's plan that has none yet;
    return the ones made. Safe to call any number of times, at the same moment too."""
    application = row_lock(application, "program", "candidate")
    rows = set_credentials_due(application=application, plan=plan_get(application=application))
    if not rows:
        return []
    return set_credentials_issue(
        application=application,
        rows=rows,
        entries=status_indexes_allocate(len(rows)),
        signer=issuer_signer(),
    )


def set_credential_move(
    *, set_credential: SetCredential, move: str, actor: Any, reason: str
) -> SetCredential:
    """One move of the set credential's workflow and its revocation bit, in one transaction."""
    set_credential.status_reason = reason
    transition(set_credential, move, actor=actor, reason=reason)
    set_credential_bits_apply(set_credential=set_credential)
    return set_credential


@transaction.atomic
def set_credential_revoke(
    *, set_credential: SetCredential, actor: User, reason: str
) -> SetCredential:
    """Staff revoke one set's credential (the certificate is decided on its own)."""
    set_credential = (
        SetCredential.objects.select_for_update(of=("self",))
        .select_related("program", "holder")
        .get(pk=set_credential.pk)
    )
    set_credential_move(set_credential=set_credential, move="revoke", actor=actor, reason=reason)
    notify(
        recipient=set_credential.holder,
        event="set_credential.revoked",
        context={
            "program": set_credential.program,
            "set_name": set_credential.set_name,
            "reason": reason,
        },
        link=reverse("certificates:mine"),
    )
    return set_credential


def set_credentials_revoke_with(*, certificate: Certificate, reason: str) -> int:
    """Revoke the valid credentials of the certificate's sets: called in the transaction that
    revokes the certificate, so both change together. Returns how many were revoked."""
    actor = System(why=f"certificate {certificate.number} revoked")
    why = f"The certificate {certificate.number} was revoked: {reason}"
    revoked = 0
    for set_credential in (
        set_credentials_of(certificate)
        .filter(status=SetCredential.Status.VALID)
        .select_for_update(of=("self",))
    ):
        set_credential_move(set_credential=set_credential, move="revoke", actor=actor, reason=why)
        revoked += 1
    return revoked
