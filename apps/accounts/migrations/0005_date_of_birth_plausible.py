import django.db.models
from django.db import migrations

import apps.accounts.validators


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_date_of_birth_personal_number"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="date_of_birth",
            field=django.db.models.DateField(
                blank=True,
                null=True,
                validators=[apps.accounts.validators.validate_date_of_birth],
                verbose_name="date of birth",
            ),
        ),
    ]
