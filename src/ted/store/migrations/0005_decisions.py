# Curation decisions (issue 11): stored apart from what documents say, replayed at every rebuild.

import django.utils.timezone
from django.db import migrations, models

import ted.store.decisions


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0004_sources'),
    ]

    operations = [
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.CharField(default=ted.store.decisions.new_id, max_length=32, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('merge', 'fusion'), ('split', 'séparation'), ('rename', 'renommage'), ('retype', 'changement de type'), ('reject_entity', "rejet d'une entité"), ('reject_relation', "rejet d'une relation"), ('add_relation', "ajout d'une relation"), ('add_attribute', "ajout d'un attribut"), ('hide', 'masquage')], max_length=16)),
                ('targets', models.JSONField(default=list, help_text='[{id, type, name, aliases}]: how to find each entity again')),
                ('payload', models.JSONField(blank=True, default=dict, help_text='What the decision says (alias, name, type...)')),
                ('author', models.CharField(blank=True, max_length=150)),
                ('note', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('undone_at', models.DateTimeField(blank=True, null=True)),
                ('undone_by', models.CharField(blank=True, max_length=150)),
                ('problem', models.TextField(blank=True, help_text='Why the last replay could not apply it (orphaned); empty if applied')),
                ('applied', models.JSONField(blank=True, default=dict, help_text='{entities: [ids], relations: [[type, source, target]]} after the last replay')),
                ('checked_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['created_at', 'id'],
                'indexes': [models.Index(fields=['created_at', 'id'], name='store_decis_created_ccd829_idx')],
            },
        ),
    ]
