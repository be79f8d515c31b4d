# A data migration: no schema change.

from django.db import migrations


def first_reviews_end(apps, schema_editor):
    """Providers revoked before a revocation ended their courses under first review get today's
    consequences now (ADR 0009): each such course revoked, its unpaid fee voided, a paid part
    refunded, the provider told once. Through today's services, not the historical models: the
    workflow, the credit notes, the refunds and the notice are theirs. A new database has
    nothing to mend; run again, it finds nothing."""
    # Asked of the historical models first: a database with nothing to mend (every new one)
    # never reaches today's models, whose later columns this migration's tables lack.
    Provider = apps.get_model("courses", "Provider")
    if not Provider.objects.filter(
        status="revoked",
        courses__status__in=["submitted", "returned"],
        courses__first_approved_on__isnull=True,
    ).exists():
        return
    from certify.courses.services.revocation_mend import first_reviews_of_revoked_providers_end

    mended = first_reviews_of_revoked_providers_end()
    for name, titles in mended.ended.items():
        print(f"\n  {name}: revoked with it: {', '.join(titles)}", end="")
    for name, why in mended.left.items():
        print(f"\n  {name}: left for staff to end by hand: {why}", end="")


class Migration(migrations.Migration):
    # Today's services read and write these apps' tables as they are at this point.
    dependencies = [
        ("courses", "0011_provider_approval_stop"),
        ("accounts", "0008_export_scope"),
        ("applications", "0015_workplace_kind_of_the_program"),
        ("core", "0007_data_versions"),
        ("notifications", "0002_relay_limits_and_stops"),
        ("payments", "0008_checkout_expiry_retries"),
        ("programs", "0017_renewal_check_words"),
        ("progress", "0005_data_versions"),
    ]

    operations = [migrations.RunPython(first_reviews_end, migrations.RunPython.noop)]
