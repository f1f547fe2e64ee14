"""Deliverable pages run the same number of SQL queries with 1 and N deliverables, versions and comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deliverables import services
from tests.deliverables.helpers import adopted
from tests.factories import deliverables as fd
from tests.factories import groups as fg

pytestmark = pytest.mark.django_db

N = 12


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_group_list_same_queries_with_1_and_n_deliverables(client, group, django_assert_num_queries):
    chair, _org = fd.chair(group)
    client.force_login(chair)
    fd.deliverable(group, by=chair)
    url = f"/deliverables/group/{group.pk}/"
    one = queries(client, url)
    for index in range(N - 1):
        fd.deliverable(group, by=chair, title=f"Deliverable {index}")
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.content.count(b'href="/deliverables/') >= N


def test_deliverable_page_same_queries_with_1_and_n_versions(client, group, django_assert_num_queries):
    item, writer, _version = fd.drafted(group)
    client.force_login(writer)
    url = f"/deliverables/{item.pk}/"
    one = queries(client, url)
    for index in range(N - 1):
        services.write_version(deliverable=item, by=writer, text=f"{fd.TEXT}\nParagraph {index}.\n")
    with django_assert_num_queries(one):
        response = client.get(url)
    assert f"Version {N}".encode() in response.content


def test_round_page_same_queries_with_1_and_n_comments(client, group, django_assert_num_queries):
    _item, writer, _version, comment_round = fd.in_round(group)
    members = [fg.voter(group) for _ in range(N)]
    services.add_comment(comment_round=comment_round, by=members[0][0], text="First.", paragraph=1)
    client.force_login(writer)
    url = f"/deliverables/rounds/{comment_round.pk}/"
    one = queries(client, url)
    for user, _org in members[1:]:
        services.add_comment(comment_round=comment_round, by=user, text="More.", paragraph=2)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.content.count(b'class="comment"') == N


def test_round_page_same_queries_for_resolving_rapporteur(client, group, django_assert_num_queries):
    _item, writer, _version, comment_round = fd.in_round(group)
    members = [fg.voter(group) for _ in range(N)]
    services.add_comment(comment_round=comment_round, by=members[0][0], text="First.", paragraph=1)
    for user, _org in members[1:]:
        services.add_comment(comment_round=comment_round, by=user, text="More.")
    services.close_round(comment_round=comment_round, by=writer)
    client.force_login(writer)
    url = f"/deliverables/rounds/{comment_round.pk}/"
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.content.count(b"Resolve comment") >= N
    # Resolve forms are built from the comments already fetched: no query per comment.
    assert len(context.captured_queries) < N


def test_public_alliance_page_same_queries_with_1_and_n_published(client, group, django_capture_on_commit_callbacks):
    def publish_one(slug):
        # One per group: each adoption needs the quorum of its own group's members.
        item, _vote, chair = adopted(fg.group(slug), django_capture_on_commit_callbacks)
        services.acknowledge(deliverable=item, by=fg.decision_maker())
        services.publish(deliverable=item, by=chair)

    publish_one("supply-chains")
    one = queries(client, "/alliances/semiconductors/")
    publish_one("pfas")
    publish_one("skills")
    assert queries(client, "/alliances/semiconductors/") == one
    assert client.get("/alliances/semiconductors/").content.count(b"Download \xe2\x80\x9cSkills Blueprint") == 3


def test_index_same_queries_with_1_and_n_deliverables(client, group, django_assert_num_queries):
    chair, _org = fd.chair(group)
    fd.deliverable(group, by=chair)
    commission = fg.decision_maker()
    client.force_login(commission)
    one = queries(client, "/deliverables/")
    for index in range(N - 1):
        fd.deliverable(group, by=chair, title=f"Deliverable {index}")
    with django_assert_num_queries(one):
        response = client.get("/deliverables/?state=drafting")
    assert response.content.count(b'<tr><th scope="row">') == N
