import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html, format_html_join

from parkops.core.formatting import plain_number
from parkops.core.periods import period_key, period_label
from parkops.core.privacy import mask_phone
from parkops.economy import registry

HIDE_SM = {"td": {"class": "hide-sm"}, "th": {"class": "hide-sm"}}
NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}
NUMBER_HIDE_SM = {"td": {"class": "text-end text-nowrap hide-sm"}, "th": {"class": "text-end hide-sm"}}


class NumberColumn(tables.Column):
    """A quantity printed as a person writes it (12.5, not 12.50); exported as a number."""

    def render(self, value):
        return plain_number(value)

    def value(self, value):
        return value


class EnterpriseTable(tables.Table):
    """The registry list. Its headers are the registry sheet's: the Excel export (which also carries
    the columns hidden on the page) imports back without a change. Rows come from
    registry.with_listing_data: scale_since and current_honours are read from there."""

    name = tables.Column(verbose_name="企业名称", linkify=("economy:enterprise_detail", {"pk": tables.A("pk")}),
                         attrs={"td": {"class": "fw-semibold"}})
    credit_code = tables.Column(verbose_name="统一社会信用代码", orderable=False,
                                attrs={"td": {"class": "hide-sm small text-muted font-monospace"},
                                       "th": {"class": "hide-sm"}})
    short_name = tables.Column(verbose_name="简称", visible=False)
    legal_representative = tables.Column(verbose_name="法定代表人", visible=False)
    contact_person = tables.Column(verbose_name="联系人", visible=False)
    contact_phone = tables.Column(verbose_name="联系电话", visible=False)
    zone = tables.Column(verbose_name="片区", order_by=("zone__name",), attrs=HIDE_SM)
    industry_code = tables.Column(verbose_name="行业代码", visible=False)
    industry_name = tables.Column(verbose_name="行业名称", visible=False)
    chain = tables.Column(verbose_name="产业链", order_by=("chain__position", "chain__name"),
                          attrs={"td": {"class": "text-nowrap"}})
    land_mu = NumberColumn(verbose_name="用地面积（亩）", attrs=NUMBER)
    floor_area = NumberColumn(verbose_name="建筑面积（平方米）", visible=False)
    employees = tables.Column(verbose_name="从业人员", attrs=NUMBER_HIDE_SM)
    is_scale = tables.Column(verbose_name="是否规上", accessor="scale_since", visible=False, empty_values=())
    scale_since = tables.Column(verbose_name="入规时间", attrs={"td": {"class": "text-nowrap"}})
    honours = tables.Column(verbose_name="荣誉", accessor="current_honours", orderable=False, attrs=HIDE_SM)
    party_organisation = tables.Column(verbose_name="党组织", attrs=HIDE_SM)
    party_members = tables.Column(verbose_name="党员人数", visible=False)

    class Meta:
        export_exclude = ()
        attrs = {"class": "table table-sm table-hover align-top"}
        empty_text = "没有符合条件的企业。"

    def __init__(self, *args, show_phones: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_phones = show_phones
        self.phones_shown: list[int] = []  # the enterprises whose number went out in full, for the audit line

    def render_contact_phone(self, value, record):
        return self.value_contact_phone(value, record)

    def value_contact_phone(self, value, record):
        if not self.show_phones:
            return mask_phone(value)
        if value:
            self.phones_shown.append(record.pk)
        return value

    # Blanks last whichever way a column is sorted: PostgreSQL puts NULL first when descending, SQLite last.
    def _blanks_last(self, queryset, field: str, is_descending: bool):
        expression = F(field).desc(nulls_last=True) if is_descending else F(field).asc(nulls_last=True)
        return queryset.order_by(expression, "name", "pk"), True

    def order_land_mu(self, queryset, is_descending):
        return self._blanks_last(queryset, "land_mu", is_descending)

    def order_employees(self, queryset, is_descending):
        return self._blanks_last(queryset, "employees", is_descending)

    def order_scale_since(self, queryset, is_descending):
        return self._blanks_last(queryset, "scale_since", is_descending)

    def render_scale_since(self, value):
        return format_html('<span class="badge text-bg-success">规上</span> <span class="small text-muted">{}起</span>',
                           period_label(value))

    def value_scale_since(self, value):
        return period_key(value) if value else ""

    def value_is_scale(self, value):
        return "是" if value else "否"

    def render_honours(self, value):
        return format_html_join(" ", '<span class="badge rounded-pill text-bg-light border fw-normal">{}</span>',
                                ((honour.name,) for honour in value))

    def value_honours(self, value):
        return "、".join(registry.honour_label(honour) for honour in value)

    def render_party_organisation(self, record):
        return record.get_party_organisation_display()

    def value_party_organisation(self, record):
        return record.get_party_organisation_display()
