from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from parkops.core.permissions import VIEW_LIST, VIEW_ONE, allows, require, visible
from parkops.core.views import ObjectListView, safe_next
from parkops.notices import permissions, services
from parkops.notices.choices import DeliveryStatus
from parkops.notices.filtersets import ChannelFilter, DeliveryFilter
from parkops.notices.forms import ChannelForm
from parkops.notices.models import Channel, Delivery, Message
from parkops.notices.tables import ChannelTable, DeliveryTable
from parkops.org.services import served_park


def _own_messages(request):
    """Another user's message is not found rather than refused: its number says nothing."""
    return visible(request.user, "message", VIEW_ONE, Message.objects.all())


@login_required
def inbox(request):
    """我的消息: the user's own messages, newest first; unread ones stand out until opened or marked."""
    require(permissions.can_read_messages(request.user))
    page = Paginator(_own_messages(request), 30).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {
        "title": "我的消息", "page": page, "unread": services.unread_count(request.user),
    })


@login_required
def message_open(request, pk):
    """Opening a message reads it and goes where it points (only ever within this site)."""
    require(permissions.can_read_messages(request.user))
    message = get_object_or_404(_own_messages(request), pk=pk)
    services.mark_read(request.user, [message.pk])
    if message.link and url_has_allowed_host_and_scheme(message.link, allowed_hosts={request.get_host()},
                                                        require_https=request.is_secure()):
        return redirect(message.link)
    return redirect("notices:inbox")


@login_required
@require_POST
def message_read(request, pk=None):
    """标为已读 on one message, or on all of them when no message is named."""
    require(permissions.can_read_messages(request.user))
    if pk is not None:
        get_object_or_404(_own_messages(request), pk=pk)
    count = services.mark_read(request.user, [pk] if pk is not None else None)
    if pk is None:
        messages.success(request, f"已将{count}条消息标为已读。")
    return redirect(safe_next(request) or "notices:inbox")


class ChannelListView(ObjectListView):
    title = "推送通道"
    model = Channel
    table_class = ChannelTable
    filterset_class = ChannelFilter
    template_name = "notices/channel_list.html"

    def get_queryset(self):
        return Channel.objects.select_related("unit")

    def allowed(self):
        return allows(self.request.user, "channel", VIEW_LIST)


@login_required
def channel_edit(request, pk=None):
    require(permissions.can_manage_channels(request.user))
    channel = get_object_or_404(Channel, pk=pk) if pk else None
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        channel = form.save(commit=False)
        if not channel.park_id:
            channel.park = channel.unit.park if channel.unit else served_park()
        channel.save()
        messages.success(request, f"已保存：{channel}")
        return redirect("notices:channel_list")
    return render(request, "notices/channel_form.html", {
        "form": form, "channel": channel, "title": f"编辑推送通道：{channel.name}" if channel else "新建推送通道",
    })


@login_required
@require_POST
def channel_test(request, pk):
    require(permissions.can_manage_channels(request.user))
    channel = get_object_or_404(Channel, pk=pk)
    services.send_test(channel, user=request.user)
    messages.success(request, f"测试消息已排队，后台任务将在1分钟内发往“{channel.name}”，结果见发送记录。")
    return redirect("notices:channel_list")


class DeliveryListView(ObjectListView):
    title = "发送记录"
    model = Delivery
    table_class = DeliveryTable
    filterset_class = DeliveryFilter

    def get_queryset(self):
        return Delivery.objects.select_related("channel").defer("attachment", "body")

    def allowed(self):
        return allows(self.request.user, "channel", VIEW_LIST)


@login_required
def delivery_detail(request, pk):
    """One delivery with every attempt and its error, for the administrator to see what went wrong."""
    require(permissions.can_manage_channels(request.user))
    delivery = get_object_or_404(Delivery.objects.select_related("channel").defer("attachment"), pk=pk)
    return render(request, "notices/delivery_detail.html", {
        "title": "发送记录", "delivery": delivery, "attempt_log": delivery.attempt_log.all(),
    })


@login_required
@require_POST
def delivery_retry(request, pk):
    require(permissions.can_manage_channels(request.user))
    delivery = get_object_or_404(Delivery, pk=pk)
    if delivery.status == DeliveryStatus.FAILED:
        services.retry(delivery)
        messages.success(request, f"已重新排队：{delivery.subject}，后台任务将在1分钟内发送。")
    else:
        messages.warning(request, "只有发送失败的记录可以重试。")
    return redirect(safe_next(request) or "notices:delivery_list")
