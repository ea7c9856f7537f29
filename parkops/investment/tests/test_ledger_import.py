"""The 招商引资项目台账 imports in its three layouts, again without a change, and back from its export."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parkops.investment import exporters
from parkops.investment.choices import CapitalSource, Stage
from parkops.investment.importers import UNCHANGED, LedgerImporter
from parkops.investment.models import InvestmentProject
from parkops.investment.tests import ledgers
from parkops.testing.factories import credit_code

pytestmark = pytest.mark.django_db


def _import(park, upload, user=None):
    importer = LedgerImporter(park=park)
    preview = importer.preview(upload)
    assert not preview.errors, [str(p) for p in preview.errors]
    importer.commit(preview, user=user)
    return preview


def _preview(park, upload):
    return LedgerImporter(park=park).preview(upload)


def test_the_stage_as_a_phrase_in_yi_yuan(park, supervisor):
    preview = _import(park, ledgers.word_stages(), supervisor)
    assert len(preview.lines) == 4  # the 合计 row is not a project
    copper = InvestmentProject.objects.get(name="年产5000吨高端铜箔项目")
    assert copper.total_investment == Decimal("125000.00")
    assert copper.stage == Stage.SIGNED  # "计划年底开工" is a plan, not a start
    assert copper.unit.name == "商务局"
    assert copper.agreement.signed_on.isoformat() == "2025-06-30"  # the table's date
    assert InvestmentProject.objects.get(name="功能性面料项目").stage == Stage.NEGOTIATING
    stopped = InvestmentProject.objects.get(name="锂电池隔膜项目")
    assert stopped.stage == Stage.TERMINATED and stopped.terminated_reason == "投资方调整战略布局"


def test_a_workbook_of_domestic_and_foreign_sheets(park, supervisor):
    preview = _import(park, ledgers.two_sheets(), supervisor)
    assert {line.sheet for line in preview.lines} == {"工作表“内资项目”", "工作表“外资项目”"}
    mould = InvestmentProject.objects.get(name="精密模具项目")
    assert mould.capital_source == CapitalSource.FOREIGN
    assert (mould.foreign_amount, mould.exchange_rate, mould.total_investment) == (
        Decimal("3000.00"), Decimal("7.1000"), Decimal("21300.00"))
    assert mould.origin_country == "新加坡" and mould.stage == Stage.SIGNED
    yarn = InvestmentProject.objects.get(name="高性能纱线项目")
    assert yarn.capital_source == CapitalSource.DOMESTIC and yarn.total_investment == Decimal("26000.00")
    assert (yarn.origin_province, yarn.origin_city) == ("江苏省", "无锡市")
    assert yarn.tracker.name == "廖国峰"


def test_a_column_per_stage_with_its_dates(park, supervisor):
    code = credit_code(321)
    _import(park, ledgers.stage_columns(credit_code=code), supervisor)
    parts = InvestmentProject.objects.get(name="高端装备零部件项目")
    assert parts.stage == Stage.REGISTERED
    assert [(c.to_stage, c.on.isoformat()) for c in parts.stage_changes.all()] == [
        (Stage.LEAD, "2025-01-06"), (Stage.NEGOTIATING, "2025-02-10"), (Stage.SIGNED, "2025-03-18"),
        (Stage.REGISTERED, "2025-04-20")]
    assert parts.enterprise.credit_code == code  # registered in the enterprise registry


def test_reaching_registration_without_a_credit_code_is_an_error(park):
    upload = ledgers.stage_columns()
    preview = _preview(park, upload)
    assert not preview.has_errors  # without a 注册 date the project stays at 签约
    book_line = next(line for line in preview.lines if line.name == "高端装备零部件项目")
    assert book_line.stage == Stage.SIGNED


@pytest.mark.parametrize("ledger", [ledgers.word_stages, ledgers.two_sheets, ledgers.stage_columns])
def test_importing_again_changes_nothing(park, supervisor, ledger):
    _import(park, ledger(), supervisor)
    again = _preview(park, ledger())
    assert [line.action for line in again.lines] == [UNCHANGED] * len(again.lines), \
        [(line.name, line.changes) for line in again.lines]


def test_the_export_imports_back_unchanged(park, supervisor):
    _import(park, ledgers.word_stages(), supervisor)
    _import(park, ledgers.two_sheets(), supervisor)
    content = exporters.ledger_xlsx(InvestmentProject.objects.order_by("name"))
    exported = SimpleUploadedFile("导出台账.xlsx", content)
    again = _preview(park, exported)
    assert len(again.lines) == 8
    assert [line.action for line in again.lines] == [UNCHANGED] * 8, [(ln.name, ln.changes) for ln in again.lines]


def test_the_export_rebuilds_the_same_projects_elsewhere(park, supervisor):
    _import(park, ledgers.word_stages(), supervisor)
    _import(park, ledgers.two_sheets(), supervisor)
    before = {p.name: (p.stage, p.total_investment, p.foreign_amount, p.unit_id, p.terminated_reason)
              for p in InvestmentProject.objects.all()}
    content = exporters.ledger_xlsx(InvestmentProject.objects.order_by("name"))
    InvestmentProject.all_objects.all().delete()
    _import(park, SimpleUploadedFile("导出台账.xlsx", BytesIO(content).getvalue()), supervisor)
    after = {p.name: (p.stage, p.total_investment, p.foreign_amount, p.unit_id, p.terminated_reason)
             for p in InvestmentProject.objects.all()}
    assert after == before
