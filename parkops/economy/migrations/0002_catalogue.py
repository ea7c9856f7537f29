from django.db import migrations


def load_catalogue(apps, schema_editor):
    from parkops.economy.catalogue import ensure_catalogue

    ensure_catalogue(apps.get_model("economy", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("economy", "0001_initial")]
    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
