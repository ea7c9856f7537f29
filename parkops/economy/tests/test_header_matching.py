"""Headers matched as a person would read them: the catalogue's names and synonyms, the same with the
words a header adds around them (合计, 总额 …), and a header nobody could guess mapped by hand with
`--map`, remembered for the park."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parkops.economy.indicator_sheet import Catalogue, header_key
from parkops.economy.models import HeaderMapping
from parkops.economy.tests.sheets import BATTERY, BATTERY_CODE, LED, LED_CODE, flat_sheet, stored, write
from parkops.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("header", "code", "how"), [
    ("营业收入", "revenue", "名称一致"),
    ("利润总额（千元）本年累计", "profit", "名称一致"),
    ("实缴税金（万元）", "tax", "其他叫法"),
    ("税收合计", "tax", "近似：去掉“合计”"),
    ("1-10月税收合计（千元）", "tax", "近似：去掉“合计”"),
    ("营业收入总额(千元)", "revenue", "近似：去掉“总额”"),
    ("全年工业总产值", "output", "近似：去掉“全年”"),
    ("研发费用总计", "rnd", "近似：去掉“总计”"),
])
def test_header_is_matched_and_says_how(header, code, how):
    match = Catalogue().find(header)

    assert (match.indicator.code, match.label) == (code, how)


@pytest.mark.parametrize("header", ["入库税款", "应交增值税合计", "营业外收入", "合计"])
def test_header_that_names_no_indicator_is_not_guessed(header):
    assert Catalogue().find(header) is None


def test_header_key_keeps_the_name_only():
    assert header_key("税收合计（千元） 本年累计") == header_key("2025年1-10月税收合计") == "税收合计"


@pytest.fixture
def registry(park):
    return [EnterpriseFactory(park=park, credit_code=LED_CODE, name=LED),
            EnterpriseFactory(park=park, credit_code=BATTERY_CODE, name=BATTERY)]


def run(*args) -> str:
    out = StringIO()
    call_command("import_indicators", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def sheet(tmp_path, month: int):
    rows = [[1, LED_CODE, LED, 123456, 4000], [2, BATTERY_CODE, BATTERY, 98765, 2000]]
    header = ["序号", "统一社会信用代码", "企业名称", "营业收入（千元）", "入库税款（千元）"]
    return write(tmp_path, flat_sheet(rows, header=header, title=f"2025年1-{month}月工业企业主要经济指标"),
                 f"{month}月.xlsx")


def test_unmatched_column_is_listed_with_the_way_to_map_it(park, registry, tmp_path):
    out = run(str(sheet(tmp_path, 10)), "--period", "2025-10", "--dry-run")

    assert "未导入：入库税款（千元）（不是指标目录中的指标，不导入；可用 --map \"入库税款=指标\" 对应）" in out


def test_map_on_the_command_line_is_used_and_remembered_for_the_park(park, registry, tmp_path):
    out = run(str(sheet(tmp_path, 10)), "--period", "2025-10", "--map", "入库税款=税收")

    assert "入库税款（千元） → 税收（手工对应；千元 → 万元）" in out
    assert stored(LED_CODE, "tax") == 400
    mapping = HeaderMapping.objects.get(park=park)
    assert (mapping.header, mapping.indicator.code) == ("入库税款", "tax")
    assert "手工对应" in mapping.history.get().history_change_reason

    out = run(str(sheet(tmp_path, 11)), "--period", "2025-11")

    assert "入库税款（千元） → 税收（按本园区记住的对应；千元 → 万元）" in out
    assert stored(LED_CODE, "tax", date(2025, 11, 1)) == 400


def test_a_dry_run_remembers_nothing(park, registry, tmp_path):
    run(str(sheet(tmp_path, 10)), "--period", "2025-10", "--map", "入库税款=tax", "--dry-run")

    assert not HeaderMapping.objects.exists()


def test_map_to_an_unknown_indicator_is_refused_in_chinese(park, registry, tmp_path):
    with pytest.raises(CommandError, match="“税钱”不是指标目录中的指标。可选：营业收入"):
        run(str(sheet(tmp_path, 10)), "--period", "2025-10", "--map", "入库税款=税钱")
    with pytest.raises(CommandError, match="应写作“表头=指标”"):
        run(str(sheet(tmp_path, 10)), "--period", "2025-10", "--map", "入库税款")
