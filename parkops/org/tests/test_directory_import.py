"""The park's 通讯录 imported as the committee office keeps it: units, people and accounts in one go, in the
layouts parks really use (the office's staff list with accounts, the county leaders' list with no unit
column, a Word table), re-imported without change, refused whole on a bad row; roles never granted."""

import json
from io import BytesIO, StringIO

import docx
import pytest
from django.contrib.auth import authenticate
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from parkops.core.imports import open_path
from parkops.core.models import AuditAction, AuditEntry
from parkops.org.choices import LeaderLevel, Role, UnitKind
from parkops.org.importers import DirectoryImporter
from parkops.org.models import Person, Unit, User
from parkops.testing.factories import ParkFactory, PersonFactory, UnitFactory, UserFactory

# The committee office's list: a title, a date, then the table.
OFFICE = [
    ["德安高新区管委会及县直有关部门工作人员通讯录"],
    ["更新日期：2026年11月"],
    ["序号", "姓名", "单位", "职务", "手机号码", "账号", "角色"],
    [1, "王建国", "高新区管委会", "党工委副书记、管委会主任", "13907920001", "", ""],
    [2, "李文", "高新区管委会", "经济发展局局长", "13907920002", "liwen", "督办员"],
    [3, "陈晓燕", "县工信局", "综合股股长", "139 0792 0003", "gxj_chen", "填报员"],
    [4, "刘强", "宝塔乡", "副乡长", "0792-4321234", "liuqiang", "联络员"],
    [5, "赵敏", "县城投集团", "办公室主任", "", "", ""],
]
# The county leaders' list: no unit, no account.
LEADERS = [
    ["县级领导联系方式"],
    ["姓名", "职务", "联系电话"],
    ["周洁", "县委常委、副县长", "13907920100"],
    ["艾菲", "县长", "13907920101"],
]


def xlsx(rows, name="通讯录.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def word(rows, name="通讯录.docx") -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph("高新区各部门联系人名单")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = str(value)
    buffer = BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def park(db):
    return ParkFactory()


def imported(file, park, user=None):
    importer = DirectoryImporter(park=park)
    preview = importer.preview(file)
    return preview, (None if preview.has_errors else importer.commit(preview, user=user))


def test_the_office_list_gives_units_people_and_accounts_with_one_time_passwords(park):
    preview, outcome = imported(xlsx(OFFICE), park)

    assert [p.message for p in preview.errors] == []
    units = dict(Unit.objects.filter(park=park).values_list("name", "kind"))
    assert units == {"高新区管委会": UnitKind.PARK_OFFICE, "县工信局": UnitKind.DEPARTMENT,
                     "宝塔乡": UnitKind.TOWN, "县城投集团": UnitKind.COMPANY}
    wang = Person.objects.get(name="王建国")
    assert (wang.unit.name, wang.title, wang.level) == ("高新区管委会", "党工委副书记、管委会主任", LeaderLevel.PARK)
    assert Person.objects.filter(park=park).count() == 5

    passwords = {account.username: password for account, password in outcome.passwords}
    assert set(passwords) == {"liwen", "gxj_chen", "liuqiang"}
    chen = authenticate(username="gxj_chen", password=passwords["gxj_chen"])
    assert chen is not None and chen.must_change_password
    assert (chen.display_name, chen.unit.name, chen.person.name, chen.phone) == ("陈晓燕", "县工信局", "陈晓燕",
                                                                                 "13907920003")
    # 三员分立: the roles are asked for, not granted.
    assert dict(User.objects.values_list("username", "role")) == {"liwen": "", "gxj_chen": "", "liuqiang": ""}
    assert dict(User.objects.values_list("username", "requested_role")) == {
        "liwen": Role.SUPERVISOR, "gxj_chen": Role.REPORTER, "liuqiang": Role.REPORTER}
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, detail__contains="导入通讯录").exists()


