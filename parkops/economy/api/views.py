"""Read access to the enterprise registry for other systems; the same rows of the permission matrix and the same
filters as the pages (?q=, zone, chain, scale=yes|no, honour, party_organisation)."""

from rest_framework import permissions, viewsets

from parkops.core import privacy
from parkops.core.permissions import API_READ, allows
from parkops.economy import registry
from parkops.economy.api.serializers import EnterpriseSerializer, IndustryChainSerializer
from parkops.economy.filtersets import EnterpriseFilter
from parkops.economy.models import Enterprise, IndustryChain
from parkops.economy.permissions import can_see_contact_phones


class CanViewEconomy(permissions.BasePermission):
    message = "您没有查看企业与经济数据的权限。"

    def has_permission(self, request, view) -> bool:
        return allows(request.user, "enterprise", API_READ)


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EnterpriseSerializer
    permission_classes = [CanViewEconomy]

    def get_queryset(self):
        enterprises = registry.with_listing_data(Enterprise.objects.all()).order_by("name", "pk")
        if self.action != "list":
            return enterprises
        return EnterpriseFilter(self.request.query_params, queryset=enterprises).qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "show_phones": can_see_contact_phones(self.request.user),
                "phones_shown": getattr(self, "phones_shown", [])}

    def initial(self, request, *args, **kwargs):
        self.phones_shown: list[int] = []
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        # One line per answer, naming the enterprises whose contact's number went out in full.
        shown = getattr(self, "phones_shown", [])
        if shown:
            ids = "、".join(str(pk) for pk in shown)
            privacy.record_read(what="企业联系人电话",
                                detail=f"通过接口查看 {len(shown)} 家企业联系人的完整电话（企业ID：{ids}）")
        return super().finalize_response(request, response, *args, **kwargs)


class IndustryChainViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndustryChainSerializer
    permission_classes = [CanViewEconomy]
    queryset = IndustryChain.objects.all()
