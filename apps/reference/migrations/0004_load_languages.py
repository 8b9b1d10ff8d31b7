"""Languages of instruction that Georgian providers use."""

from django.db import migrations

LANGUAGES = [
    ("ka", "ქართული", "Georgian"),
    ("en", "ინგლისური", "English"),
    ("ru", "რუსული", "Russian"),
    ("de", "გერმანული", "German"),
    ("fr", "ფრანგული", "French"),
    ("tr", "თურქული", "Turkish"),
    ("hy", "სომხური", "Armenian"),
    ("az", "აზერბაიჯანული", "Azerbaijani"),
    ("uk", "უკრაინული", "Ukrainian"),
    ("es", "ესპანური", "Spanish"),
    ("it", "იტალიური", "Italian"),
]


def load(apps, schema_editor):
    Language = apps.get_model("reference", "Language")
    for code, name_ka, name_en in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name_ka": name_ka, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_language")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
