"""The audit log becomes a hash chain the database itself guards: existing lines are chained in id order,
the chain's head row is created, and the triggers that refuse UPDATE, DELETE (and TRUNCATE) go in."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from parkops.core import audit_triggers, auditchain


def chain_existing_lines(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChain = apps.get_model("core", "AuditChain")
    previous = ""
    last_id = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        entry.prev_hash = previous
        entry.hash = auditchain.entry_hash(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        previous, last_id = entry.hash, entry.pk
    AuditChain.objects.create(pk=auditchain.CHAIN_ID, last_id=last_id, last_hash=previous)


def create_triggers(apps, schema_editor):
    audit_triggers.create(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    audit_triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_audit_unlocked'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='at',
            field=models.DateTimeField(db_index=True, verbose_name='时间'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='user',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='用户'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('login', '登录'), ('logout', '退出'), ('login_failed', '登录失败'), ('locked', '账号锁定'), ('unlocked', '解除锁定'), ('create', '新增'), ('update', '修改'), ('delete', '删除'), ('import', '导入'), ('export', '导出'), ('view_personal', '查看个人信息'), ('purge', '清理过期日志')], db_index=True, max_length=20, verbose_name='操作'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='上一条哈希'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='哈希'),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name='AuditChain',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last_id', models.BigIntegerField(default=0, verbose_name='最后一条ID')),
                ('last_hash', models.CharField(blank=True, max_length=64, verbose_name='最后一条哈希')),
                ('anchor_id', models.BigIntegerField(default=0, verbose_name='锚点ID')),
                ('anchor_hash', models.CharField(blank=True, max_length=64, verbose_name='锚点哈希')),
                ('purge_before', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': '审计日志链',
                'verbose_name_plural': '审计日志链',
            },
        ),
        migrations.RunPython(chain_existing_lines, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(editable=False, max_length=64, unique=True, verbose_name='哈希'),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
