"""Monitoring results imported from .xlsx and .csv: a reading over its limit opens, by itself, one hazard for
the enterprise and one supervision task, both citing the reading; importing the same file again creates
nothing; bad files are refused with a Chinese message and nothing written."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from parkops.core.imports import ImportFileError
from parkops.environment.importers import MonitoringImporter
from parkops.environment.models import Outlet, PollutantLimit, Reading
from parkops.environment.tests.helpers import MONITORING_HEADER, MONITORING_ROWS, csv_file, xlsx
from parkops.safety.models import Hazard
from parkops.supervision.models import Task

pytestmark = pytest.mark.django_db


def _import(park, upload, user=None):
    importer = MonitoringImporter(park=park)
    preview = importer.preview(upload)
    assert not preview.errors, [str(p) for p in preview.errors]
    return preview, importer.commit(preview, user=user)


def test_one_reading_over_its_limit_opens_one_hazard_and_one_task_and_a_second_import_nothing(park, weike, ecology,
                                                                                             supervisor):
    preview, outcome = _import(park, xlsx(MONITORING_HEADER, MONITORING_ROWS), supervisor)
    assert preview.over_count == 1
    assert outcome.counts["新增监测结果"] == 3 and outcome.counts["超标（已生成隐患和督办任务）"] == 1
    assert Hazard.objects.count() == 1 and Task.objects.count() == 1

    lead = Reading.objects.get(pollutant="总铅")
    assert lead.over_limit and lead.hazard is not None and lead.task is not None
    hazard, task = lead.hazard, lead.task
    assert hazard.enterprise == weike and hazard.place == "YS001 雨水排放口"
    assert "总铅监测值0.82mg/L，超过标准限值0.5mg/L" in hazard.description
    assert "2025-11-10 09:30" in hazard.description and "监测结果.xlsx" in hazard.description
    assert task.plan.name == "生态环境监测超标督办" and "江西维科技术有限公司" in task.text and "0.82mg/L" in task.text
    assert [unit.name for unit in task.lead_units] == ["生态环境局"]
    assert not Reading.objects.get(pollutant="pH值").over_limit
    assert Outlet.objects.get().limits.count() == 3  # the limits the sheet gave, kept for the next readings

    again, outcome = _import(park, xlsx(MONITORING_HEADER, MONITORING_ROWS), supervisor)
    assert [line.action for line in again.lines] == ["unchanged"] * 3 and again.over_count == 0
    assert outcome.counts["新增监测结果"] == 0 and outcome.counts["已有未变"] == 3
    assert (Reading.objects.count(), Hazard.objects.count(), Task.objects.count(), Outlet.objects.count()) == (3, 1, 1, 1)


def test_a_gbk_csv_reads_the_same_and_a_ph_below_its_range_is_over(park, weike, supervisor):
    rows = [[1, "江西维科技术有限公司", "DW001 废水总排口", "pH值", "5.2", "无量纲", "6-9", "2025/11/12 14:00"],
            [2, "江西维科技术有限公司", "DW001 废水总排口", "化学需氧量", "120", "mg/L", "500", "2025/11/12 14:00"]]
    preview, outcome = _import(park, csv_file(MONITORING_HEADER, rows, encoding="gb18030"), supervisor)
    ph = Reading.objects.get(pollutant="pH值")
    assert ph.over_limit and ph.lower_limit == 6 and "超过标准限值6～9无量纲" in ph.hazard.description
    assert Hazard.objects.count() == 1 and Task.objects.count() == 1
    assert preview.kind == "csv"


def test_the_outlets_own_limit_is_the_one_held_to(park, weike, supervisor):
    _import(park, xlsx(MONITORING_HEADER, MONITORING_ROWS[:1]), supervisor)
    limit = PollutantLimit.objects.get(pollutant="总铅")
    limit.limit_value = 1
    limit.save()
    later = [[1, "江西维科技术有限公司", "YS001 雨水排放口", "总铅", "0.82", "mg/L", "0.5", "2025-11-18 09:30"]]
    preview = MonitoringImporter(park=park).preview(xlsx(MONITORING_HEADER, later))
    assert not preview.lines[0].over_limit
    assert "按系统登记的判断" in str(preview.warnings[0])


def test_an_enterprise_not_in_the_registry_refuses_the_file_and_nothing_is_written(park, weike):
    rows = [*MONITORING_ROWS, [4, "不存在的企业有限公司", "1#排口", "总铅", "9", "mg/L", "0.5", "2025-11-10"]]
    preview = MonitoringImporter(park=park).preview(xlsx(MONITORING_HEADER, rows))
    assert any("不在本园区企业库中" in str(p) for p in preview.errors)
    assert Reading.objects.count() == 0 and Hazard.objects.count() == 0


def test_a_binary_file_named_csv_is_refused_in_chinese(park):
    from django.core.files.uploadedfile import SimpleUploadedFile
    with pytest.raises(ImportFileError, match="不是CSV文本文件"):
        MonitoringImporter(park=park).preview(SimpleUploadedFile("监测.csv", b"PK\x03\x04\x00\x00binary"))


def test_the_command_lists_every_reading_as_json_and_a_dry_run_writes_nothing(park, weike, tmp_path):
    path = tmp_path / "监测结果.xlsx"
    path.write_bytes(xlsx(MONITORING_HEADER, MONITORING_ROWS).read())
    out = StringIO()
    call_command("import_monitoring", str(path), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["committed"] is False and data["count"] == 3 and data["new_over_limit"] == 1
    assert data["readings"][0]["over_limit"] is True and data["readings"][0]["value"] == "0.82"
    assert Reading.objects.count() == 0
    out = StringIO()
    call_command("import_monitoring", str(path), stdout=out)
    assert "已导入" in out.getvalue() and Hazard.objects.count() == 1
    call_command("import_monitoring", str(path), stdout=StringIO())
    assert Hazard.objects.count() == 1 and Task.objects.count() == 1


def test_the_command_fails_on_a_file_with_errors(park, weike, tmp_path):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(xlsx(MONITORING_HEADER, [[1, "江西维科技术有限公司", "1#", "总铅", "很高", "mg/L", "0.5", "2025-11-10"]]).read())
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_monitoring", str(path), stdout=StringIO())
