"""Where a 企业用户 may go at all: this module's pages, its own messages and its own account; the home
page sends it to its own page (园企之窗). Everything else, every other module's page, export, report and
the API, answers 403 before its view runs.

The other modules' pages check the permission matrix, where this role is in no row, so each refuses it
anyway; this gate is the second lock, for a page that asks only for a log-in (the home page, the
menu's shortcuts, a report's download) and for pages added later by someone who forgets the new role.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from parkops.org.choices import Role

OPEN_NAMESPACES = {"services"}
OPEN_VIEWS = {
    "core:logout", "org:login", "org:password_change", "org:awaiting_role", "org:second_factor",
    "org:own_second_factor", "notices:inbox", "notices:message_open", "notices:message_read",
    "notices:message_read_all",
    # 审批代办's case list and page, which keep an enterprise user to its own enterprise's cases
    # (approvals.permissions).
    "approvals:case_list", "approvals:case_detail",
    # 惠企政策兑现: an enterprise applies for a clause its own page (园企之窗) offers it, and follows its own
    # cash-outs (the permission matrix keeps it to its own enterprise's).
    "policies:apply", "policies:application_list", "policies:application_detail",
}
HOME = "site:home"
REFUSED = "企业账号只能查看本企业的诉求和数据。"


class EnterpriseConfinementMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role == Role.ENTERPRISE:
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)  # the 404 page
            if match.view_name == HOME:
                return redirect("services:mine")
            if match.namespace not in OPEN_NAMESPACES and match.view_name not in OPEN_VIEWS:
                if request.path_info.startswith("/api/"):  # answered as the API answers a refusal
                    return JsonResponse({"detail": REFUSED}, status=403)
                raise PermissionDenied(REFUSED)
        return self.get_response(request)
