from parkops.notices.services import unread_count


def unread(request):
    """The number beside 我的消息 in the menu, on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": unread_count(user)}
