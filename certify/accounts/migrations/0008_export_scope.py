"""The copy of one's data gets a scope of its own ("export"), no longer part of "account". Tokens
made with "account" before were made to include it (the scope said "and a copy of your data"):
they get "export" as well, so they keep working as their holders expect."""

from django.db import migrations


def give_export(apps, schema_editor):
    Token = apps.get_model("accounts", "PersonalAccessToken")
    for token in Token.objects.all().only("pk", "scopes"):
        if "account" in token.scopes and "export" not in token.scopes:
            token.scopes = [*token.scopes, "export"]
            token.save(update_fields=["scopes"])


def take_export_back(apps, schema_editor):
    Token = apps.get_model("accounts", "PersonalAccessToken")
    for token in Token.objects.all().only("pk", "scopes"):
        if "export" in token.scopes:
            token.scopes = [s for s in token.scopes if s != "export"]
            if "account" not in token.scopes:
                token.scopes = [*token.scopes, "account"]
            token.save(update_fields=["scopes"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_ended_roles"),
    ]

    operations = [migrations.RunPython(give_export, take_export_back)]
