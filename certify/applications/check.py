"""The "Check your answers" summary of an application before it is submitted (ADR 0040).

The page is a list of sections, each a heading, rows (what was answered, and where to change
it) and warnings. A new part of the application adds its own `Section` in `check_sections`
and the template shows it without change."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse

from certify.applications.eligibility import (
    EligibilityResult,
    entry_errors,
    hours_in_window,
    whole_hours,
)
from certify.applications.memberships import memberships_asked
from certify.applications.models import Application, ExperienceEntry


@dataclass(frozen=True)
class Row:
    key: str
    value: str
    change_url: str = ""
    change_label: str = ""  # what "Change" changes, for screen readers
    detail: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Row]
    warnings: list[str] = field(default_factory=list)
    slug: str = ""


@dataclass(frozen=True)
class CheckAnswers:
    sections: list[Section]
    problems: list[str]
    pending: list[str]  # supervisor confirmations still waiting, one sentence each

    @property
    def can_submit(self) -> bool:
        return not self.problems


def _edit(application: Application, anchor: str) -> str:
    return f"{reverse('applications:detail', kwargs={'pk': application.pk})}#{anchor}"


def _day(day: date | None) -> str:
    return f"{day:%B} {day.day}, {day.year}" if day else "now"


def entry_eligible_hours(entry: ExperienceEntry, result: EligibilityResult, *, on: date) -> str:
    """The hours of one job that count, in words (the same rule as the total)."""
    experience = entry.as_experience()
    if entry_errors(experience, on=on):
        return "Not counted until its dates are corrected"
    hours = hours_in_window(
        experience, window_start=result.window_start, window_end=result.window_end
    )
    rounded = (Decimal(hours.numerator) / Decimal(hours.denominator)).quantize(Decimal("0.01"))
    return f"{whole_hours(rounded)} eligible hours"


def _pending_sentence(entry: ExperienceEntry) -> str:
    who = entry.supervisor_name or entry.supervisor_email
    return (
        f"{who} has not yet confirmed your hours at {entry.library_name}. If you submit now, "
        "the link we sent stops working and staff will see these hours as not confirmed."
    )


def _education(application: Application) -> Section:
    change = _edit(application, "education")
    rows = [
        Row(
            "Highest level of education",
            application.get_education_level_display() or "Not answered",
            change,
            "your level of education",
        ),
        Row(
            "Country of education",
            str(getattr(application.education_country, "name", "") or "Not answered"),
            change,
            "the country of your education",
        ),
    ]
    if application.education_outside_us:
        rows.append(
            Row(
                "About your education",
                application.education_note or "Not answered",
                change,
                "what you said about your education",
            )
        )
    rows.append(
        Row(
            "The information is true",
            "Confirmed" if application.attested else "Not confirmed",
            change,
            "your confirmation",
        )
    )
    return Section("Education and confirmation", rows, slug="education")


def _experience(
    application: Application, result: EligibilityResult, *, on: date
) -> tuple[Section, list[str]]:
    rows, pending = [], []
    for entry in application.experience.all():
        status = entry.supervisor_status
        if status == ExperienceEntry.SupervisorStatus.REQUESTED:
            pending.append(_pending_sentence(entry))
        confirmation = entry.get_supervisor_status_display() if status else "Supervisor not asked"
        rows.append(
            Row(
                f"{entry.role} at {entry.library_name}",
                entry_eligible_hours(entry, result, on=on),
                _edit(application, f"entry-{entry.pk}"),
                f"{entry.role} at {entry.library_name}",
                detail=(
                    f"{_day(entry.start_date)} to {_day(entry.end_date)}, "
                    f"{entry.claimed_hours_text}, {'paid' if entry.paid else 'unpaid'}. "
                    f"Supervisor's confirmation: {confirmation.lower()}."
                ),
            )
        )
    words = application.program.experience_words
    if not rows:
        jobs = f"your {words.job_kind}s"
        rows.append(Row("Jobs", "None yet", _edit(application, "entry-new"), jobs))
    return Section(words.title, rows, warnings=pending, slug="experience"), pending


def _eligibility(application: Application, result: EligibilityResult) -> Section:
    return Section(
        "Eligibility",
        [
            Row(
                "Eligible hours",
                result.summary,
                _edit(application, "experience"),
                f"your {application.program.experience_words.experience}",
                detail=result.next_step,
            )
        ],
        warnings=list(result.flags),
        slug="eligibility",
    )


def _memberships(application: Application) -> Section | None:
    """The memberships that change the fee (LSSCP: ALA), as the application's section asked."""
    asked = memberships_asked(application=application)
    if not asked:
        return None
    rows, warnings = [], []
    for item in asked:
        name = item.organisation.name
        membership = item.membership
        if membership is None:
            value = "Not a member (you pay the full fee)"
        else:
            value = (
                f"Member number {membership.member_number}, valid until "
                f"{_day(membership.expires_on)}: {membership.get_status_display().lower()}"
            )
            if item.waiting:
                warnings.append(
                    f"Your {name} membership is not confirmed yet: your invoice is issued once "
                    "staff confirm or refuse it."
                )
        rows.append(Row(name, value, _edit(application, "memberships"), f"your {name} membership"))
    return Section("Memberships", rows, warnings=warnings, slug="memberships")


def check_sections(
    application: Application, result: EligibilityResult, problems: list[str]
) -> CheckAnswers:
    on = result.window_end  # the day the result counted to (today in the program's zone)
    experience, pending = _experience(application, result, on=on)
    memberships = _memberships(application)
    sections = [
        _education(application),
        experience,
        *([memberships] if memberships else []),
        _eligibility(application, result),
    ]
    return CheckAnswers(sections=sections, problems=problems, pending=pending)
