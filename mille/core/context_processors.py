from django.conf import settings


def site(request) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        # Said wherever someone records their voice: how long it is kept after the workshop.
        "AUDIO_RETENTION_DAYS": settings.RETENTION["audio_after_closing"],
    }
