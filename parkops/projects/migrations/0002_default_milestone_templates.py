"""Load the default nodes (节点) of each kind of project.

The lists are copied here rather than imported from parkops.projects.milestones: a migration must
do the same thing whenever it runs, whatever the code later becomes.
"""

from django.db import migrations

DEFAULTS = {
    "industrial": [
        "立项备案", "环评", "能评", "用地规划许可", "工程规划许可", "施工许可",
        "开工", "主体封顶", "设备进场", "竣工验收", "投产",
    ],
    "infrastructure": [
        "立项批复", "可研批复", "初步设计批复", "用地预审", "环评", "施工图审查", "招标",
        "施工许可", "开工", "主体完工", "竣工验收", "交付使用",
    ],
    "standard_factory": [
        "立项备案", "用地规划许可", "工程规划许可", "施工图审查", "施工许可",
        "开工", "主体封顶", "竣工验收", "招商入驻",
    ],
    "livelihood": [
        "立项批复", "可研批复", "用地规划许可", "施工图审查", "招标", "施工许可",
        "开工", "主体完工", "竣工验收", "交付使用",
    ],
}


def load_templates(apps, schema_editor):
    MilestoneTemplate = apps.get_model("projects", "MilestoneTemplate")
    for kind, names in DEFAULTS.items():
        for position, name in enumerate(names, start=1):
            MilestoneTemplate.objects.get_or_create(kind=kind, name=name, defaults={"position": position})


def remove_templates(apps, schema_editor):
    MilestoneTemplate = apps.get_model("projects", "MilestoneTemplate")
    for kind, names in DEFAULTS.items():
        MilestoneTemplate.objects.filter(kind=kind, name__in=names).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_templates, remove_templates),
    ]
