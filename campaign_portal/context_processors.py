from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "portal_unit": user.unit if signed_in else None,
        "portal_two_factor": signed_in and (user.is_superuser or user.has_role("provincial_office")),
        "portal_debug": settings.DEBUG,
    }
