"""A trigger that gives the candidate's data a new version whenever their portfolio's status
changes (ADR 0071, `certify/core/data_versions.py`): the plan says where each portfolio stands
(more evidence asked, not met after the resubmission), and a plan kept by the candidate's
versions must not outlive the verdict."""

from django.db import migrations

from certify.core.data_versions import track


class Migration(migrations.Migration):
    dependencies = [
        ("portfolios", "0009_submission_review_round"),
    ]

    operations = [
        track(
            "portfolios_portfolio",
            person="SELECT a.candidate_id AS person FROM progress_plannedset ps "
            "JOIN applications_application a ON a.id = ps.application_id "
            "WHERE ps.id = {row}.planned_set_id",
            columns=("status", "planned_set_id"),
            name="candidates",
        ),
    ]
