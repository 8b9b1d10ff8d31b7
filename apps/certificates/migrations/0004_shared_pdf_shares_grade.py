from django.db import migrations, models


def pdf_without_grade_shares_nothing(apps, schema_editor):
    """A choice saved before the choices nested (the PDF shared, the grade hidden) is read as the narrowest one,
    as the sharing screen already shows it: the learner widens it again in one click."""
    Credential = apps.get_model("certificates", "Credential")
    Credential.objects.filter(show_pdf=True, show_grade=False).update(show_pdf=False)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_status_lists")]

    operations = [
        migrations.RunPython(pdf_without_grade_shares_nothing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="credential",
            constraint=models.CheckConstraint(
                condition=models.Q(("show_pdf", False), ("show_grade", True), _connector="OR"),
                name="shared_pdf_shares_grade",
            ),
        ),
    ]
