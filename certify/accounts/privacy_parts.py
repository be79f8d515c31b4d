"""The built-in parts of a person's data export and account closure (see `privacy.py`).

Each function reads one area's rows of one person. Erasers remove or blank what is personal
and not needed as a record: decisions, money and certificates stay (see the privacy ADR).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.db.models.fields.files import FieldFile

from certify.accounts.models import User
from certify.accounts.privacy import privacy_part, rows


def model(label: str) -> Any:
    return apps.get_model(label)


# --- Profile, roles, sign-in -------------------------------------------------------------------


def _erase_profile(user: User) -> None:
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    model("accounts.PersonalAccessToken").objects.filter(user=user).delete()
    model("accounts.RoleAssignment").objects.filter(user=user).delete()


@privacy_part("profile", erase=_erase_profile)
def _profile(user: User) -> dict[str, Any]:
    return {
        "account": rows(
            [user],
            exclude=("password", "groups", "user_permissions", "is_superuser", "is_staff"),
        ),
        "email_addresses": rows(EmailAddress.objects.filter(user=user)),
        "roles": rows(model("accounts.RoleAssignment").objects.filter(user=user)),
        "api_tokens": rows(
            model("accounts.PersonalAccessToken").objects.filter(user=user), exclude=("hashed",)
        ),
        "two_factor": [
            {"type": a.type, "created_at": a.created_at}
            for a in Authenticator.objects.filter(user=user)
        ],
    }


# --- Memberships, notifications ----------------------------------------------------------------


def _erase_memberships(user: User) -> None:
    model("memberships.Membership").objects.filter(user=user).delete()


@privacy_part("memberships", erase=_erase_memberships)
def _memberships(user: User) -> list[dict]:
    return rows(model("memberships.Membership").objects.filter(user=user))


def _erase_notifications(user: User) -> None:
    model("notifications.OutgoingEmail").objects.filter(to=user.email).delete()
    model("notifications.Notification").objects.filter(recipient=user).delete()
    model("notifications.EmailPreference").objects.filter(user=user).delete()


@privacy_part("notifications", erase=_erase_notifications)
def _notifications(user: User) -> dict[str, Any]:
    return {
        "notifications": rows(model("notifications.Notification").objects.filter(recipient=user)),
        "emails": rows(model("notifications.OutgoingEmail").objects.filter(to=user.email)),
        "preferences": rows(model("notifications.EmailPreference").objects.filter(user=user)),
    }


# --- Applications, appeals, plan ---------------------------------------------------------------


def _erase_applications(user: User) -> None:
    application_model = model("applications.Application")
    model("applications.ExperienceEntry").objects.filter(application__candidate=user).delete()
    application_model.objects.filter(candidate=user, status="draft").delete()
    application_model.objects.filter(candidate=user).update(education_note="")
    model("appeals.Appeal").objects.filter(appellant=user).update(grounds="")


@privacy_part("applications", erase=_erase_applications)
def _applications(user: User) -> dict[str, Any]:
    applications = model("applications.Application").objects.filter(candidate=user)
    return {
        "applications": rows(applications),
        "experience": rows(
            model("applications.ExperienceEntry").objects.filter(application__in=applications)
        ),
        "decisions": rows(
            model("applications.ApplicationTransition").objects.filter(application__in=applications)
        ),
        "appeals": rows(model("appeals.Appeal").objects.filter(appellant=user)),
    }


@privacy_part("plan")
def _plan(user: User) -> list[dict]:
    return rows(model("progress.PlannedSet").objects.filter(application__candidate=user))


# --- Payments and scholarships (kept after closure: financial records) -------------------------


@privacy_part("payments")
def _payments(user: User) -> dict[str, Any]:
    invoices = model("payments.Invoice").objects.filter(user=user)
    return {
        "invoices": rows(invoices),
        "invoice_lines": rows(model("payments.InvoiceLine").objects.filter(invoice__in=invoices)),
        "payments": rows(model("payments.Payment").objects.filter(invoice__in=invoices)),
        "refunds": rows(model("payments.Refund").objects.filter(invoice__in=invoices)),
    }


def _erase_scholarships(user: User) -> None:
    model("scholarships.ScholarshipApplication").objects.filter(applicant=user).update(
        statement="", class_details=""
    )


@privacy_part("scholarships", erase=_erase_scholarships)
def _scholarships(user: User) -> dict[str, Any]:
    return {
        "applications": rows(
            model("scholarships.ScholarshipApplication").objects.filter(applicant=user)
        ),
        "awards": rows(model("scholarships.Award").objects.filter(recipient=user)),
    }


# --- Portfolios and courses (with the person's files) ------------------------------------------


def _evidence(user: User) -> Any:
    return model("portfolios.EvidenceItem").objects.filter(
        response__portfolio__planned_set__application__candidate=user
    )


def _evidence_files(user: User) -> Iterable[tuple[str, FieldFile]]:
    for item in _evidence(user).exclude(file=""):
        yield f"{item.pk}-{item.file.name.rsplit('/', 1)[-1]}", item.file


def _erase_portfolios(user: User) -> None:
    for item in _evidence(user).exclude(file=""):
        item.file.delete(save=False)
    _evidence(user).update(
        file="", url="", attester_name="", attester_email="", attestation_text="", title="Removed"
    )
    portfolios = model("portfolios.Portfolio").objects.filter(
        planned_set__application__candidate=user
    )
    model("portfolios.Response").objects.filter(portfolio__in=portfolios).update(narrative="")
    portfolios.update(learning_statement="")
    model("portfolios.Submission").objects.filter(portfolio__in=portfolios).update(
        snapshot={"removed": "The candidate closed their account."}
    )


@privacy_part("portfolios", files=_evidence_files, erase=_erase_portfolios)
def _portfolios(user: User) -> dict[str, Any]:
    portfolios = model("portfolios.Portfolio").objects.filter(
        planned_set__application__candidate=user
    )
    return {
        "portfolios": rows(portfolios),
        "responses": rows(model("portfolios.Response").objects.filter(portfolio__in=portfolios)),
        "evidence": rows(_evidence(user)),
        "submissions": rows(
            model("portfolios.Submission").objects.filter(portfolio__in=portfolios)
        ),
    }


def _course_files(user: User) -> Iterable[tuple[str, FieldFile]]:
    completions = model("courses.CourseCompletion").objects.filter(application__candidate=user)
    for completion in completions.exclude(certificate=""):
        name = completion.certificate.name.rsplit("/", 1)[-1]
        yield f"completion-{completion.pk}-{name}", completion.certificate
    for claim in model("courses.ProgrammeClaim").objects.filter(candidate=user).exclude(proof=""):
        yield f"claim-{claim.pk}-{claim.proof.name.rsplit('/', 1)[-1]}", claim.proof


def _erase_courses(user: User) -> None:
    for _name, stored in list(_course_files(user)):
        stored.delete(save=False)
    model("courses.CourseCompletion").objects.filter(application__candidate=user).update(
        certificate=""
    )
    model("courses.ProgrammeClaim").objects.filter(candidate=user).update(proof="")


@privacy_part("courses", files=_course_files, erase=_erase_courses)
def _courses(user: User) -> dict[str, Any]:
    return {
        "completions": rows(
            model("courses.CourseCompletion").objects.filter(application__candidate=user)
        ),
        "programme_claims": rows(model("courses.ProgrammeClaim").objects.filter(candidate=user)),
    }


# --- Certificates (kept after closure: verification stays truthful) ----------------------------


def _erase_certificates(user: User) -> None:
    model("certificates.PublicProfile").objects.filter(user=user).delete()


@privacy_part("certificates", erase=_erase_certificates)
def _certificates(user: User) -> dict[str, Any]:
    return {
        "certificates": rows(model("certificates.Certificate").objects.filter(holder=user)),
        "public_profile": rows(model("certificates.PublicProfile").objects.filter(user=user)),
    }


# --- The audit trail (kept: it cannot be changed) ----------------------------------------------


@privacy_part("audit")
def _audit(user: User) -> list[dict]:
    from django.db.models import Q

    return rows(
        model("core.AuditEvent").objects.filter(
            Q(actor=user) | Q(target_type="accounts.user", target_id=str(user.pk))
        )
    )
