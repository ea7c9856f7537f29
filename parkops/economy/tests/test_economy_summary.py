"""`parkops economy-summary`: two years of monthly sheets in, and every figure out checked to the cent
against the same figures worked out by hand (economy_data.expected_summary), including enterprises
entering and leaving 规上 mid-year, one missing from the first year, one skipping a month."""

import json
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from parkops import cli
from parkops.economy.catalogue import CODES
from parkops.economy.tests.economy_data import build, expected_summary, generate, month
from parkops.testing.factories import ParkFactory


def summary_json(*args) -> dict:
    out = StringIO()
    call_command("economy_summary", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def checked_part(data: dict) -> dict:
    """What expected_summary works out: the counts, the leading share and the four figures of each indicator."""
    return {
        "period": data["period"], "enterprises": data["enterprises"], "new_enterprises": data["new_enterprises"],
        "leading_share_pct": data["leading_share_pct"],
        "indicators": {code: {key: figures[key] for key in ("cumulative", "month", "yoy_pct", "yoy_same_basis_pct")}
                       for code, figures in data["indicators"].items()},
    }


@pytest.fixture(scope="module")
def plans():
    return generate()


@pytest.fixture(params=["sheets", "record_values"])
def two_years(request, park, plans, tmp_path):
    """Two years written month by month: imported from the bureau's sheets as a user would, and
    through record_values directly (every other writer's way in)."""
    build(park, plans, sheets_in=tmp_path if request.param == "sheets" else None)
    return plans


PERIODS = [
    month(2024, 6),  # the entrant of year 1 reports 1-6月 with no month before; no 2023 base at all
    month(2025, 1),  # January: the month is the cumulative
    month(2025, 3),  # two enterprises enter 规上; one reports for the first time
    month(2025, 5),  # one enterprise misses the month
    month(2025, 6),  # … and has no month value when it comes back
    month(2025, 7),  # one enterprise has left 规上 but still reports
    month(2025, 12),
]
FILTERS = [
    ("chain", "装备制造", month(2025, 7)),
    ("chain", "纺织服装", month(2025, 3)),
    ("chain", "有色金属", month(2025, 10)),
    ("zone", "北区", month(2025, 6)),
    ("zone", "南区", month(2025, 3)),
]


def test_park_figures_match_the_sheets_to_the_cent(two_years):
    for period in PERIODS:
        data = summary_json("--period", f"{period:%Y-%m}")

        assert checked_part(data) == expected_summary(two_years, period), period
        assert list(data["indicators"]) == list(CODES)
        assert data["leading_share_indicator"] == "revenue"
        assert (data["closed"], data["revised"]) == (False, False)


def test_a_chain_or_a_zone_matches_the_sheets_to_the_cent(two_years):
    for what, name, period in FILTERS:
        data = summary_json("--period", f"{period:%Y-%m}", f"--{what}", name)

        assert checked_part(data) == expected_summary(two_years, period, **{what: name}), (name, period)
        assert data[what] == name


def test_the_figures_the_story_turns_on(two_years):
    """The generated story does what it claims, so the comparisons above test something."""
    march = summary_json("--period", "2025-03")
    july = summary_json("--period", "2025-07")
    june_2024 = summary_json("--period", "2024-06")

    assert (march["enterprises"], march["new_enterprises"]) == (11, 2)  # 锦绣服饰 and 维科电池 entered
    assert july["enterprises"] == 10  # 德安机械 left; its July figures do not count
    assert june_2024["new_enterprises"] == 1  # 赣鑫铝业
    assert june_2024["indicators"]["revenue"]["yoy_pct"] is None  # nothing for 2023
    revenue = march["indicators"]["revenue"]
    assert revenue["yoy_pct"] != revenue["yoy_same_basis_pct"]
    assert revenue["yoy_pct"] is not None and revenue["yoy_same_basis_pct"] is not None
    assert revenue["month_enterprises"] == 10  # 维科电池 has no February
    assert march["indicators"]["employees"]["month"] == march["indicators"]["employees"]["cumulative"]


def test_the_readable_summary_opens_like_the_reports(two_years):
    out = StringIO()
    call_command("economy_summary", "--period", "2025-10", stdout=out)
    text = out.getvalue()

    data = summary_json("--period", "2025-10")
    assert text.startswith(f"1-10月，园区规上工业企业{data['enterprises']}家（今年新入规2家），实现营业收入")
    assert "三大主导产业营业收入占园区营业收入" in text
    assert f"{data['leading_share_pct']}%" in text
    assert "营业收入：1-10月累计" in text


def test_unknown_zone_or_bad_period_is_refused_in_chinese(park):
    with pytest.raises(CommandError, match="没有名为“西区”的片区"):
        call_command("economy_summary", "--period", "2025-10", "--zone", "西区")
    with pytest.raises(CommandError, match="期间格式应为 YYYY-MM"):
        call_command("economy_summary", "--period", "2025年10月")


def test_several_parks_need_to_be_named(park):
    ParkFactory(name="共青城高新区")
    with pytest.raises(CommandError, match="请用 --park 指定"):
        call_command("economy_summary", "--period", "2025-10")
    assert summary_json("--period", "2025-10", "--park", "共青城高新区")["enterprises"] == 0


def test_the_parkops_console_command_takes_dashes(two_years, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["parkops", "economy-summary", "--period", "2025-12", "--json"])
    monkeypatch.setattr(connections, "close_all", lambda: None)

    cli.main()

    assert checked_part(json.loads(capsys.readouterr().out)) == expected_summary(two_years, month(2025, 12))
