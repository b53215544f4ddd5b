from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_unit": getattr(user, "unit", None) if user is not None and user.is_authenticated else None,
        "portal_debug": settings.DEBUG,
    }
