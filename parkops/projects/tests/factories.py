"""Factories for the dispatch meeting and its decisions; the project's other records have theirs in
parkops/testing/factories.py."""

from datetime import date

import factory

from parkops.projects.models import Decision, DispatchMeeting
from parkops.testing.factories import ParkFactory, ProjectFactory, UnitFactory


class DispatchMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DispatchMeeting

    park = factory.SubFactory(ParkFactory)
    held_on = date(2025, 6, 2)
    title = factory.LazyAttribute(lambda o: f"重点项目第{o.held_on:%W}周调度会")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(DispatchMeetingFactory)
    project = factory.SubFactory(ProjectFactory)
    text = "协调供电公司6月10日前完成10KV线路送电"
    unit = factory.SubFactory(UnitFactory)
    deadline = date(2025, 6, 10)
