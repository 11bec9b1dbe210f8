"""Content Security Policy: strict everywhere, loosened for Wagtail's editor only."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings

# The editor renders inline styles and a few inline scripts; it is only open to the national
# coordination, behind login. Public pages keep the strict policy.
EDITOR_ALLOWANCES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.CMS_URL_PREFIX):
            parts.replace = {**(parts.replace or {}), **EDITOR_ALLOWANCES}
        return parts
