from django.apps import AppConfig


class LandConfig(AppConfig):
    name = "parkops.land"
    label = "land"
    verbose_name = "土地与厂房"

    def ready(self) -> None:
        from parkops.core import trash
        from parkops.land.models import Parcel
        from parkops.land.permissions import can_manage_land

        trash.register(Parcel, module=self.verbose_name, may_manage=can_manage_land,
                       detail_url="land:parcel_detail", list_url="land:parcel_list")