def test_only_the_committees_own_posts_make_a_park_leader(park):
    """The committee office's list puts everyone under 高新区管委会: its leaders, and the heads of its offices,
    bureaus and centres, whose titles end in 主任 too. Only the first are 园区领导."""
    rows = [
        ["序号", "姓名", "单位", "职务", "手机号码"],
        [1, "王建国", "高新区管委会", "党工委书记", "13907920001"],
        [2, "刘洋", "高新区管委会", "管委会主任", "13907920002"],
        [3, "周立", "高新区管委会", "管委会副主任", "13907920003"],
        [4, "孙磊", "高新区管委会", "党工委委员", "13907920004"],
        [5, "吴涛", "高新区管委会", "副主任", "13907920005"],
        [6, "郑华", "高新区督查室", "党工委委员、督查室主任", "13907920006"],
        [7, "钱芳", "高新区管委会", "督查室主任", "13907920007"],
        [8, "何平", "高新区管委会", "经济发展局局长", "13907920008"],
        [9, "冯静", "高新区管委会", "招商服务中心主任", "13907920009"],
        [10, "许亮", "高新区招商服务中心", "主任", "13907920010"],
        [11, "韩梅", "高新区管委会", "党工委办公室主任", "13907920011"],
        [12, "曹军", "高新区纪工委", "纪工委书记", "13907920012"],
    ]

    preview, _ = imported(xlsx(rows), park)

    assert [p.message for p in preview.errors] == []
    leaders = set(Person.objects.filter(park=park, level=LeaderLevel.PARK).values_list("name", flat=True))
    assert leaders == {"王建国", "刘洋", "周立", "孙磊", "吴涛", "郑华"}
    assert Person.objects.get(name="钱芳").level == LeaderLevel.OTHER


def test_a_list_without_accounts_gives_whoever_has_a_role_their_mobile_as_account(park):
    rows = [["姓名", "单位", "职务", "手机", "角色"],
            ["李文", "高新区管委会", "经济发展局局长", "13907920002", "督办员"],
            ["陈晓燕", "县工信局", "综合股股长", "0792-4321234", "填报员"],
            ["赵敏", "县城投集团", "办公室主任", "13907920005", ""]]

    preview, outcome = imported(xlsx(rows), park)

    assert "第2行：没有填写账号，以手机号“13907920002”作为登录账号。" in [str(w) for w in preview.warnings]
    assert "第3行：填写了角色“填报员”但没有账号和手机号，未建立登录账号；如需使用系统，请填写“账号”或手机号。" in [
        str(w) for w in preview.warnings]
    passwords = dict((account.username, password) for account, password in outcome.passwords)
    assert list(passwords) == ["13907920002"]
    li = authenticate(username="13907920002", password=passwords["13907920002"])
    assert li is not None and li.display_name == "李文" and li.requested_role == Role.SUPERVISOR


def test_importing_the_same_list_again_changes_nothing_and_sets_no_password(park):
    imported(xlsx(OFFICE), park)
    hashes = dict(User.objects.values_list("username", "password"))

    preview, outcome = imported(xlsx(OFFICE), park)

    assert preview.counts == {"新增人员": 0, "更新人员": 0, "新建账号": 0, "更新账号": 0}
    assert outcome.passwords == [] and dict(User.objects.values_list("username", "password")) == hashes


def test_a_later_list_updates_a_post_and_leaves_blank_cells_alone(park):
    imported(xlsx(OFFICE), park)
    promoted = [row[:] for row in OFFICE[:3]] + [[2, "李文", "", "管委会副主任", "", "liwen", ""]]

    preview, _ = imported(xlsx(promoted), park)

    li = Person.objects.get(name="李文")
    assert preview.lines[0].changes == ["职务：经济发展局局长 → 管委会副主任"]
    assert (li.title, li.unit.name) == ("管委会副主任", "高新区管委会")
    assert User.objects.get(username="liwen").requested_role == Role.SUPERVISOR


def test_the_county_leaders_list_without_units_reads_their_level_from_the_post(park):
    preview, outcome = imported(xlsx(LEADERS, "县级领导.xlsx"), park)

    assert not preview.errors and outcome.passwords == []
    assert dict(Person.objects.values_list("name", "level")) == {"周洁": LeaderLevel.COUNTY, "艾菲": LeaderLevel.COUNTY}


def test_a_word_table_of_contacts_imports_too(park):
    rows = [["部门", "姓名", "职位", "电话", "用户名"],
            ["县发改委", "孙磊", "项目股股长", "13907920200", "fgw_sun"]]

    preview, outcome = imported(word(rows), park)

    assert not preview.errors
    assert [account.username for account, _ in outcome.passwords] == ["fgw_sun"]
    assert Person.objects.get(name="孙磊").unit.name == "县发改委"


def test_a_known_unit_is_found_by_its_alias_and_not_created_again(park):
    UnitFactory(park=park, name="县工业和信息化局", aliases="工信局、县工信局")

    imported(xlsx(OFFICE[2:6]), park)

    assert Person.objects.get(name="陈晓燕").unit.name == "县工业和信息化局"
    assert not Unit.objects.filter(name="县工信局").exists()


