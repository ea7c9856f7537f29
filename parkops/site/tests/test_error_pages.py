"""A user who lands on a missing page, a forbidden one or a server error reads what happened in Chinese,
with a way back, and nothing of Django's own English pages."""

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from parkops.org.choices import Role
from parkops.testing.factories import UserFactory


def test_a_missing_record_says_so_in_chinese_with_the_way_back(db):
    client = Client()
    client.force_login(UserFactory(role=Role.SUPERVISOR))

    response = client.get("/supervision/tasks/999999/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "回收站" in page and f'href="{reverse("site:home")}"' in page
    assert "Not Found" not in page


def test_a_forbidden_page_gives_the_reason_and_who_to_ask(db):
    client = Client()
    client.force_login(UserFactory(role=Role.REPORTER))

    response = client.get(reverse("org:user_list"))

    page = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in page and "请联系安全管理员" in page and "403 Forbidden" not in page


def test_the_server_error_page_needs_no_request_and_speaks_chinese():
    page = render_to_string("500.html")

    assert "系统出错了" in page and "返回首页" in page and "Server Error" not in page
