from django.urls import path

from workinggroups import views

app_name = "workinggroups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/roster/add/", views.roster_add, name="roster_add"),
    path("<int:pk>/roster.csv", views.roster_csv, name="roster_csv"),
    path("<int:pk>/join/", views.join_request, name="join"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/ballots/new/", views.ballot_create, name="ballot_create"),
    path("roster/<int:pk>/", views.roster_edit, name="roster_edit"),
    path("roster/<int:pk>/remove/", views.roster_remove, name="roster_remove"),
    path("join-requests/<int:pk>/decide/", views.join_decide, name="join_decide"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="meeting_invite"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/invitees/", views.meeting_ad_hoc, name="meeting_ad_hoc"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/documents/", views.meeting_document, name="meeting_document"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_calendar, name="meeting_ics"),
    path("meetings/<int:pk>/attendance.pdf", views.attendance_sheet, name="attendance_sheet"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("ballots/", views.ballot_list, name="ballots"),
    path("ballots/<int:pk>/", views.ballot_detail, name="ballot"),
    path("ballots/<int:pk>/vote/", views.ballot_vote, name="ballot_vote"),
    path("ballots/<int:pk>/proxy/", views.ballot_proxy, name="ballot_proxy"),
    path("ballots/<int:pk>/proxy/revoke/", views.ballot_proxy_revoke, name="ballot_proxy_revoke"),
    path("ballots/<int:pk>/close/", views.ballot_close, name="ballot_close"),
    path("ballots/<int:pk>/result.pdf", views.ballot_result_pdf, name="ballot_pdf"),
    path("ballots/<int:pk>/verify/", views.ballot_verify, name="ballot_verify"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
]
