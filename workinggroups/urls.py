app_name = "workinggroups"

urlpatterns = []
