from django.utils.cache import patch_cache_control

# Features no page of the portal uses: a browser refuses them to the page and to anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(self), usb=()"
)


class PrivateResponseHeadersMiddleware:
    """Nothing a signed-in person sees is kept by a browser or a shared cache: every authenticated page and
    private download answers `Cache-Control: no-store`. Every response carries a Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
