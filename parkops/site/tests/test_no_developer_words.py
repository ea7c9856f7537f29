"""No developer words for users: command names and the seeds' file numbers stay on administrators' pages."""

from django.test import Client
from django.urls import reverse


def page(user, name) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse(name)).content.decode()


def test_the_supervisor_reads_about_scheduled_sending_without_the_command(supervisor, sysadmin):
    assert "parkops worker" not in page(supervisor, "jobs:overview")
    assert "parkops worker" in page(sysadmin, "jobs:overview")


def test_the_report_centre_describes_reports_without_commands_or_seed_numbers(supervisor):
    text = page(supervisor, "reports:index")

    assert "economy-summary" not in text and "种子001" not in text
