"""`parkops metrics`: every named metric with its current value, for whoever binds a target to one."""

import json
from datetime import date
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from parkops.testing.factories import ProjectFactory, StageEventFactory


def test_metrics_lists_every_metric_with_its_value(park, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 11, 20))
    StageEventFactory(project=ProjectFactory(park=park), stage="started", on=date(2025, 4, 1))

    out = StringIO()
    call_command("metrics", "--json", stdout=out)
    listed = {row["key"]: row for row in json.loads(out.getvalue())["metrics"]}
    assert listed["projects.started_count"]["value"] == "1"
    assert listed["projects.started_count"]["label"] == "新开工项目数"
    assert listed["economy.revenue"]["value"] is None  # no statistics yet

    out = StringIO()
    call_command("metrics", stdout=out)
    assert "projects.started_count" in out.getvalue()
    assert "新开工项目数（个）：截至11月20日 1个" in out.getvalue()
    assert "规上工业营业收入（万元）：截至11月20日 尚无数据" in out.getvalue()
