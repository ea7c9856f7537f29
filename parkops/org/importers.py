"""Import of the park's 通讯录: the units, the people and their accounts, from the sheet the committee
office already keeps (姓名 / 单位 / 职务 / 手机, and for those who will use the system 角色, with a 账号 or
else their mobile number as the account).

Only 姓名 is required. A unit not yet known is created (its kind read from 单位类别, else from its name);
a person is matched by name and updated where the sheet says something new (a blank cell changes
nothing); an account is created for a row with a 账号, with a one-time password shown once, to be
changed at the first log-in. The 角色 column is not granted: 三员分立 keeps roles with the security
administrator, so it is kept on the account as the role asked for, which the security administrator's
form offers. Administrator accounts are never touched by an import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from parkops.core.imports import (
    ACTION_LABELS,
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    Importer,
    ImportOutcome,
    MappedTable,
    NewName,
    Preview,
)
from parkops.core.text import normalise_name
from parkops.org import services
from parkops.org.choices import ADMIN_ROLES, LeaderLevel, Role, UnitKind
from parkops.org.models import Park, Person, Unit, User
from parkops.org.names import NameCollector

COLUMNS = (
    Column("number", "序号", required=False),
    Column("name", "姓名", ("人员姓名", "名字")),
    Column("unit", "单位", ("单位名称", "工作单位", "所在单位", "部门", "所在部门", "科室"), required=False),
    Column("unit_kind", "单位类别", ("单位类型",), required=False),
    Column("title", "职务", ("职位", "岗位", "现任职务", "职务职级"), required=False),
    Column("level", "级别", ("领导类别", "人员类别"), required=False),
    Column("phone", "手机", ("手机号", "手机号码", "移动电话", "联系电话", "电话"), required=False),
    Column("username", "账号", ("用户名", "登录账号", "系统账号"), required=False),
    Column("role", "角色", ("系统角色", "权限"), required=False),
)

LEVEL_WORDS = {"县级领导": LeaderLevel.COUNTY, "县级": LeaderLevel.COUNTY, "县领导": LeaderLevel.COUNTY,
               "园区领导": LeaderLevel.PARK, "园区": LeaderLevel.PARK, "高新区领导": LeaderLevel.PARK,
               "其他": LeaderLevel.OTHER, "一般干部": LeaderLevel.OTHER}
UNIT_KIND_WORDS = {label: value for value, label in UnitKind.choices} | {
    "县直单位": UnitKind.DEPARTMENT, "部门": UnitKind.DEPARTMENT, "镇": UnitKind.TOWN, "乡": UnitKind.TOWN,
    "街道": UnitKind.TOWN, "国企": UnitKind.COMPANY, "园区": UnitKind.PARK_OFFICE, "管委会": UnitKind.PARK_OFFICE}
ROLE_WORDS = {label: value for value, label in Role.choices} | {
    "督办": Role.SUPERVISOR, "督查员": Role.SUPERVISOR, "填报": Role.REPORTER, "联络员": Role.REPORTER,
    "查看": Role.VIEWER, "只读": Role.VIEWER}
# A county leader's post says so; the rest are read from the 级别 column or left as 其他.
COUNTY_POSTS = re.compile(r"县委|县政府|县人大|县政协|县长|副县长")
# 园区领导 are the posts of the committee itself (党工委 / 管委会): its 书记 and 副书记, 主任 and 副主任,
# its 委员. The heads of its offices, bureaus and centres (督查室主任, 经济发展局局长, 招商服务中心主任)
# are staff posts, though the sheet lists them under 管委会 and their titles end in 主任 too.
PARK_POSTS = re.compile(r"^(?:常务|专职)?副?(?:书记|主任)$|^(?:一级|二级|副)?调研员$")
# A post that names the committee: 党工委委员, 管委会副主任, 高新区党工委书记 (not 党工委办公室主任).
COMMITTEE_POST = re.compile(r"^(?P<before>.*?)(?:党工委|管委会)(?P<post>.+)$")
COMMITTEE_POSTS = re.compile(r"^(?:常务|专职)?副?(?:书记|主任)$|^委员$")
# A unit or a name ending so is an office, bureau or centre of the committee, not the committee.
SUB_OFFICE = re.compile(r"(?:室|科|局|办|中心|部|处|股|所|站|队|组|公司)$")
POST_SEPARATORS = re.compile(r"[、，,；;/／\s]+")
MOBILE = re.compile(r"^1\d{10}$")
PHONE = re.compile(r"^[\d\-()（）+ ]{7,20}$")


def is_park_leader_post(title: str, *, in_committee: bool) -> bool:
    """Whether one of the posts in a title (several are joined by 、) is a post of the committee's
    leadership: one that names it (党工委委员, 管委会副主任), or, for someone listed under the committee
    itself (高新区管委会, not its 督查室), a bare 主任, 副书记 or 调研员."""
    for post in POST_SEPARATORS.split(title.strip()):
        named = COMMITTEE_POST.match(post)
        if named and not SUB_OFFICE.search(named["before"]) and COMMITTEE_POSTS.match(named["post"]):
            return True
        if in_committee and PARK_POSTS.match(post):
            return True
    return False


@dataclass
class DirectoryLine:
    row: int
    name: str
    unit: str = ""
    unit_kind: str = ""
    title: str = ""
    level: str = ""
    phone: str = ""
    username: str = ""
    requested_role: str = ""
    person_action: str = CREATE
    account_action: str = ""  # "" when the row asks for no account
    changes: list[str] = field(default_factory=list)

    @property
    def person_action_label(self) -> str:
        return ACTION_LABELS[self.person_action]

    @property
    def account_action_label(self) -> str:
        return ACTION_LABELS.get(self.account_action, "")

    @property
    def level_label(self) -> str:
        return LeaderLevel(self.level).label if self.level else ""

    @property
    def role_label(self) -> str:
        return Role(self.requested_role).label if self.requested_role else ""

    def as_dict(self) -> dict:
        return {"row": self.row, "name": self.name, "unit": self.unit, "title": self.title,
                "level": self.level_label, "phone": self.phone, "username": self.username,
                "requested_role": self.role_label, "person": self.person_action,
                "account": self.account_action or None, "changes": self.changes}


@dataclass
class DirectoryPreview(Preview):
    park: Park | None = None
    lines: list[DirectoryLine] = field(default_factory=list)
    units_to_create: list[NewName] = field(default_factory=list)

    def count(self, what: str, action: str) -> int:
        return sum(1 for line in self.lines if getattr(line, f"{what}_action") == action)

    @property
    def counts(self) -> dict[str, int]:
        return {"新增人员": self.count("person", CREATE), "更新人员": self.count("person", UPDATE),
                "新建账号": self.count("account", CREATE), "更新账号": self.count("account", UPDATE)}

    def as_dict(self) -> dict:
        return {"file": self.filename, "park": str(self.park) if self.park else None,
                "people": [line.as_dict() for line in self.lines],
                "units_to_create": [unit.as_dict() for unit in self.units_to_create],
                "problems": [problem.as_dict() for problem in self.problems]}


@dataclass
class DirectoryOutcome(ImportOutcome):
    # (account, one-time password) of each new account: shown to the importing administrator once.
    passwords: list[tuple[User, str]] = field(default_factory=list)


class DirectoryImporter(Importer):
    what = "通讯录"
    columns = COLUMNS

    def __init__(self, *, park: Park | None):
        self.park = park

    def lock_name(self, preview: DirectoryPreview) -> str | None:
        return f"directory-{preview.park.pk}" if preview.park else None

    def busy_message(self, holder: str) -> str:
        return f"{holder}正在导入通讯录，请等其完成后再试（本次未导入任何数据）。"

    def build(self, table: MappedTable, *, filename: str) -> DirectoryPreview:
        preview = DirectoryPreview(filename=filename, park=self.park)
        if self.park is None:
            preview.error(None, "系统中还没有园区，请先运行 parkops init-park 建立园区。")
            return preview
        names = NameCollector(self.park)
        accounts = {user.username: user for user in User.objects.all()}
        seen_names: dict[str, int] = {}
        seen_usernames: dict[str, int] = {}

        for row in table.rows:
            name = normalise_name(table.value(row, "name"))
            if not name:
                if any(table.value(row, key) for key in ("unit", "title", "username")):
                    preview.error(row.number, "缺少姓名。")
                continue
            line = DirectoryLine(row=row.number, name=name, title=table.value(row, "title"))
            if name in seen_names:
                preview.error(row.number, f"姓名“{name}”与第{seen_names[name]}行重复；同名的两人请在姓名后加以区分。")
                continue
            seen_names[name] = row.number

            unit_name = normalise_name(table.value(row, "unit"))
            if unit_name:
                unit = names.units.recorded(unit_name)
                kind = self._unit_kind(preview, row.number, table.value(row, "unit_kind"), unit_name)
                line.unit = names.unit(unit_name, row.number, kind=kind)
                line.unit_kind = unit.kind if unit else kind

            person = names.people.recorded(name)
            line.level = self._level(preview, row.number, table.value(row, "level"), line, person)
            if person is not None:
                line.person_action = UPDATE if self._person_changes(line, person) else UNCHANGED

            line.phone = self._phone(preview, row.number, table.value(row, "phone"))
            line.requested_role = self._role(preview, row.number, table.value(row, "role"))
            username = table.value(row, "username").strip()
            if not username and line.requested_role and MOBILE.match(line.phone):
                # Most offices' lists have no 账号 column: whoever is given a role logs in with their mobile.
                username = line.phone
                preview.warn(row.number, f"没有填写账号，以手机号“{username}”作为登录账号。")
            if username:
                self._account(preview, row.number, line, username, accounts.get(username), seen_usernames)
            elif line.requested_role:
                preview.warn(row.number, f"填写了角色“{line.role_label}”但没有账号和手机号，未建立登录账号；"
                                         "如需使用系统，请填写“账号”或手机号。")
            preview.lines.append(line)
        preview.units_to_create = names.units.to_create
        if not preview.lines and not preview.errors:
            preview.error(None, "表格中没有人员。")
        return preview

    # -- reading the cells ---------------------------------------------------------------------------

    @staticmethod
    def _unit_kind(preview, row: int, text: str, unit_name: str) -> str:
        text = normalise_name(text)
        if not text:
            return services.unit_kind_for(unit_name, preview.park)
        if text not in UNIT_KIND_WORDS:
            preview.warn(row, f"单位类别“{text}”无法识别，按单位名称判断；可填写：{'、'.join(UnitKind.labels)}。")
            return services.unit_kind_for(unit_name, preview.park)
        return UNIT_KIND_WORDS[text]

    @staticmethod
    def _level(preview, row: int, text: str, line: DirectoryLine, person: Person | None) -> str:
        text = normalise_name(text)
        if text:
            if text in LEVEL_WORDS:
                return LEVEL_WORDS[text]
            preview.warn(row, f"级别“{text}”无法识别，未改动；可填写：县级领导、园区领导、其他。")
        if person is not None:
            return person.level
        if COUNTY_POSTS.search(line.title):
            return LeaderLevel.COUNTY
        if is_park_leader_post(line.title, in_committee=line.unit_kind == UnitKind.PARK_OFFICE
                               and not SUB_OFFICE.search(line.unit)):
            return LeaderLevel.PARK
        return LeaderLevel.OTHER

    @staticmethod
    def _phone(preview, row: int, text: str) -> str:
        phone = re.sub(r"\s+", "", text)
        if phone and not (MOBILE.match(phone) or PHONE.match(phone)):
            preview.warn(row, f"手机“{text}”不像电话号码，未导入该号码。")
            return ""
        return phone

    @staticmethod
    def _role(preview, row: int, text: str) -> str:
        text = normalise_name(text)
        if not text:
            return ""
        role = ROLE_WORDS.get(text)
        if role in ADMIN_ROLES:
            preview.error(row, f"角色“{text}”是管理员角色，只能由安全管理员在“用户账号”中授予，不能通过导入设置。")
            return ""
        if role is None:
            choices = "、".join(label for value, label in Role.choices if value not in ADMIN_ROLES)
            preview.error(row, f"角色“{text}”无法识别；可填写：{choices}。")
            return ""
        return role

    @staticmethod
    def _person_changes(line: DirectoryLine, person: Person) -> bool:
        if line.title and line.title != person.title:
            line.changes.append(f"职务：{person.title or '（空）'} → {line.title}")
        if line.level != person.level:
            line.changes.append(f"级别：{person.get_level_display()} → {line.level_label}")
        current_unit = person.unit.name if person.unit_id else ""
        if line.unit and line.unit != current_unit:
            line.changes.append(f"单位：{current_unit or '（空）'} → {line.unit}")
        return bool(line.changes)

    @staticmethod
    def _account(preview, row: int, line: DirectoryLine, username: str, account: User | None,
                 seen: dict[str, int]) -> None:
        if username in seen:
            preview.error(row, f"账号“{username}”与第{seen[username]}行重复。")
            return
        seen[username] = row
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            preview.error(row, f"账号“{username}”含有不能使用的字符；账号只能由字母、数字、汉字和 @ . + - _ 组成。")
            return
        if len(username) > User._meta.get_field("username").max_length:
            preview.error(row, f"账号“{username}”过长。")
            return
        line.username = username
        if account is None:
            line.account_action = CREATE
            return
        if account.is_admin_role:
            preview.error(row, f"账号“{username}”是管理员账号，不能通过导入修改（三员分立）。")
            return
        differs = (line.name != account.display_name or (line.phone and line.phone != account.phone)
                   or (line.requested_role and not account.role and line.requested_role != account.requested_role)
                   or (line.unit and line.unit != (account.unit.name if account.unit_id else "")))
        line.account_action = UPDATE if differs else UNCHANGED

    # -- the write -----------------------------------------------------------------------------------

    def write(self, preview: DirectoryPreview, *, user) -> DirectoryOutcome:
        park = preview.park
        for new in preview.units_to_create:
            Unit.objects.create(park=park, name=new.name, kind=new.kind)
        units = {unit.name: unit for unit in Unit.objects.filter(park=park)}
        passwords = []
        for line in preview.lines:
            unit = units.get(line.unit)
            person = Person.objects.filter(park=park).by_name(line.name).first()
            if person is None:
                person = Person(park=park, name=line.name)
            if line.person_action != UNCHANGED:
                person.title = line.title or person.title
                person.level = line.level
                person.unit = unit or person.unit
                person._history_user = user
                person.save()
            if line.account_action:
                account, password = self._write_account(line, person, unit, user)
                if password:
                    passwords.append((account, password))
        return DirectoryOutcome(obj=park, counts={**preview.counts, "新建单位": len(preview.units_to_create)},
                                passwords=passwords)

    @staticmethod
    def _write_account(line: DirectoryLine, person: Person, unit: Unit | None, user) -> tuple[User, str]:
        """The account, and a new account's one-time password ("" for an existing account)."""
        account = User.objects.filter(username=line.username).first()
        password = ""
        if account is None:
            account = User(username=line.username)
        elif line.account_action == UNCHANGED:
            return account, ""
        account.display_name = line.name
        account.person = person
        account.unit = unit or account.unit
        account.phone = line.phone or account.phone
        if not account.role:
            account.requested_role = line.requested_role or account.requested_role
        account._history_user = user
        account.save()
        if line.account_action == CREATE:
            password = services.one_time_password(account)
            services.set_password_by_administrator(account=account, password=password, new=True)
        return account, password
