from django.db import models


class PartyOrganisation(models.TextChoices):
    NONE = "none", "未建立"
    SINGLE = "single", "单独组建"
    JOINT = "joint", "联合组建"


class Grade(models.TextChoices):
    """亩均论英雄 classes."""

    A = "A", "A类（优先发展）"
    B = "B", "B类（提升发展）"
    C = "C", "C类（帮扶转型）"
    D = "D", "D类（倒逼整治）"
    T = "T", "T类（暂不评价）"


class MetricCode(models.TextChoices):
    """What a per-mu scheme can score; each is computed from the year's indicators in economy.permu."""

    TAX_PER_MU = "tax_per_mu", "亩均税收（万元/亩）"
    REVENUE_PER_MU = "revenue_per_mu", "亩均营业收入（万元/亩）"
    VALUE_ADDED_PER_MU = "value_added_per_mu", "亩均工业增加值（万元/亩）"
    OUTPUT_PER_EMPLOYEE = "output_per_employee", "全员劳动生产率（万元/人）"
    ENERGY_PER_OUTPUT = "energy_per_output", "单位产值能耗（吨标准煤/万元）"
    RND_SHARE = "rnd_share", "研发经费占营业收入比重（%）"
