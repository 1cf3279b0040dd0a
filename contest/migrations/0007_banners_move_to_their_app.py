"""Banners, scans and sign-ups now belong to banners/ (banners 0001 took them over).

Only contest's migration state forgets them: the tables stay, owned by the banners app.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("contest", "0006_audit_key_release"),
        ("banners", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ScanSignup"),
                migrations.DeleteModel(name="Scan"),
                migrations.DeleteModel(name="Banner"),
            ],
        ),
    ]
