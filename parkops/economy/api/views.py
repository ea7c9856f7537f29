"""Read access to the enterprise registry for other systems; the same rows of the permission matrix and the same
filters as the pages (?q=, zone, chain, scale=yes|no, honour, party_organisation)."""

from rest_framework import permissions, viewsets

from parkops.core.permissions import API_READ, allows
from parkops.economy import registry
from parkops.economy.api.serializers import EnterpriseSerializer, IndustryChainSerializer
from parkops.economy.filtersets import EnterpriseFilter
from parkops.economy.models import Enterprise, IndustryChain


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


class IndustryChainViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndustryChainSerializer
    permission_classes = [CanViewEconomy]
    queryset = IndustryChain.objects.all()
