"""Permissions, applied one way everywhere.

- Every action has one named django-rules permission, declared in its app's `rules.py`.
- Views: each app builds one decorator per kind of object with `object_view`: it loads the object
  from the URL (404 when missing), checks the named permission on it, and hands it to the view.
  Views on no object use `permission_required`.
- Services that write check the same named permission again with `check_perm`, so that a call
  which does not come through the view (a command, a task, another service) is refused too.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def check_perm(actor, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `actor` holds `perm` (on `obj`)."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _in_background(request: HttpRequest) -> bool:
    """A poll or a script's call: a log-in page would be swapped into the page or parsed as JSON."""
    return bool(getattr(request, "htmx", False)) or "application/json" in request.headers.get(
        "Accept", ""
    )


def refusal(request: HttpRequest) -> HttpResponse:
    """The answer to a refused request: the log-in page for someone not signed in (a bare 403 for
    background requests), 403 for everyone else."""
    if not request.user.is_authenticated:
        if _in_background(request):
            return HttpResponse(status=403)
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def object_view(
    load: Callable[..., Any], *url_kwargs: str, check_on: Callable[[Any], Any] | None = None
):
    """A decorator factory for one kind of object.

    `load(**kwargs)` receives the URL arguments named in `url_kwargs` and returns the object (or
    raises Http404). `@kind_view("app.perm")` then checks the permission on it (or on
    `check_on(obj)`: a meeting's rights are its partnership's) and calls
    `view(request, obj, **other_url_kwargs)`; `@kind_view(None)` only loads it, for views whose
    object decides its own visibility (a public page)."""

    def for_permission(perm: str | None):
        def decorator(view):
            @wraps(view)
            def wrapper(request: HttpRequest, *args, **kwargs):
                obj = load(**{name: kwargs.pop(name) for name in url_kwargs})
                subject = check_on(obj) if check_on is not None else obj
                if perm is not None and not request.user.has_perm(perm, subject):
                    return refusal(request)
                return view(request, obj, *args, **kwargs)

            wrapper.permission = perm
            return wrapper

        return decorator

    return for_permission


def permission_required(perm: str):
    """For views on no particular object (the national coordination's queues)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not request.user.has_perm(perm):
                return refusal(request)
            return view(request, *args, **kwargs)

        wrapper.permission = perm
        return wrapper

    return decorator
