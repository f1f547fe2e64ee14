from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("mfa/confirm/", views.confirm_enrolment, name="confirm_enrolment"),
]
