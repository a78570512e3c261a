from django.db import migrations, models


def on_for_token_holders(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Whoever already made an API token uses the API: their menu keeps its "API tokens"."""
    User = apps.get_model("core", "User")
    ApiToken = apps.get_model("core", "ApiToken")
    User.objects.filter(pk__in=ApiToken.objects.values("user_id")).update(api_access=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_api_token_scope_expiry"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="api_access",
            field=models.BooleanField(default=False, verbose_name="uses the API"),
        ),
        migrations.RunPython(on_for_token_holders, migrations.RunPython.noop),
    ]
