"""Two people opening a report type for the first time at once both get its page (make loadtest found the
second one getting a 500: both saw no template and both inserted version 1)."""

from parkops.reports import services
from parkops.reports.models import ReportTemplate


def test_a_first_use_that_loses_the_race_takes_the_version_the_other_put_in_use(db, monkeypatch):
    first = services.active_template("task_ledger")
    # The second request looked before the first committed: for it there was no template yet.
    manager, real_filter = ReportTemplate.objects, ReportTemplate.objects.filter
    stale_looks = [manager.none(), manager.none()]

    def looks(*args, **kwargs):
        return stale_looks.pop(0) if stale_looks else real_filter(*args, **kwargs)

    monkeypatch.setattr(manager, "filter", looks)

    second = services.active_template("task_ledger")

    assert not stale_looks  # both looks were the stale ones
    assert second.pk == first.pk and second.version == 1
    assert ReportTemplate.objects.filter(report_type="task_ledger").count() == 1
