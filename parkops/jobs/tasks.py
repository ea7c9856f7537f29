"""The functions the worker's schedules call (schedules.py). Each may run twice, or again after a
restart, without sending anything twice, and returns one line in Chinese that the 定时推送 page shows
as the run's result. `today` is for tests and for catching up by hand; the schedules leave it out."""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone

from parkops.jobs import reminders, scheduled_reports

logger = logging.getLogger(__name__)


def _today(today: date | str | None) -> date:
    if today is None:
        return timezone.localdate()
    return date.fromisoformat(today) if isinstance(today, str) else today


def _day(today: date) -> str:
    return f"{today:%Y年%-m月%-d日}"


def send_report_reminders(today: date | str | None = None) -> str:
    today = _today(today)
    sent = reminders.send_reminders(today=today)
    if not sent.reminders:
        return f"{_day(today)}：没有需要发送的报送提醒。"
    return (f"{_day(today)}：向{len(sent.units)}个单位发送报送提醒{sent.reminders}条"
            f"（站内消息{sent.messages}条，推送{sent.deliveries}条）。")


def escalate_problems(today: date | str | None = None) -> str:
    """What `parkops escalate-problems` does, daily."""
    from parkops.projects.services import escalate_overdue_problems

    today = _today(today)
    changes = escalate_overdue_problems(today=today)
    if not changes:
        return f"{_day(today)}：没有需要升级的逾期问题。"
    return f"{_day(today)}：已升级{len(changes)}个逾期问题。"


def escalate_hazards(today: date | str | None = None) -> str:
    """What `parkops escalate-hazards` does, daily: overdue hazards to the supervisors, 重大 ones 挂牌督办."""
    from parkops.safety.services import escalate_overdue_hazards

    today = _today(today)
    changes = escalate_overdue_hazards(today=today)
    if not changes:
        return f"{_day(today)}：没有需要升级的逾期隐患。"
    return f"{_day(today)}：已升级{len(changes)}条逾期隐患。"


def escalate_cases(today: date | str | None = None) -> str:
    """What `parkops escalate-cases` does, daily: overdue 信访件 to the supervisor, then their 包案领导."""
    from parkops.stability.services import escalate_overdue_cases

    today = _today(today)
    changes = escalate_overdue_cases(today=today)
    if not changes:
        return f"{_day(today)}：没有需要升级的逾期信访件。"
    return f"{_day(today)}：已升级{len(changes)}件逾期信访件。"
def chase_overdue_requests(today: date | str | None = None) -> str:
    """企业诉求 past a due day: their units' reporters and the supervisors are told, once a day."""
    from parkops.services.services import notify_overdue

    today = _today(today)
    count = notify_overdue(today=today)
    if not count:
        return f"{_day(today)}：没有逾期的企业诉求。"
    return f"{_day(today)}：已提醒{count}件逾期企业诉求。"


def chase_late_disposals(today: date | str | None = None) -> str:
    """闲置土地 disposal cases 逾期 or 滞后: their units' reporters, leaders and the supervisors are told, once a day."""
    from parkops.land.services import notify_late_cases

    today = _today(today)
    count = notify_late_cases(today=today)
    if not count:
        return f"{_day(today)}：没有逾期或滞后的闲置土地处置。"
    return f"{_day(today)}：已提醒{count}宗逾期或滞后的闲置土地处置。"


def _send_all(sendings: list[scheduled_reports.Sending], today: date, what: str) -> str:
    """Each park's sending on its own: one park's failure does not keep the others from theirs. The
    failures are raised at the end, so the worker records the run as failed, with the reasons."""
    from parkops.reports.services import ReportError

    done, failed = [], []
    for sending in sendings:
        try:
            outcome = scheduled_reports.deliver(sending)
        except ReportError as error:
            logger.warning("scheduled report %s failed: %s", sending.key, error)
            failed.append(f"{sending.park}：{error}")
            continue
        if outcome is not None:
            done.append(f"{outcome.title}（站内消息{outcome.messages}条，推送{outcome.deliveries}条）")
    if failed:
        raise RuntimeError(f"{_day(today)}：{what}未能生成：" + "；".join(failed))
    if not done:
        return f"{_day(today)}：{what}无需发送（已发送过，或没有接收人）。"
    return f"{_day(today)}：已发送" + "；".join(done) + "。"


def weekly_bulletin(today: date | str | None = None) -> str:
    today = _today(today)
    return _send_all(scheduled_reports.weekly_bulletin_sendings(today=today), today, "督办通报")


def brief_after_close(today: date | str | None = None) -> str:
    today = _today(today)
    return _send_all(scheduled_reports.economic_brief_sendings(), today, "经济运行简报")


def fail_stalled_reports() -> str:
    """Reports a dead worker left 生成中 or 排队中 are marked failed, with the reason on their page."""
    from parkops.reports.services import fail_stalled_reports as fail

    count = fail()
    return f"有{count}份报告因后台任务中断已标记为失败。" if count else "没有中断的报告。"


def fail_stalled_imports() -> str:
    """Statistics imports a dead worker left 读取中 or 写入中 (or none picked up) are marked failed."""
    from parkops.economy.import_runs import fail_stalled_runs

    count = fail_stalled_runs()
    return f"有{count}个统计数据导入因后台任务中断已标记为失败。" if count else "没有中断的统计数据导入。"
