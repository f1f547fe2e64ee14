from django.urls import path

from declarations import views

app_name = "declarations"

urlpatterns = [
    path("<int:pk>/pdf/", views.signed_pdf, name="pdf"),
    path("<int:pk>/scan/", views.scan, name="scan"),
    path("<int:pk>/verify/", views.verification, name="verify"),
    path("to-sign/", views.awaiting_signature, name="awaiting"),
    path("to-sign/<int:membership_pk>/", views.sign_for_membership, name="sign_for_membership"),
]
