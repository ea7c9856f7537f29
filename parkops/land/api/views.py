"""Read access to parcels and disposal cases for other systems: the same rows of the permission matrix as
the pages (a unit's 填报员 reads the parcels and cases his unit disposes of), each page of results read in
a fixed number of queries."""

from django.utils import timezone
from rest_framework import viewsets

from parkops.core.permissions import API_READ, visible
from parkops.land import selectors
from parkops.land.api.serializers import DisposalCaseSerializer, ParcelSerializer
from parkops.land.lights import case_light
from parkops.land.models import DisposalCase, Parcel
from parkops.org.services import served_park


class ParcelViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ParcelSerializer
    # Only the schema reads this (the model behind the path's id); get_queryset needs the served park,
    # which an empty database (the deployment check) does not have.
    queryset = Parcel.objects.none()

    def get_queryset(self):
        parcels = selectors.parcel_listing(Parcel.objects.filter(park=served_park()))
        return visible(self.request.user, "parcel", API_READ, parcels)

    def get_serializer(self, *args, **kwargs):
        if args:  # the page's parcels (or the one asked for): their use found once for all
            items = args[0] if isinstance(args[0], list | tuple) else [args[0]]
            rows = selectors.with_findings(items, today=timezone.localdate(), park=served_park())
            kwargs.setdefault("context", self.get_serializer_context())["rows"] = {r.parcel.pk: r for r in rows}
        return super().get_serializer(*args, **kwargs)


class DisposalCaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DisposalCaseSerializer
    queryset = DisposalCase.objects.none()  # for the schema alone, as ParcelViewSet's

    def get_queryset(self):
        cases = selectors.case_listing(DisposalCase.objects.filter(parcel__park=served_park()))
        return visible(self.request.user, "disposal_case", API_READ, cases)

    def get_serializer(self, *args, **kwargs):
        if args:
            items = args[0] if isinstance(args[0], list | tuple) else [args[0]]
            today = timezone.localdate()
            kwargs.setdefault("context", self.get_serializer_context())["lights"] = {
                case.pk: case_light(case, today=today, steps=case.steps.all()) for case in items}
        return super().get_serializer(*args, **kwargs)
