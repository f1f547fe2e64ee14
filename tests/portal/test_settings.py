"""Every periodic job that beat sends names a task the worker knows: a typo would fail silently in production."""

import pytest
from django.conf import settings

from portal.celery import app


@pytest.mark.parametrize("entry", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_beat_schedule_entry_names_a_registered_task(entry):
    app.loader.import_default_modules()

    assert settings.CELERY_BEAT_SCHEDULE[entry]["task"] in app.tasks
