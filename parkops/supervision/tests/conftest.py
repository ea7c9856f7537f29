import pytest

from parkops.supervision.models import Plan
from parkops.supervision.tests.ledgers import PLAN, SAMPLE_DOCX, import_file


@pytest.fixture(autouse=True)
def media_in_tmp_for_ledgers(settings, tmp_path):
    """Kept uploads go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def imported(park):
    """The seed ledger imported from Word into the plan PLAN."""
    import_file(SAMPLE_DOCX)
    return Plan.objects.get(name=PLAN)
