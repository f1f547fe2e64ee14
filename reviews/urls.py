from django.urls import path

from reviews.views import applicant, decision, queue, review

app_name = "reviews"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("export.csv", queue.export_csv, name="export"),
    path("balance/", queue.balance, name="balance"),
    path("<int:pk>/", review.application, name="application"),
    path("<int:pk>/assign/", review.assign, name="assign"),
    path("<int:pk>/conflict/", review.declare_conflict, name="declare"),
    path("<int:pk>/clarify/", review.ask_clarification, name="clarify"),
    path("<int:pk>/documents/<int:document_pk>/", review.document, name="document"),
    path("<int:pk>/decision/", decision.decision, name="decision"),
    path("<int:pk>/audit/", decision.audit_trail, name="audit"),
    path("clarifications/<int:pk>/answer/", applicant.answer_clarification, name="answer"),
    path("clarifications/<int:pk>/file/", applicant.clarification_file, name="clarification_file"),
    path("decisions/<int:pk>/letter.pdf", decision.decision_letter, name="letter"),
]
