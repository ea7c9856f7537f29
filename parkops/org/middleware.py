"""Where a logged-in user may go while something is owed: a first or expired password goes to the
change page, an account without a role to the page that says so. Checked on every request, so no page
(nor the API) has to remember it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from parkops.org.services import password_change_due

ALWAYS_OPEN = {"core:logout", "org:password_change", "org:awaiting_role", "org:second_factor"}


class AccountGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._gated(request):
            if password_change_due(user):
                return redirect("org:password_change")
            if not user.role:
                return redirect("org:awaiting_role")
        return self.get_response(request)

    @staticmethod
    def _gated(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name not in ALWAYS_OPEN
