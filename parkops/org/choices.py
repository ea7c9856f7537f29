from django.db import models


class Role(models.TextChoices):
    """One role per account. The three administrators are separate (等保 三员分立) and none of them
    does business work; a single-valued role makes holding two of them impossible by construction."""

    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    SUPERVISOR = "supervisor", "督办员"
    REPORTER = "reporter", "填报员"
    LEADER = "leader", "领导"
    VIEWER = "viewer", "查看员"
    # An enterprise of the park on the system (园企之窗): sees and acts only on its own enterprise's records
    # (services.EnterpriseAccount ties the account to it; services.middleware keeps it to those pages).
    ENTERPRISE = "enterprise", "企业用户"


ADMIN_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "县直部门"
    TOWN = "town", "乡镇"
    PARK_OFFICE = "park_office", "园区机构"
    COMPANY = "company", "国有企业"
    OTHER = "other", "其他"


class LeaderLevel(models.TextChoices):
    COUNTY = "county", "县级领导"
    PARK = "park", "园区领导"
    OTHER = "other", "其他"
