from django.core.management import call_command

from certify.applications.models import Application


def test_seed_demo_makes_every_role_and_every_application_stage(lsscp, capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # safe to run again
    out = capsys.readouterr().out
    assert "staff@example.org" in out
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "more_info", "accepted", "rejected"}
    # six stages + the certified candidate + the renewing and lapsed holders
    assert Application.objects.count() == 9
    from certify.portfolios.models import ReviewerProfile

    assert ReviewerProfile.objects.filter(expertise__code="CT").count() == 2
