"""新入园企业安全培训: sessions (第N轮) with their attendees and test scores; a score at the pass mark passes;
the list counts enterprises, attendees and the pass rate in the same queries however many there are; the
demo holds the seeds' four rounds of forty-odd enterprises."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkops.safety import services
from parkops.safety.demo import build_training
from parkops.safety.models import Attendance, TrainingSession
from parkops.safety.selectors import training_totals
from parkops.safety.tests.conftest import TODAY
from parkops.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_attendees_pass_at_the_pass_mark_and_link_to_the_registry(park, supervisor):
    registered = EnterpriseFactory(park=park, name="江西铜杆科技有限公司")
    session = services.training_save(session=TrainingSession(park=park, title="新入园企业法人安全培训", round_number=1),
                                     user=supervisor)
    for name, person, score in (("江西铜杆科技有限公司", "刘建国", "60"), ("德安顺达机械有限公司", "陈海波", "59.5"),
                                ("德安新材料有限公司", "张立新", None)):
        services.attendance_save(attendance=Attendance(session=session, enterprise_name=name, person_name=person,
                                                       score=Decimal(score) if score else None), user=supervisor)
    assert Attendance.objects.get(person_name="刘建国").enterprise == registered
    totals = training_totals(TrainingSession.objects.all())
    assert (totals.enterprises, totals.attendees, totals.tested, totals.passed, totals.pass_rate) == \
        (3, 3, 2, 1, "50.00%")
    with pytest.raises(ValidationError, match="已登记参加本次培训"):
        services.attendance_save(attendance=Attendance(session=session, enterprise_name="江西铜杆科技有限公司",
                                                       person_name="刘 建国"), user=supervisor)

    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("safety:training_detail", args=[session.pk])).content.decode()
    assert "不合格" in page and "未考试" in page and "合格率50.00%" in page


def test_the_demo_holds_four_rounds_of_forty_odd_enterprises(park):
    assert build_training(park, TODAY) == 4
    totals = training_totals(TrainingSession.objects.all())
    assert totals.sessions == 4 and totals.enterprises == 42 and 0 < totals.passed < totals.tested == 42
    assert build_training(park, TODAY) == 4 and Attendance.objects.count() == 42


def test_the_training_list_costs_the_same_queries_for_one_session_or_many(park, supervisor):
    client = Client()
    client.force_login(supervisor)
    build_training(park, TODAY)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("safety:training_list")).status_code == 200
    sessions = TrainingSession.objects.bulk_create(TrainingSession(park=park, title=f"培训{n}") for n in range(40))
    Attendance.objects.bulk_create(Attendance(session=s, enterprise_name=f"企业{n}", person_name="某人", score=80)
                                   for n, s in enumerate(sessions))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("safety:training_list")).content.decode()
    assert len(few) == len(many) and "共44轮" in page
