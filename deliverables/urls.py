from django.urls import path

from deliverables.views import adoption, deliverables, rounds, versions

app_name = "deliverables"

urlpatterns = [
    path("", deliverables.deliverable_index, name="index"),
    path("group/<int:pk>/", deliverables.group_deliverables, name="group"),
    path("group/<int:pk>/new/", deliverables.deliverable_create, name="create"),
    path("<int:pk>/", deliverables.deliverable_detail, name="detail"),
    path("<int:pk>/rapporteurs/", deliverables.rapporteur_add, name="rapporteur_add"),
    path("<int:pk>/acknowledge/", deliverables.acknowledge, name="acknowledge"),
    path("<int:pk>/publish/", deliverables.publish, name="publish"),
    path("<int:pk>/versions/new/", versions.version_create, name="version_create"),
    path("<int:pk>/compare/", versions.version_compare, name="compare"),
    path("versions/<int:pk>/", versions.version_detail, name="version"),
    path("versions/<int:pk>/edit/", versions.version_edit, name="version_edit"),
    path("versions/<int:pk>/pdf/", versions.version_pdf, name="version_pdf"),
    path("<int:pk>/rounds/new/", rounds.round_open, name="round_open"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/comment/", rounds.round_comment, name="round_comment"),
    path("rounds/<int:pk>/invite/", rounds.round_invite, name="round_invite"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:pk>/resolutions.csv", rounds.resolutions_csv, name="resolutions_csv"),
    path("rounds/<int:pk>/resolutions.pdf", rounds.resolutions_pdf, name="resolutions_pdf"),
    path("comments/<int:pk>/resolve/", rounds.comment_resolve, name="comment_resolve"),
    path("<int:pk>/vote/", adoption.put_to_vote, name="put_to_vote"),
    path("votes/<int:pk>/statement/<int:organisation_pk>/", adoption.minority_statement, name="statement"),
    path("<int:pk>/adopted.pdf", adoption.adopted_pdf, name="adopted_pdf"),
    path("<int:pk>/verify/", adoption.verification, name="verify"),
]
