import pytest

from parkops.notices.choices import ChannelKind
from parkops.notices.models import Channel


@pytest.fixture
def make_channel(park):
    """A channel of the committee itself unless a unit is given: make_channel(ChannelKind.WECOM, url)."""
    def make(kind: str = ChannelKind.WECOM, address: str = "http://127.0.0.1:9/robot", *, secret: str = "",
             unit=None, name: str = "", is_active: bool = True) -> Channel:
        return Channel.objects.create(park=park, kind=kind, address=address, secret=secret, unit=unit,
                                      name=name or f"{ChannelKind(kind).label}", is_active=is_active)
    return make


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://yqt.example.gov.cn"
