"""惠企政策兑现 walked in the browser: the supervisor enters a 免申即享 policy and a clause whose conditions
are chosen from the data the system holds, sees the enterprises whose figures qualify with those figures,
confirms one and records its payment; an enterprise, on a 390 px phone, finds a 快申快享 clause on its own
page, applies, and the supervisor approves it on the review clock; the enterprise then reports its own
month's figures (企业自报), and the clerk finds the difference from the bureau's flagged.

Screenshots: artifacts/screenshots/policy-*.png."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.helpers import login, logout
from parkops.economy.catalogue import ensure_catalogue
from parkops.org.choices import Role
from parkops.policies import services
from parkops.policies.choices import Field, Mode, Operator
from parkops.testing.enterprise_figures import enterprise
from parkops.testing.factories import PASSWORD, EnterpriseUserFactory, ParkFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture
def park():
    # A browser test's flush empties the indicator catalogue that only the data migration makes.
    ensure_catalogue()
    park = ParkFactory()
    today = timezone.localdate()
    month = date(today.year, today.month, 1)
    latest = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)  # last month
    year_ago = date(latest.year - 1, latest.month, 1)
    enterprise(park, "江西乾照光电有限公司", scale_from=date(2020, 1, 1), revenue={latest: "12000", year_ago: "10000"})
    enterprise(park, "江西维科技术有限公司", scale_from=date(2020, 1, 1), revenue={latest: "10500", year_ago: "10000"})
    newcomer = enterprise(park, "德安新材料有限公司", scale_from=date(today.year, 1, 1), revenue={latest: "3000"},
                          rnd={latest: "150"})
    EnterpriseUserFactory(username="qiye1", enterprise=newcomer)
    supervisor = UserFactory(username="duban", role=Role.SUPERVISOR, display_name="李督办")
    fast = services.policy_create(park=park, user=supervisor, name="支持企业加大研发投入的若干措施", issuer="县科技局",
                                  year=today.year, mode=Mode.FAST)
    services.clause_add(policy=fast, user=supervisor, title="研发投入占比3%以上的规上企业奖励5万元", amount="5",
                        conditions=[(Field.SCALE, Operator.YES, ""), (Field.RND_RATIO, Operator.GTE, "3")])
    return park


def test_a_policy_is_matched_confirmed_paid_and_applied_for_from_a_phone(park, page: Page, phone_page: Page,
                                                                         screenshot):
    login(page, "duban", PASSWORD)
    page.goto("/policies/")
    page.get_by_role("link", name="录入政策").click()
    page.get_by_label("政策名称").fill("关于促进工业经济稳增长的若干政策措施")
    page.get_by_label("发布单位").fill("县人民政府")
    page.get_by_label("兑现方式").select_option(label="免申即享")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#policy-name")).to_have_text("关于促进工业经济稳增长的若干政策措施")
    page.get_by_label("条款内容").fill("规上工业企业营业收入同比增长10%以上的，奖励10万元")
    page.get_by_label("奖补金额（万元）").fill("10")
    page.get_by_label("条件1：数据项").select_option(label="规上工业企业")
    page.get_by_label("条件1：比较").select_option(label="是")
    page.get_by_label("条件2：数据项").select_option(label="营业收入同比增长（%）")
    page.get_by_label("条件2：比较").select_option(label="≥")
    page.get_by_label("条件2：值").fill("10")
    page.get_by_role("button", name="添加条款").click()
    clause = page.locator("section[id^=clause-]").first
    expect(clause.locator(".match-count")).to_have_text("1家")
    expect(clause.locator(".match .enterprise")).to_have_text("江西乾照光电有限公司")
    expect(clause.locator(".match .figures")).to_contain_text("营业收入同比增长 20.00%")
    screenshot(page, "policy-matches")
    clause.get_by_role("button", name="确认免申兑现").click()
    expect(clause.locator(".match")).to_contain_text("待兑现")

    page.goto("/policies/applications/")
    page.get_by_role("link", name="江西乾照光电有限公司").click()
    page.get_by_role("button", name="登记兑现").click()
    expect(page.locator("#application-status")).to_contain_text("已兑现")
    expect(page.locator("#application-paid")).to_contain_text("10万元")
    page.goto("/policies/stats/")
    expect(page.locator("#overall")).to_contain_text("兑现率 100.00%")
    expect(page.locator("#received")).to_contain_text("江西乾照光电有限公司")

    phone = phone_page
    login(phone, "qiye1", PASSWORD)
    policies = phone.locator("#my-policies")
    expect(policies).to_contain_text("研发投入占比3%以上的规上企业奖励5万元")
    expect(policies).to_contain_text("研发投入占营业收入比重 5.00%")
    assert not phone.evaluate(WIDER_THAN_SCREEN)
    screenshot(phone, "policy-enterprise-page")
    policies.get_by_role("link", name="申请兑现").click()
    phone.get_by_label("申请说明").fill("今年1月入规，研发投入150万元。联系人张经理13800000000")
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator("#my-policies")).to_contain_text("待审核")

    page.goto("/policies/applications/")
    page.get_by_role("link", name="德安新材料有限公司").click()
    expect(page.locator("#application-status")).to_contain_text("待审核")
    page.get_by_label("审核意见").fill("材料齐全")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("#application-status")).to_contain_text("待兑现")
    logout(page)

    phone.goto("/services/mine/")
    expect(phone.locator("#my-policies")).to_contain_text("待兑现")
    phone.get_by_role("link", name="填报本月数据").click()
    phone.get_by_label("营业收入（本年累计，万元）").fill("4000")
    phone.get_by_role("button", name="报送").click()
    expect(phone.locator("#my-self-report")).to_contain_text("1项与统计数据差异较大")
    assert not phone.evaluate(WIDER_THAN_SCREEN)
    screenshot(phone, "policy-self-report")

    login(page, "duban", PASSWORD)
    page.goto("/services/self-reports/")
    expect(page.locator("#self-reports")).to_contain_text("德安新材料有限公司")
    expect(page.locator("#self-reports")).to_contain_text("营业收入：4000万元 / 3000万元（33.33%）")
