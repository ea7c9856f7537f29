"""土地与厂房 for other systems: a parcel with its use found by rule (land.rules) and where its supply
stands, a disposal case with its light; areas in 亩 and money in 万元 as stored, decimals as strings."""

from rest_framework import serializers

from parkops.land.models import DisposalCase, Parcel


class ParcelSerializer(serializers.ModelSerializer):
    """The findings come from the view's context (one read of the page's parcels, land.selectors)."""

    zone = serializers.StringRelatedField(allow_null=True)
    use = serializers.CharField(source="get_use_display")
    supply_method = serializers.CharField(source="get_supply_method_display")
    holder = serializers.CharField(source="holder_label")
    use_status = serializers.SerializerMethodField(help_text="利用状态（系统按规则认定）：idle 闲置 等")
    use_status_label = serializers.SerializerMethodField()
    use_reason = serializers.SerializerMethodField()
    supply_state = serializers.SerializerMethodField(help_text="approved_unsupplied 批而未供 / supplied_unused 供而未用")
    case_id = serializers.SerializerMethodField()

    class Meta:
        model = Parcel
        fields = ["id", "number", "location", "zone", "area_mu", "use", "approval_number", "approved_on",
                  "supply_method", "supplied_on", "contract_number", "holder", "delivered_on", "agreed_start_on",
                  "started_on", "completed_on", "use_status", "use_status_label", "use_reason", "supply_state",
                  "case_id", "outline"]

    def _row(self, parcel):
        return self.context["rows"][parcel.pk]

    def get_use_status(self, parcel) -> str:
        return str(self._row(parcel).finding.status)

    def get_use_status_label(self, parcel) -> str:
        return self._row(parcel).finding.label

    def get_use_reason(self, parcel) -> str:
        return self._row(parcel).finding.reason

    def get_supply_state(self, parcel) -> str | None:
        supply = self._row(parcel).supply
        return str(supply) if supply else None

    def get_case_id(self, parcel) -> int | None:
        case = getattr(parcel, "case", None)
        return case.pk if case else None


class DisposalCaseSerializer(serializers.ModelSerializer):
    parcel = serializers.StringRelatedField()
    method = serializers.StringRelatedField(allow_null=True)
    responsible_unit = serializers.StringRelatedField(allow_null=True)
    leader = serializers.StringRelatedField(allow_null=True)
    new_enterprise = serializers.StringRelatedField(allow_null=True)
    new_project = serializers.StringRelatedField(allow_null=True)
    light = serializers.SerializerMethodField(help_text="亮灯：overdue 逾期 / behind 滞后 / not_started 未启动 / "
                                                        "on_schedule 序时推进 / done 已完成")
    light_reason = serializers.SerializerMethodField()

    class Meta:
        model = DisposalCase
        fields = ["id", "parcel_id", "parcel", "method", "progress", "responsible_unit", "leader", "opened_on",
                  "deadline", "closed_on", "revitalised_mu", "new_enterprise", "new_project", "result", "light",
                  "light_reason"]

    def _light(self, case):
        return self.context["lights"][case.pk]

    def get_light(self, case) -> str:
        return str(self._light(case).light)

    def get_light_reason(self, case) -> str:
        return self._light(case).reason
