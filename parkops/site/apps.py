from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top of the house: the menu, the home page and the demo park, assembled from what each app
    declares in its site.py (core.offerings). Nothing here names an app's pages or builders."""

    name = "parkops.site"
    label = "site"
    verbose_name = "园区通"
