"""Returning a report without a reason keeps the supervisor in the review queue, told why, the report still
waiting there."""

from django.test import Client
from django.urls import reverse

from parkops.supervision import services
from parkops.supervision.choices import ReportStatus
from parkops.testing.factories import TaskFactory, month


def test_a_return_without_a_reason_stays_in_the_queue_with_a_message(park, unit, supervisor):
    task = TaskFactory(plan__park=park, lead_units=[unit])
    report = services.report_submit(task=task, unit=unit, user=None, period=month(2023, 10), text="进展")
    client = Client()
    client.force_login(supervisor)
    queue = reverse("supervision:review_queue")

    response = client.post(reverse("supervision:report_review", args=[report.pk]),
                           {"action": "return", "reason": "", "next": queue}, follow=True)

    assert response.redirect_chain[-1][0] == queue
    assert "退回时须填写理由。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
