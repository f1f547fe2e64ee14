"""With the broker down, an action whose transaction committed never answers 500; the sweep sends later."""

import socket

import pytest
from kombu import pools as kombu_pools

from notifications.models import OutgoingEmail
from organisations.models import Invitation
from portal.celery import app

# Committed for real: the e-mail is enqueued on commit inside the request, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker_down():
    """Celery as in production (not eager), its broker a Redis URL on a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    saved = (app.conf.task_always_eager, app.conf.broker_url)

    def forget_connections():
        # The app caches its broker connections and producers (bound to the URL they were made for).
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        # kombu keeps producer pools per connection in a registry of its own: a closed one would be handed
        # out again to every later test that enqueues a task.
        kombu_pools.reset()

    forget_connections()
    app.conf.task_always_eager, app.conf.broker_url = False, f"redis://127.0.0.1:{port}/0"
    try:
        yield
    finally:
        forget_connections()
        app.conf.task_always_eager, app.conf.broker_url = saved


def test_invite_editor_with_broker_down_answers_a_redirect_and_keeps_the_email_queued(
    applicant_client, organisation, broker_down, caplog
):
    response = applicant_client.post(f"/organisations/{organisation.pk}/invite/", {"email": "colleague@example.eu"})

    assert response.status_code == 302
    assert Invitation.objects.filter(organisation=organisation, email="colleague@example.eu").exists()
    email = OutgoingEmail.objects.get(to=["colleague@example.eu"])
    assert email.status == OutgoingEmail.Status.QUEUED  # resend_failed sends it once it is stale
    assert "not enqueued" in caplog.text
