"""`parkops gen-scale`: the same seed gives the same rows, the sizes asked for, and no second copy."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from parkops.economy.creditcode import is_valid_credit_code
from parkops.economy.models import Enterprise, IndicatorValue, ScaleMembership
from parkops.org.models import Park
from parkops.projects.models import Problem, Project
from parkops.site.scale import dump, generate
from parkops.supervision.models import ProgressReport, Task

OCTOBER = date(2025, 10, 1)
TINY = {"parks": 2, "enterprises": 12, "years": 2, "tasks": 6, "projects": 4, "until": OCTOBER}


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_rows_twice():
    with transaction.atomic():
        generate(**TINY, seed=7)
        first = dump()
        transaction.set_rollback(True)
    assert not Park.objects.exists()

    generate(**TINY, seed=7)

    assert dump() == first


@pytest.mark.django_db
def test_another_seed_writes_other_figures():
    with transaction.atomic():
        generate(**TINY, seed=7)
        first = dump()["economy_indicatorvalue"]
        transaction.set_rollback(True)

    generate(**TINY, seed=8)

    assert dump()["economy_indicatorvalue"] != first


@pytest.mark.django_db
def test_counts_follow_the_sizes_asked_for():
    generate(**TINY, seed=1)

    assert Park.objects.count() == 2
    assert Enterprise.objects.count() == 12
    assert Task.objects.count() == 6
    assert Project.objects.count() == 4
    assert Problem.objects.count() == 2  # one project in three has a problem: 2 in each park of 2
    # Every 规上 enterprise has each of the ten indicators for every month, January a year ago to October.
    months = 12 + 10
    assert IndicatorValue.objects.count() == ScaleMembership.objects.count() * 10 * months
    assert ProgressReport.objects.count() == 6 * 3  # the last three months of each task
    assert all(is_valid_credit_code(code) for code in Enterprise.objects.values_list("credit_code", flat=True))


@pytest.mark.django_db
def test_cumulative_figures_add_up_the_months_of_the_year():
    generate(**TINY, seed=1)

    values = IndicatorValue.objects.filter(indicator__code="revenue", period__year=2025)
    one = values.first().enterprise_id
    months = list(values.filter(enterprise_id=one).order_by("period"))
    assert months[-1].cumulative == sum(v.month_value for v in months)


@pytest.mark.django_db
def test_a_second_run_refuses_in_chinese_and_writes_nothing():
    out = StringIO()
    call_command("gen_scale", "--parks", "1", "--enterprises", "3", "--until", "2025-10", stdout=out)
    assert "规模测试园区001（种子1）" in out.getvalue()
    before = Enterprise.objects.count()

    with pytest.raises(CommandError, match="数据库中已有同名园区：规模测试园区001（种子1）"):
        call_command("gen_scale", "--parks", "1", "--enterprises", "3", "--until", "2025-10", stdout=StringIO())

    assert Enterprise.objects.count() == before
