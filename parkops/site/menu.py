"""The menu and the home page, from the entries every app declares (MENU in its site.py)."""

from __future__ import annotations

from parkops.core.offerings import MenuEntry, declared


def entries() -> list[MenuEntry]:
    """Every app's menu entries, in menu order."""
    return sorted((entry for _config, menu in declared("MENU") for entry in menu), key=lambda e: e.order)


def entries_for(user) -> list[MenuEntry]:
    """The menu a user sees follows their role; the server checks every page again."""
    return [entry for entry in entries() if entry.shown_to(user)]


def landing_for(user) -> str:
    """The page a user's home page sends them to: the first landing page of their menu; a user who sees
    none (no role yet) goes to the first there is, which refuses them with its reason."""
    landings = [entry for entry in entries() if entry.landing]
    seen = [entry for entry in landings if entry.shown_to(user)]
    return (seen or landings)[0].url_name


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": [(entry.url_name, entry.label) for entry in entries_for(user)]}
