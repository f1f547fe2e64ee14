"""The Celery task class of every task: what is enqueued after a commit never fails the committed action."""

import functools
import logging

from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


class Task(DjangoTask):
    """With the broker down, `delay_on_commit` logs and lets the request finish: the transaction has
    committed, so answering 500 would lie to the user. What was not enqueued is picked up by the sweeps
    (queued e-mail by notifications.tasks.resend_failed, missing PDFs by render_missing_pdfs)."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self._enqueue_after_commit, args, kwargs))

    def apply_async_on_commit(self, args=None, kwargs=None, **options) -> None:
        transaction.on_commit(functools.partial(self._enqueue_after_commit, args or (), kwargs or {}, **options))

    def _enqueue_after_commit(self, args, kwargs, **options):
        try:
            return self.apply_async(args, kwargs, **options)
        except OperationalError as error:
            logger.error("Broker unreachable, %s%r not enqueued (a sweep retries it): %s", self.name, args, error)
            return None
