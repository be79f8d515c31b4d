"""Triggers that give a reviewer's data a new version whenever a row their review queue shows
changes (ADR 0071, `certify/core/data_versions.py`): their assignments and the ratings under
them, the submissions they review, and, for the columns the queue reads, the portfolio, the plan
row, the application and the candidate's name those submissions reach."""

from django.db import migrations

from certify.core.data_versions import track

# The reviewers of the assignments whose submission's portfolio is ...
_OF_PORTFOLIO = (
    "SELECT a.reviewer_id AS person FROM portfolios_reviewassignment a "
    "JOIN portfolios_submission s ON s.id = a.submission_id "
)
_OF_PLANNED_SET = _OF_PORTFOLIO + "JOIN portfolios_portfolio p ON p.id = s.portfolio_id "
_OF_APPLICATION = _OF_PLANNED_SET + "JOIN progress_plannedset ps ON ps.id = p.planned_set_id "
_OF_CANDIDATE = _OF_APPLICATION + "JOIN applications_application ap ON ap.id = ps.application_id "


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_data_versions"),
        ("portfolios", "0007_review_reminders_due"),
        ("progress", "0005_data_versions"),
        ("applications", "0012_data_versions"),
        ("accounts", "0006_us_english_labels"),
    ]

    operations = [
        track("portfolios_reviewassignment", person="{row}.reviewer_id"),
        track(
            "portfolios_competencyrating",
            person="SELECT reviewer_id AS person FROM portfolios_reviewassignment "
            "WHERE id = {row}.assignment_id",
        ),
        track(
            "portfolios_submission",
            person="SELECT reviewer_id AS person FROM portfolios_reviewassignment "
            "WHERE submission_id = {row}.id",
        ),
        track(
            "portfolios_portfolio",
            person=_OF_PORTFOLIO + "WHERE s.portfolio_id = {row}.id",
            columns=("planned_set_id",),
        ),
        track(
            "progress_plannedset",
            person=_OF_PLANNED_SET + "WHERE p.planned_set_id = {row}.id",
            columns=("application_id", "competency_set_id"),
            name="reviewers",
        ),
        track(
            "applications_application",
            person=_OF_APPLICATION + "WHERE ps.application_id = {row}.id",
            columns=("candidate_id",),
            name="reviewers",
        ),
        track(
            "accounts_user",
            person=_OF_CANDIDATE + "WHERE ap.candidate_id = {row}.id",
            columns=("full_name",),
            name="reviewers",
        ),
    ]
