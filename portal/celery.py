import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# Every task, ours and shared ones, is a portal.tasks.Task: enqueuing after a commit never fails the action.
app = Celery("portal", task_cls="portal.tasks:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
