"""The demo park for tests that need only part of it."""

from io import StringIO

from django.core.management import call_command


def load_demo_without_economy() -> str:
    """load_demo without the enterprises and their three years of monthly statistics, which take a few
    seconds: for tests of the supervision and project demo. The economy's own tests load it whole."""
    out = StringIO()
    call_command("load_demo", skip=["economy"], stdout=out)
    return out.getvalue()
