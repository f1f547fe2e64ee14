from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("export.csv", views.export_csv, name="export"),
    path("balance/", views.balance, name="balance"),
    path("<int:pk>/", views.application, name="application"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/conflict/", views.declare_conflict, name="declare"),
    path("<int:pk>/clarify/", views.ask_clarification, name="clarify"),
    path("<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
    path("<int:pk>/decision/", views.decision, name="decision"),
    path("<int:pk>/audit/", views.audit_trail, name="audit"),
    path("clarifications/<int:pk>/answer/", views.answer_clarification, name="answer"),
    path("clarifications/<int:pk>/file/", views.clarification_file, name="clarification_file"),
    path("decisions/<int:pk>/letter.pdf", views.decision_letter, name="letter"),
]
