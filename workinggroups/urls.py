from django.urls import path

from workinggroups.views import ballots, groups, meetings, proposals

app_name = "workinggroups"

urlpatterns = [
    path("", groups.group_list, name="list"),
    path("<int:pk>/", groups.group_detail, name="detail"),
    path("<int:pk>/roster/add/", groups.roster_add, name="roster_add"),
    path("<int:pk>/roster.csv", groups.roster_csv, name="roster_csv"),
    path("<int:pk>/roster.pdf", groups.roster_pdf, name="roster_pdf"),
    path("<int:pk>/join/", groups.join_request, name="join"),
    path("<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("<int:pk>/ballots/new/", ballots.ballot_create, name="ballot_create"),
    path("roster/<int:pk>/", groups.roster_edit, name="roster_edit"),
    path("roster/<int:pk>/remove/", groups.roster_remove, name="roster_remove"),
    path("join-requests/<int:pk>/decide/", groups.join_decide, name="join_decide"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/answer/", meetings.meeting_answer, name="meeting_answer"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/invite/", meetings.meeting_invite, name="meeting_invite"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/invitees/", meetings.meeting_ad_hoc, name="meeting_ad_hoc"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/documents/", meetings.meeting_document, name="meeting_document"),
    path("meetings/<int:pk>/meeting.ics", meetings.meeting_calendar, name="meeting_ics"),
    path("meetings/<int:pk>/attendance.pdf", meetings.attendance_sheet, name="attendance_sheet"),
    path("documents/<int:pk>/", meetings.document_download, name="document"),
    path("ballots/", ballots.ballot_list, name="ballots"),
    path("ballots/<int:pk>/", ballots.ballot_detail, name="ballot"),
    path("ballots/<int:pk>/vote/", ballots.ballot_vote, name="ballot_vote"),
    path("ballots/<int:pk>/proxy/", ballots.ballot_proxy, name="ballot_proxy"),
    path("ballots/<int:pk>/proxy/revoke/", ballots.ballot_proxy_revoke, name="ballot_proxy_revoke"),
    path("ballots/<int:pk>/close/", ballots.ballot_close, name="ballot_close"),
    path("ballots/<int:pk>/result.pdf", ballots.ballot_result_pdf, name="ballot_pdf"),
    path("ballots/<int:pk>/verify/", ballots.ballot_verify, name="ballot_verify"),
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("proposals/new/", proposals.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
]
