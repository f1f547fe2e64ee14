"""The pages: what each person sees, 404 for what they may not, and the forms driving the services."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from deliverables import services
from deliverables.models import Comment, Deliverable, Version
from tests import factories
from tests.deliverables.helpers import adopted
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from tests.helpers import fetch
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db


def test_group_member_sees_deliverable_page(client, group):
    item, _writer, _version = fd.drafted(group)
    member, _org = fg.voter(group)
    client.force_login(member)
    response = client.get(f"/deliverables/{item.pk}/")
    assert response.status_code == 200
    assert b"Skills Blueprint" in response.content


def test_member_of_another_group_gets_404_for_group_only_deliverable(client, group):
    item, _writer, version = fd.drafted(group)
    services.update_deliverable(deliverable=item, by=fg.secretariat(), visibility=Deliverable.Visibility.GROUP)
    other, _org = fg.voter(fg.group("pfas"))
    client.force_login(other)
    for url in (
        f"/deliverables/{item.pk}/",
        f"/deliverables/versions/{version.pk}/",
        f"/deliverables/{item.pk}/compare/",
    ):
        assert client.get(url).status_code == 404


def test_alliance_member_reads_alliance_deliverable_but_not_its_comments(client, group):
    item, _writer, _version, comment_round = fd.in_round(group)
    services.update_deliverable(deliverable=item, by=fg.secretariat(), visibility=Deliverable.Visibility.ALLIANCE)
    other, _org = fg.voter(fg.group("pfas"))
    client.force_login(other)
    assert client.get(f"/deliverables/{item.pk}/").status_code == 200
    assert client.get(f"/deliverables/rounds/{comment_round.pk}/").status_code == 404
    assert client.get(f"/deliverables/rounds/{comment_round.pk}/resolutions.csv").status_code == 404


def test_unknown_and_malformed_ids_are_404(client, group):
    member, _org = fg.voter(group)
    client.force_login(member)
    assert client.get("/deliverables/999999/").status_code == 404
    assert client.get("/deliverables/rounds/999999/").status_code == 404
    assert client.get("/deliverables/abc/").status_code == 404


def test_chair_creates_deliverable_through_the_form(client, group):
    chair, _org = fd.chair(group)
    client.force_login(chair)
    response = client.post(
        f"/deliverables/group/{group.pk}/new/",
        {"title": "Packaging roadmap", "kind": "roadmap", "visibility": "group", "summary": "", "target_date": ""},
    )
    item = Deliverable.objects.get(title="Packaging roadmap")
    assert response.status_code == 302
    assert response["Location"] == f"/deliverables/{item.pk}/"


def test_member_cannot_reach_create_form(client, group):
    member, _org = fg.voter(group)
    client.force_login(member)
    assert client.get(f"/deliverables/group/{group.pk}/new/").status_code == 404


def test_rapporteur_writes_version_through_the_form(client, group):
    item, writer, _version = fd.drafted(group)
    client.force_login(writer)
    response = client.post(f"/deliverables/{item.pk}/versions/new/", {"text": fd.TEXT + "\nNew.\n", "note": "added"})
    assert response.status_code == 302
    assert Version.objects.filter(deliverable=item).count() == 2


def test_rapporteur_uploads_pdf_version(client, group):
    item, writer, _version = fd.drafted(group)
    client.force_login(writer)
    client.post(f"/deliverables/{item.pk}/versions/new/", {"text": "", "pdf": pdf_upload("draft.pdf"), "note": ""})
    version = Version.objects.get(deliverable=item, number=2)
    status, body = fetch(client, f"/deliverables/versions/{version.pk}/pdf/")
    assert status == 200 and body.startswith(b"%PDF-")


def test_version_page_shows_numbered_paragraphs_escaped(client, group):
    item, writer, _version = fd.drafted(group)
    version = services.write_version(deliverable=item, by=writer, text="Hello <script>x()</script>\n\nSecond.")
    client.force_login(writer)
    content = client.get(f"/deliverables/versions/{version.pk}/").content.decode()
    assert 'id="para-2"' in content
    assert "<script>x()" not in content


def test_compare_page_marks_changes_accessibly(client, group):
    item, writer, _version = fd.drafted(group)
    services.write_version(deliverable=item, by=writer, text=fd.TEXT.replace("75,000", "90,000"))
    client.force_login(writer)
    content = client.get(f"/deliverables/{item.pk}/compare/").content.decode()
    assert "<del>" in content and "<ins>" in content and "[added:]" in content


def test_member_comments_through_the_form(client, group):
    _item, _writer, _version, comment_round = fd.in_round(group)
    member, organisation = fg.voter(group)
    client.force_login(member)
    client.post(f"/deliverables/rounds/{comment_round.pk}/comment/", {"paragraph": "2", "text": "Cite sources."})
    comment = Comment.objects.get()
    assert (comment.organisation, comment.paragraph) == (organisation, 2)


def test_outsider_posting_a_comment_gets_404(client, group):
    _item, _writer, _version, comment_round = fd.in_round(group)
    outsider = factories.UserFactory()
    client.force_login(outsider)
    response = client.post(f"/deliverables/rounds/{comment_round.pk}/comment/", {"text": "Hi."})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_invitee_sees_only_the_round_invited_to(client, group):
    item, _writer, _version, comment_round = fd.in_round(group)
    guest = factories.UserFactory()
    services.invite_to_round(
        comment_round=comment_round,
        user=guest,
        organisation=factories.OrganisationFactory(owner=guest),
        by=fg.secretariat(),
    )
    client.force_login(guest)
    assert client.get(f"/deliverables/rounds/{comment_round.pk}/").status_code == 200
    assert client.get(f"/deliverables/{item.pk}/").status_code == 404


def test_resolution_table_csv_and_pdf(client, group):
    _item, writer, _version, comment_round = fd.in_round(group)
    member, organisation = fg.voter(group)
    comment = services.add_comment(comment_round=comment_round, by=member, text="=HYPERLINK(x)", paragraph=1)
    services.close_round(comment_round=comment_round, by=writer)
    services.resolve_comment(comment=comment, by=writer, resolution="not_accepted", reply="Out of scope.")
    client.force_login(member)
    status, body = fetch(client, f"/deliverables/rounds/{comment_round.pk}/resolutions.csv")
    text = body.decode()
    assert status == 200
    assert organisation.legal_name in text and "Not accepted" in text and "'=HYPERLINK(x)" in text
    status, body = fetch(client, f"/deliverables/rounds/{comment_round.pk}/resolutions.pdf")
    assert status == 200 and body.startswith(b"%PDF-")


def test_adopted_pdf_is_public_only_once_published(client, group, django_capture_on_commit_callbacks):
    item, vote, chair = adopted(group, django_capture_on_commit_callbacks)
    assert client.get(f"/deliverables/{item.pk}/adopted.pdf").status_code == 404
    services.acknowledge(deliverable=item, by=fg.decision_maker())
    services.publish(deliverable=item, by=chair)
    status, body = fetch(client, f"/deliverables/{item.pk}/adopted.pdf")
    assert status == 200 and body.startswith(b"%PDF-")
    page = client.get("/alliances/semiconductors/").content.decode()
    assert "Skills Blueprint" in page and f"/deliverables/{item.pk}/adopted.pdf" in page


def test_verify_page_checks_uploaded_copy(client, group, django_capture_on_commit_callbacks):
    item, vote, _chair = adopted(group, django_capture_on_commit_callbacks)
    member, _org = fg.voter(group)
    client.force_login(member)
    with vote.pdf.open("rb") as handle:
        original = handle.read()
    response = client.post(
        f"/deliverables/{item.pk}/verify/", {"copy": SimpleUploadedFile("copy.pdf", original, "application/pdf")}
    )
    assert "Identical:" in response.content.decode()
    assert "Intact:" in response.content.decode()


def test_chair_puts_to_vote_through_the_form(client, group):
    item, _writer, version = fd.drafted(group)
    chair, _org = fd.chair(group)
    client.force_login(chair)
    closes = (timezone.localtime(timezone.now() + timedelta(days=3))).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/deliverables/{item.pk}/vote/",
        {
            "version": version.pk,
            "closes_at": closes,
            "quorum_percent": 50,
            "majority": "simple",
            "majority_base": "cast",
        },
    )
    item.refresh_from_db()
    assert item.state == Deliverable.State.PUT_TO_VOTE
    assert response["Location"].startswith("/groups/ballots/")


def test_index_lists_only_what_the_member_may_see(client, group):
    item, _writer, _version = fd.drafted(group)
    services.update_deliverable(deliverable=item, by=fg.secretariat(), visibility=Deliverable.Visibility.GROUP)
    other_item, _w, _v = fd.drafted(fg.group("pfas"))
    services.update_deliverable(deliverable=other_item, by=fg.secretariat(), visibility=Deliverable.Visibility.GROUP)
    member, _org = fg.voter(group)
    client.force_login(member)
    content = client.get("/deliverables/").content.decode()
    assert f"/deliverables/{item.pk}/" in content
    assert f"/deliverables/{other_item.pk}/" not in content


def test_deliverable_pages_speak_french_and_german(client, group):
    item, writer, _version = fd.drafted(group)
    client.force_login(writer)
    french = client.get(f"/deliverables/{item.pk}/", headers={"accept-language": "fr"}).content.decode()
    assert "Rédiger une nouvelle version" in french
    writer.language = "de"
    writer.save(update_fields=["language"])
    german = client.get(f"/deliverables/{item.pk}/").content.decode()
    assert "Eine neue Fassung schreiben" in german
