"""Give incidents a neighbourhood policing team, and backfill it from each incident's LSOA.

The backfill finds teams only where they are loaded already; on a database upgraded from
before teams existed, `asbhub load-geography` (or `asbhub setup`) loads them afterwards and
moves the incidents then, through core's `lsoa_teams_changed`.
"""

import django.db.models.deletion
from django.db import migrations, models


def backfill_teams(apps, schema_editor):
    """Set each incident's team to the team of its 2021 LSOA, one update per team."""
    Lsoa = apps.get_model("core", "Lsoa")
    Incident = apps.get_model("incidents", "Incident")
    codes_by_team = {}
    for code, team_id in Lsoa.objects.filter(team__isnull=False).values_list("code", "team_id"):
        codes_by_team.setdefault(team_id, []).append(code)
    for team_id, codes in codes_by_team.items():
        Incident.objects.filter(lsoa21_code__in=codes).update(team_id=team_id)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_teams"),
        ("incidents", "0004_work_incident_and_reindex"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="team",
            field=models.ForeignKey(
                blank=True,
                help_text="The team whose area covers the incident's LSOA",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="core.team",
                verbose_name="neighbourhood policing team",
            ),
        ),
        migrations.RunPython(backfill_teams, migrations.RunPython.noop, elidable=True),
    ]
