from parkops.notices.services import unread_count


def unread(request):
    """The number beside 我的消息 in the menu, on every page: counted once a request, however many
    templates (a table, a form) render with the request's context."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "unread_messages"):
        request.unread_messages = unread_count(user)
    return {"unread_messages": request.unread_messages}
