"""How a park names itself on its documents: the 管委会 signs them (发文机关署名)."""

import pytest

from parkops.org.models import Park


@pytest.mark.parametrize(
    ("name", "short_name", "committee"),
    [
        ("德安高新技术产业园区", "德安高新区", "德安高新区管委会"),  # the short name, as the committee calls itself
        ("安福县工业园区", "", "安福县工业园区管委会"),  # no short name: the full one
        ("某某经济开发区管理委员会", "", "某某经济开发区管理委员会"),  # already the committee's name
        ("某某高新区", "某某高新区管委会", "某某高新区管委会"),
    ],
)
def test_the_committee_that_signs_is_named_from_the_park(name, short_name, committee):
    assert Park(name=name, short_name=short_name).committee_name == committee
