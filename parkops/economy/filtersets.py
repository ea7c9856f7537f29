import django_filters
from django.db.models import Q
from django.utils import timezone

from parkops.economy import registry
from parkops.economy.choices import PartyOrganisation
from parkops.economy.creditcode import normalise_code
from parkops.economy.models import Enterprise, Honour, IndustryChain
from parkops.org.models import Zone

YES_NO = [("yes", "是"), ("no", "否")]


def _honour_choices():
    return [(name, name) for name in registry.honour_names()]


class EnterpriseFilter(django_filters.FilterSet):
    """How the registry is searched: the list page, its Excel export and the API filter the same way.
    The queryset is expected to come from registry.with_listing_data (it carries scale_since)."""

    q = django_filters.CharFilter(label="关键词", method="filter_keyword")
    zone = django_filters.ModelChoiceFilter(label="片区", queryset=Zone.objects.order_by("name"),
                                            empty_label="全部片区")
    chain = django_filters.ModelChoiceFilter(label="产业链", queryset=IndustryChain.objects.all(),
                                             empty_label="全部产业链")
    scale = django_filters.ChoiceFilter(label="规上企业", choices=YES_NO, method="filter_scale", empty_label="全部")
    honour = django_filters.ChoiceFilter(label="荣誉", choices=_honour_choices, method="filter_honour",
                                         empty_label="全部荣誉")
    party_organisation = django_filters.ChoiceFilter(label="党组织", choices=PartyOrganisation.choices,
                                                     empty_label="全部")

    class Meta:
        model = Enterprise
        fields = ["q", "zone", "chain", "scale", "honour", "party_organisation"]

    def filter_keyword(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(name__icontains=text) | Q(short_name__icontains=text)
                               | Q(credit_code__icontains=normalise_code(text)))

    def filter_scale(self, queryset, name, value):
        return queryset.filter(scale_since__isnull=value != "yes")

    def filter_honour(self, queryset, name, value):
        """Held now: an expired title is history, not a tag the enterprise carries."""
        holders = Honour.objects.filter(registry.holds_on(timezone.localdate()), name=value)
        return queryset.filter(pk__in=holders.values("enterprise_id"))
