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


def test_loading_the_demo_again_keeps_the_demo_accounts_tokens(db, lsscp):
    """`make run` loads the demo on every start: a demo password already right is not set again,
    since a new password revokes the person's tokens and e-mails them (ADR 0023). One a person
    changed is put back, and that change stops their tokens as any other would."""
    from certify.accounts.models import PersonalAccessToken, User
    from certify.accounts.tokens import token_create
    from certify.loaddata.demo.accounts import DEMO_PASSWORD, demo_accounts_create

    demo_accounts_create()
    staff = User.objects.get(email="staff@example.org")
    kept = token_create(user=staff, name="Trying the API", scopes=["account"])
    demo_accounts_create()
    assert PersonalAccessToken.objects.get(pk=kept.token.pk).revoked_at is None

    staff.set_password("another one entirely")
    staff.save()
    again = token_create(user=staff, name="After a change", scopes=["account"])
    demo_accounts_create()
    staff.refresh_from_db()
    assert staff.check_password(DEMO_PASSWORD)
    assert PersonalAccessToken.objects.get(pk=again.token.pk).revoked_at is not None
