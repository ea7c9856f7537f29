"""Which enterprise a row of the statistics bureau's sheet names: by credit code, then by name, in
dicts filled by one query, each enterprise once in a sheet; one the registry lacks is listed as new."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from parkops.core.text import match_key, normalise_name
from parkops.economy.indicator_preview import IndicatorPreview, NewEnterprise
from parkops.economy.models import Enterprise
from parkops.org.models import Park

MAX_NAME = Enterprise._meta.get_field("name").max_length


@dataclass(frozen=True)
class _Known:
    id: int
    park_id: int
    credit_code: str
    name: str


class SheetRegistry:
    """The enterprises a sheet may name, looked up in dicts filled by one query, and the rows that
    named each so far: an enterprise appears once in a sheet."""

    def __init__(self, park: Park | None):
        self.park = park
        self.by_code: dict[str, _Known] = {}
        self.by_name: dict[str, list[_Known]] = defaultdict(list)
        for id_, park_id, code, normalised, name in Enterprise.objects.values_list(
                "id", "park_id", "credit_code", "normalised_name", "name"):
            known = _Known(id_, park_id, code, name)
            self.by_code[code] = known
            if park is not None and park_id == park.pk:
                self.by_name[normalised].append(known)
        self.code_rows: dict[str, int] = {}
        self.id_rows: dict[int, int] = {}
        self.name_rows: dict[str, int] = {}

    def resolve(self, preview: IndicatorPreview, number: int, name: str, code: str) -> int | str | None:
        """The enterprise a row is about: its id, the credit code of a new one, or None (an error given)."""
        if code in self.code_rows:
            preview.error(number, f"统一社会信用代码“{code}”与第{self.code_rows[code]}行重复，同一企业在表中只能出现一次。")
            return None
        if code:
            self.code_rows[code] = number
        key = normalise_name(name)
        if code and code in self.by_code:
            target = self._known_by_code(preview, number, name, self.by_code[code])
        elif code:
            return self._new(preview, number, name, code)
        else:
            target = self._known_by_name(preview, number, name)
        if target is None:
            return None
        if target in self.id_rows:
            preview.error(number, f"“{name or code}”与第{self.id_rows[target]}行是同一家企业，同一企业在表中只能出现一次。")
            return None
        self.id_rows[target] = number
        if key:
            self.name_rows.setdefault(key, number)
        return target

    def _known_by_code(self, preview: IndicatorPreview, number: int, name: str, known: _Known) -> int | None:
        if self.park is not None and known.park_id != self.park.pk:
            preview.error(number, f"统一社会信用代码“{known.credit_code}”属于其他园区的企业“{known.name}”。")
            return None
        if name and match_key(name) != match_key(known.name):
            preview.warn(number, f"表中名称“{name}”与企业名录中的“{known.name}”不同，按信用代码匹配，名录中的名称不变。")
        return known.id

    def _known_by_name(self, preview: IndicatorPreview, number: int, name: str) -> int | None:
        same_name = self.by_name.get(normalise_name(name), [])
        if len(same_name) > 1:
            preview.error(number, f"企业名录中有{len(same_name)}家企业名为“{name}”，请在表中填写统一社会信用代码。")
            return None
        if not same_name:
            preview.error(number, f"企业“{name}”不在企业名录中，且没有统一社会信用代码，无法登记。"
                                  "请补填信用代码，或先在企业名录中登记该企业。")
            return None
        return same_name[0].id

    def _new(self, preview: IndicatorPreview, number: int, name: str, code: str) -> str | None:
        key = normalise_name(name)
        same_name = self.by_name.get(key, [])
        if same_name:
            preview.error(number, f"统一社会信用代码“{code}”不在企业名录中，但企业名称与名录中的“{same_name[0].name}”"
                                  f"（信用代码{same_name[0].credit_code}）相同，请核对信用代码。")
            return None
        if not key:
            preview.error(number, f"统一社会信用代码“{code}”不在企业名录中，且没有企业名称，无法登记。")
            return None
        if len(name) > MAX_NAME:
            preview.error(number, f"企业名称“{name[:30]}…”超过{MAX_NAME}字，是否填错了列？")
            return None
        if key in self.name_rows:
            preview.error(number, f"企业名称“{name}”与第{self.name_rows[key]}行相同，但信用代码不同，请核对。")
            return None
        self.name_rows[key] = number
        preview.new_enterprises.append(NewEnterprise(credit_code=code, name=" ".join(name.split()), row=number))
        return code
