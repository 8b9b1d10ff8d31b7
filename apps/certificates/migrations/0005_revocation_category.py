from django.db import migrations, models


def revoked_rows_read_other(apps, schema_editor):
    """Certificates revoked before the public category existed read "Other reason": their free text was written
    for the learner, and nobody chose which category the public should see."""
    Credential = apps.get_model("certificates", "Credential")
    Credential.objects.filter(status="revoked", revocation_category="").update(revocation_category="other")


class Migration(migrations.Migration):
    dependencies = [("certificates", "0004_shared_pdf_shares_grade")]

    operations = [
        migrations.AddField(
            model_name="credential",
            name="revocation_category",
            field=models.CharField(
                blank=True,
                choices=[
                    ("issued_in_error", "Issued in error"),
                    ("academic_misconduct", "Academic misconduct"),
                    ("corrected", "Corrected and re-issued"),
                    ("learner_request", "At the learner's request"),
                    ("key_compromised", "The key that signed it was compromised"),
                    ("other", "Other reason"),
                ],
                db_default="",
                default="",
                help_text="Shown, with the date, to everyone who checks the certificate.",
                max_length=24,
                verbose_name="public reason for revocation",
            ),
        ),
        migrations.AlterField(
            model_name="credential",
            name="revocation_reason",
            field=models.TextField(
                blank=True,
                help_text="Seen by the learner, the provider's staff and the Center only, never by the public.",
                verbose_name="reason for revocation",
            ),
        ),
        migrations.RunPython(revoked_rows_read_other, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="credential",
            constraint=models.CheckConstraint(
                condition=~models.Q(("status", "revoked")) | ~models.Q(("revocation_category", "")),
                name="revocation_has_public_category",
            ),
        ),
    ]
