from django.urls import path

from memberships import views

app_name = "memberships"

urlpatterns = [
    path("", views.public_list, name="public"),
    path("directory/", views.directory, name="directory"),
    path("directory/export.csv", views.export_csv, name="export"),
    path("<int:pk>/", views.membership_detail, name="detail"),
    path("<int:pk>/state/", views.change_state, name="change_state"),
    path("<int:pk>/representatives/", views.name_representative, name="name_representative"),
    path("representatives/<int:pk>/remove/", views.remove_representative, name="remove_representative"),
]