@pytest.mark.parametrize(("row", "message"), [
    ([9, "钱多", "高新区管委会", "", "", "qian", "安全管理员"], "是管理员角色，只能由安全管理员"),
    ([9, "钱多", "高新区管委会", "", "", "qian", "局长"], "角色“局长”无法识别"),
    ([9, "钱多", "高新区管委会", "", "", "qian duo", ""], "含有不能使用的字符"),
    ([9, "王建国", "县工信局", "", "", "", ""], "姓名“王建国”与第4行重复"),
    ([9, "钱多", "高新区管委会", "", "", "liwen", ""], "账号“liwen”与第5行重复"),
])
def test_a_bad_row_refuses_the_whole_file(park, row, message):
    preview, outcome = imported(xlsx([*OFFICE, row]), park)

    assert outcome is None
    assert any(message in problem.message for problem in preview.errors), preview.errors
    assert not Person.objects.exists() and not User.objects.exists() and not Unit.objects.exists()


def test_an_administrators_account_is_never_touched(park):
    UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN, display_name="系统管理员")

    preview, _ = imported(xlsx([["姓名", "账号"], ["冒名者", "sysadmin"]]), park)

    assert "是管理员账号，不能通过导入修改" in preview.errors[0].message
    assert User.objects.get(username="sysadmin").display_name == "系统管理员"


def test_without_a_park_the_preview_says_to_run_init_park(db):
    preview, outcome = imported(xlsx(OFFICE), None)

    assert outcome is None and "parkops init-park" in preview.errors[0].message


def test_an_existing_leader_keeps_the_level_the_list_does_not_give(park):
    PersonFactory(park=park, name="周洁", level=LeaderLevel.PARK)

    imported(xlsx(LEADERS[1:3]), park)

    assert Person.objects.get(name="周洁").level == LeaderLevel.PARK


# -- the command ---------------------------------------------------------------------------------------


def save(tmp_path, upload) -> str:
    path = tmp_path / upload.name
    path.write_bytes(upload.read())
    return str(path)


def test_the_command_prints_each_new_password_once_and_json_carries_them(park, tmp_path):
    path = save(tmp_path, xlsx(OFFICE))
    dry = StringIO()
    call_command("import_org", path, "--dry-run", stdout=dry)
    assert "试运行" in dry.getvalue() and not User.objects.exists()

    out = StringIO()
    call_command("import_org", path, "--json", stdout=out)

    passwords = {entry["username"]: entry["password"] for entry in json.loads(out.getvalue())["passwords"]}
    assert set(passwords) == {"liwen", "gxj_chen", "liuqiang"}
    assert authenticate(username="liwen", password=passwords["liwen"]) is not None


def test_the_command_refuses_a_bad_file_and_writes_nothing(park, tmp_path):
    path = save(tmp_path, xlsx([*OFFICE, [9, "钱多", "", "", "", "", "审计管理员"]]))

    with pytest.raises(CommandError, match="发现1处错误，未导入任何数据"):
        call_command("import_org", path, stdout=StringIO())

    assert not Person.objects.exists()


# -- the page ------------------------------------------------------------------------------------------

PAGE = reverse("org:directory_import")


def test_the_system_administrator_imports_on_the_page_and_reads_the_passwords_once(park):
    admin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(admin)
    assert PAGE in client.get(reverse("org:person_list")).content.decode()  # the button on the list

    preview = client.post(PAGE, {"step": "upload", "file": xlsx(OFFICE)}).content.decode()
    assert "将新建单位（4）" in preview and "李文" in preview and not Person.objects.exists()
    token = client.session["org_directory_import"]["token"]

    done = client.post(PAGE, {"step": "confirm", "token": token})
    page = done.content.decode()

    assert done["Cache-Control"] == "no-store" and "只显示这一次" in page
    for account in User.objects.exclude(pk=admin.pk):
        assert account.username in page
    password = page.split('<td class="font-monospace">')[2].split("<")[0]
    assert authenticate(username=User.objects.exclude(pk=admin.pk).order_by("pk")[0].username,
                        password=password) is not None
    again = client.post(PAGE, {"step": "confirm", "token": token}, follow=True).content.decode()
    assert "导入已过期或已完成" in again and password not in again


def test_the_security_administrator_finds_the_asked_role_already_chosen(park):
    imported(xlsx(OFFICE), park)
    security = UserFactory(username="secadmin", role=Role.SECURITY_ADMIN)
    client = Client()
    client.force_login(security)

    users = client.get(reverse("org:user_list")).content.decode()
    form = client.get(reverse("org:user_edit", args=[User.objects.get(username="liwen").pk]))

    assert "（待分配；通讯录：督办员）" in users
    assert form.context["form"].initial["role"] == Role.SUPERVISOR
    assert "通讯录中填写的角色为“督办员”" in form.content.decode()


def test_open_path_reads_a_kept_list(park, tmp_path):
    # The command line reads from disk through the same pipeline as the page.
    with open_path(save(tmp_path, xlsx(LEADERS))) as file:
        preview = DirectoryImporter(park=park).preview(file)
    assert [line.name for line in preview.lines] == ["周洁", "艾菲"]
