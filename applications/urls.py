from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/<slug:step>/", views.step, name="step"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/documents/<int:document_pk>/", views.download_document, name="document"),
    path("<int:pk>/documents/<int:document_pk>/remove/", views.remove_document, name="remove_document"),
]
