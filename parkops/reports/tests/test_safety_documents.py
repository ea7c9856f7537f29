"""安全生产's documents: the 限期整改通知书 of a hazard (or of every hazard of its enterprise issued that day),
in the red 版头 of an official paper with its number, as LibreOffice renders it, downloaded from the hazard's
page by those who may see it; and the 隐患排查整改台账, landscape, with its totals."""

from datetime import date
from io import BytesIO

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parkops.reports.services import generate_report
from parkops.safety import services
from parkops.safety.choices import Level
from parkops.safety.models import Hazard, Inspection
from parkops.testing.factories import UnitFactory, UserFactory
from parkops.testing.rendering import pdf_pages, pdf_text, render_pdf

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 26)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DAY)


@pytest.fixture
def issued(park, unit, supervisor):
    inspection = services.inspection_save(inspection=Inspection(
        park=park, place_name="德安金鑫铸造有限公司", inspected_on=DAY, inspectors="李督办、应急管理局 陈安"), user=supervisor)
    made = []
    for description, level, category in (("中频炉冷却水系统未设置监测报警装置", Level.MAJOR, "machinery"),
                                         ("皮带输送机未设置急停拉绳", Level.GENERAL, "")):
        hazard = services.hazard_register(hazard=Hazard(
            park=park, inspection=inspection, description=description, level=level, major_category=category,
            place="熔炼车间", responsible_unit=unit, responsible_person="刘海波"), user=supervisor)
        made.append(services.hazard_issue(hazard=hazard, user=supervisor, measures="限期整改到位"))
    return made


def test_the_notice_renders_in_libreoffice_with_its_red_header_number_and_hazards(issued, tmp_path):
    report = generate_report("rectification_notice", park=issued[0].park, day=DAY)
    document = docx.Document(BytesIO(bytes(report.docx)))
    organ = document.paragraphs[0]
    assert organ.runs[0].font.color.rgb is not None and str(organ.runs[0].font.color.rgb) == "FF0000"
    source = tmp_path / "限期整改通知书.docx"
    source.write_bytes(bytes(report.docx))
    (pdf,) = render_pdf(tmp_path, source)
    text = pdf_text(pdf)
    assert "限期整改通知书" in text and issued[1].notice_number.replace(" ", "") in text
    assert "德安金鑫铸造有限公司：" in text and "皮带输送机未设置急停" in text  # a table row reads across its cells
    assert "2025年10月16日前整改完毕" in text and "第六十五条" in text
    assert pdf_pages(pdf)[1] == (595, 842)  # A4 portrait


def test_the_hazard_page_downloads_the_notice_of_the_enterprise(issued, reporter, tmp_path):
    client = Client()
    client.force_login(reporter)
    url = reverse("reports:module_download", args=["rectification_notice"])
    response = client.get(f"{url}?hazard={issued[0].pk}&scope=enterprise")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = "\n".join(p.text for p in docx.Document(BytesIO(body)).paragraphs) + "".join(
        c.text for t in docx.Document(BytesIO(body)).tables for r in t.rows for c in r.cells)
    assert "皮带输送机未设置急停拉绳" in text and "中频炉冷却水系统" in text and "重大事故隐患1项" in text

    stranger = UserFactory(username="stranger", role="reporter", unit=UnitFactory(park=issued[0].park, name="商务局"))
    client.force_login(stranger)
    assert client.get(f"{url}?hazard={issued[0].pk}").status_code in (403, 404)


def test_the_ledger_is_landscape_with_its_totals(issued, tmp_path):
    report = generate_report("hazard_ledger", park=issued[0].park, day=DAY)
    source = tmp_path / "隐患排查整改台账.docx"
    source.write_bytes(bytes(report.docx))
    (pdf,) = render_pdf(tmp_path, source)
    text = pdf_text(pdf)
    assert "隐患排查整改台账" in text and "排查隐患2条（一般隐患1条、重大隐患1条）" in text
    assert pdf_pages(pdf)[1] == (842, 595)
