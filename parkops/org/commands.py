"""What every `parkops import-…` and `export-…` command shares: the options, the dry run, the JSON, and
the way problems and new names are reported. A command says only which importer and what its preview
lists."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parkops.core.imports import ImportBusy, Importer, ImportFileError, Preview, open_path
from parkops.core.periods import parse_period
from parkops.org.models import Park
from parkops.org.names import NO_PARK, only_park


def find_park(name: str | None) -> Park | None:
    """The park named on the command line (by name or short name); None when none was named."""
    if not name:
        return None
    park = Park.objects.filter(name=name).first() or Park.objects.filter(short_name=name).first()
    if park is None:
        raise CommandError(f"没有名为“{name}”的园区。")
    return park


def park_option(name: str | None) -> Park:
    """--park NAME, or the only park when none is named (the embedded set-up has one)."""
    park = find_park(name)
    if park is not None:
        return park
    park, problem = only_park()
    if park is None:
        raise CommandError("系统中还没有园区。" if problem == NO_PARK else "系统中有多个园区，请用 --park 指定。")
    return park


def period_option(text: str | None):
    """--period YYYY-MM as the first of its month; None when not given."""
    try:
        return parse_period(text) if text else None
    except ValueError as error:
        raise CommandError(str(error)) from None


def choices_option(text: str | None, choices, what: str) -> list[str]:
    """"产业项目,基础设施" or "industrial,infrastructure" → choice values, by label or by value."""
    by_name = {c.label: c.value for c in choices} | {c.value: c.value for c in choices}
    wanted = [item.strip() for item in (text or "").replace("，", ",").split(",") if item.strip()]
    unknown = [item for item in wanted if item not in by_name]
    if unknown:
        raise CommandError(f"未知的{what}：{'、'.join(unknown)}。可选：{'、'.join(choices.labels)}")
    return [by_name[item] for item in wanted]


def output_option(options: dict, formats) -> tuple[Path, str]:
    """-o FILE and --format, the format defaulting to the file's extension."""
    output = Path(options["output"])
    kind = options["format"] or output.suffix.lstrip(".").lower()
    if kind not in formats:
        raise CommandError(f"请用 --format 指定格式：{'、'.join(formats)}。")
    return output, kind


class ImportCommand(BaseCommand):
    """FILE [--period YYYY-MM] [--park NAME] [--dry-run] [--json]: preview, then commit all or nothing."""

    period_help = "所属期间 YYYY-MM；默认取表头日期的上一个月"  # None: the import has no period
    file_help = "Word（.docx）或Excel（.xlsx）文件"

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        if self.period_help:
            parser.add_argument("--period", help=self.period_help)
        parser.add_argument("--park", help="园区名称（系统中有多个园区时）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要导入的内容，不写入")
        parser.add_argument("--json", action="store_true", help="以JSON输出将要（或已经）导入的内容")

    def make_importer(self, options: dict, *, period, park: Park | None) -> Importer:
        raise NotImplementedError

    def report(self, preview: Preview) -> None:
        """The preview, a line a section or row; new names and problems follow from report_names_and_problems."""
        raise NotImplementedError

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        importer = self.make_importer(options, period=period_option(options.get("period")),
                                      park=find_park(options["park"]))
        try:
            with open_path(path) as file:
                preview = importer.preview(file)
        except ImportFileError as error:
            raise CommandError(error.message) from None

        outcome = None
        if not preview.has_errors and not options["dry_run"]:
            try:
                outcome = importer.commit(preview)
            except ImportBusy as busy:
                raise CommandError(busy.message) from None
        if options["json"]:
            data = preview.as_dict()
            data["committed"] = outcome is not None
            data["counts"] = outcome.counts if outcome else {}
            if outcome is not None:
                data.update(self.outcome_json(outcome))
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.report(preview)
            self.report_names_and_problems(preview)
        if preview.has_errors:
            raise CommandError(f"发现{len(preview.errors)}处错误，未导入任何数据。")
        if outcome is not None and not options["json"]:
            self.stdout.write(self.style.SUCCESS(f"已导入：{outcome.summary()}。"))
            self.report_outcome(outcome)
        elif outcome is None and not options["json"]:
            self.stdout.write("试运行（--dry-run），未写入任何数据。")

    def report_outcome(self, outcome) -> None:
        """What only the write knows and the person running the command must read (new passwords)."""

    def outcome_json(self, outcome) -> dict:
        return {}

    def report_names_and_problems(self, preview: Preview) -> None:
        write = self.stdout.write
        for title, names in (("将新建人员", getattr(preview, "people_to_create", ())),
                             ("将新建单位", getattr(preview, "units_to_create", ()))):
            if names:
                write(f"{title}{len(names)}个：" + "、".join(f"{n.name}（{n.kind_label}）" for n in names))
        for problem in preview.problems:
            line = f"{'错误' if problem.is_error else '提示'}：{problem}"
            write(self.style.ERROR(line) if problem.is_error else self.style.WARNING(line))
