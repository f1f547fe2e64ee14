from allauth.account.adapter import DefaultAccountAdapter

from accounts.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's rate limits count per client IP: the real one, not our proxy's (accounts/client_ip.py)."""
        return client_ip(request)
