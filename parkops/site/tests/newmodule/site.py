from parkops.core.offerings import DemoPark, DemoStep, MenuEntry
from parkops.reports.registry import ReportType

MENU = (
    MenuEntry("newmodule:leads", "招商线索", lambda user: user.role == "supervisor", order=75),
)


def build_demo(demo: DemoPark) -> None:
    demo.notes.append(f"招商线索：已为{demo.park.name}建立3条")


DEMO = DemoStep(order=50, build=build_demo)

REPORT_TYPES = (
    ReportType(code="investment_leads", name="招商线索月报", description="每月新增与推进中的招商线索。",
               build_context=lambda request: {}, default_template=lambda: b"", fields=()),
)
