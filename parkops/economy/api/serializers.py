from rest_framework import serializers

from parkops.core.privacy import mask_phone
from parkops.economy.models import Enterprise, Honour, IndustryChain


class HonourSerializer(serializers.ModelSerializer):
    class Meta:
        model = Honour
        fields = ["name", "awarded_on", "expires_on"]


class EnterpriseSerializer(serializers.ModelSerializer):
    """An enterprise as the registry lists it; rows come from registry.with_listing_data, so `scale_since`
    (the month its current 规上 stretch began, null when not 规上 this month) and the honours still held
    cost no query per enterprise. Areas in 亩 and square metres, as stored."""

    # Null when the enterprise has no zone or chain yet: the schema must say so, or clients that trust it
    # (generated code, strict validators) break on the first such enterprise.
    zone = serializers.StringRelatedField(allow_null=True)
    chain = serializers.StringRelatedField(allow_null=True)
    party_organisation = serializers.CharField(source="get_party_organisation_display")
    is_scale = serializers.SerializerMethodField()
    scale_since = serializers.DateField(read_only=True, allow_null=True)
    honours = HonourSerializer(source="current_honours", many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "credit_code", "name", "short_name", "legal_representative", "contact_person",
                  "contact_phone", "zone", "industry_code", "industry_name", "chain", "land_mu", "floor_area",
                  "employees", "party_organisation", "party_members", "is_active", "is_scale", "scale_since",
                  "honours"]

    def get_is_scale(self, enterprise) -> bool:
        return enterprise.scale_since is not None

    def to_representation(self, enterprise):
        """The contact's phone in full only when the view says the asker may read it (show_phones), and
        then the enterprise is noted in phones_shown for the view's audit line."""
        data = super().to_representation(enterprise)
        if not self.context.get("show_phones"):
            data["contact_phone"] = mask_phone(data["contact_phone"])
        elif data["contact_phone"]:
            self.context["phones_shown"].append(enterprise.pk)
        return data


class IndustryChainSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndustryChain
        fields = ["id", "name", "is_leading", "position"]
