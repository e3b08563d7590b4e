import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0008_review_revisions_updates_rounds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="reportexport",
            name="report_export_has_its_subject",
        ),
        migrations.AddField(
            model_name="reportexport",
            name="round",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="report_exports",
                to="priorities.updateround",
            ),
        ),
        migrations.AlterField(
            model_name="reportexport",
            name="scope",
            field=models.CharField(
                choices=[
                    ("meeting", "Meeting"),
                    ("committee", "Committee"),
                    ("plan", "Plan"),
                    ("round", "Update round"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="reportexport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("meeting__isnull", False), ("scope", "meeting")),
                    models.Q(("committee__isnull", False), ("scope", "committee")),
                    models.Q(("plan__isnull", False), ("scope", "plan")),
                    models.Q(("round__isnull", False), ("scope", "round")),
                    _connector="OR",
                ),
                name="report_export_has_its_subject",
            ),
        ),
    ]
