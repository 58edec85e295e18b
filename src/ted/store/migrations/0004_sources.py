# Written for TED's configured sources (issue 12): where each document came from, and the sources to follow.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0003_confidence'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='source_uri',
            field=models.CharField(blank=True, db_index=True, help_text='The source that listed it (what ted ingest was given)', max_length=2048),
        ),
        migrations.AddField(
            model_name='document',
            name='version',
            field=models.CharField(blank=True, help_text="The source's version token when read (git blob id, HTTP validators)", max_length=512),
        ),
        migrations.AddField(
            model_name='document',
            name='revision',
            field=models.CharField(blank=True, help_text='Git commit it was read at', max_length=64),
        ),
        migrations.AddField(
            model_name='document',
            name='origin',
            field=models.CharField(blank=True, help_text='Where a person reads it at its source (forge URL at the commit, page URL)', max_length=2048),
        ),
        migrations.CreateModel(
            name='ConfiguredSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text="The curator's name for the source", max_length=100, unique=True)),
                ('uri', models.CharField(help_text='What ted ingest would be given', max_length=2048, unique=True)),
                ('include', models.JSONField(blank=True, default=list, help_text="Globs on the item's path; empty: every item")),
                ('every', models.PositiveIntegerField(default=21600, help_text='Seconds between two syncs')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_sync_at', models.DateTimeField(blank=True, help_text='When the last sync ended', null=True)),
                ('last_success_at', models.DateTimeField(blank=True, null=True)),
                ('last_status', models.CharField(blank=True, help_text='ok, failed, or empty before the first sync', max_length=8)),
                ('last_error', models.TextField(blank=True, help_text='Why the last sync failed, in French')),
                ('last_counts', models.JSONField(blank=True, default=dict, help_text='new, changed, unchanged, removed, failed...')),
                ('last_revision', models.CharField(blank=True, help_text='Git commit read by the last sync', max_length=64)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
    ]
