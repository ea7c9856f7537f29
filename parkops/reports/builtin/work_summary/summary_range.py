"""The range a 工作总结 covers: 上半年 (1-6月) up to June, 1-N月 after, 年度 in December; and the title it goes by."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from parkops.core.periods import cumulative_label
from parkops.reports.registry import ReportRequest

# -- The range a summary covers ------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRange:
    year: int
    last_month: int  # 6 for the half-year, N for 1-N月, 12 for the year

    @classmethod
    def of(cls, period: date) -> SummaryRange:
        # A summary drafted before the half-year is out is still the half-year's, written from what is in.
        return cls(period.year, 6 if period.month <= 6 else period.month)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, monthrange(self.year, self.last_month)[1])

    @property
    def last_period(self) -> date:
        return date(self.year, self.last_month, 1)

    @property
    def is_half_year(self) -> bool:
        return self.last_month == 6

    @property
    def is_year(self) -> bool:
        return self.last_month == 12

    @property
    def name(self) -> str:
        """What the title and 一、 call the range: "2026年上半年", "2026年", "2026年1-10月"."""
        if self.is_half_year:
            return f"{self.year}年上半年"
        if self.is_year:
            return f"{self.year}年"
        return f"{self.year}年{cumulative_label(self.last_period)}"

    @property
    def short(self) -> str:
        """How a sentence opens on it: "上半年", "全年", "1-10月"."""
        return "上半年" if self.is_half_year else "全年" if self.is_year else cumulative_label(self.last_period)

    @property
    def next_name(self) -> str:
        """What 三、 plans for: "2026年下半年", "2027年", or 下一步 for a summary within the second half."""
        if self.is_half_year:
            return f"{self.year}年下半年"
        return f"{self.year + 1}年" if self.is_year else "下一步"

    @property
    def next_end(self) -> date:
        return date(self.year + 1, 12, 31) if self.is_year else date(self.year, 12, 31)


def title(request: ReportRequest) -> str:
    """As the seeds title them: "德安高新区2026年上半年工作总结及下半年工作计划"."""
    summary_range = SummaryRange.of(request.period)
    park = str(request.park)
    if summary_range.is_half_year:
        return f"{park}{summary_range.year}年上半年工作总结及下半年工作计划"
    if summary_range.is_year:
        return f"{park}{summary_range.year}年度工作总结及{summary_range.year + 1}年工作计划"
    return f"{park}{summary_range.name}工作总结及下一步工作计划"
