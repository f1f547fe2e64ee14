app_name = "memberships"

urlpatterns = []
