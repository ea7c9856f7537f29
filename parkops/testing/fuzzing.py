"""The one hypothesis profile of the fuzz tests: derandomized, so CI runs the same inputs every time,
bounded, and with no deadline (the machine's speed decides nothing). FUZZ_EXAMPLES raises the bound
for a longer run by hand: `FUZZ_EXAMPLES=5000 pytest -k fuzz`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    derandomize=True, database=None, deadline=None, max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    # Fixtures (the park, the database) are the same for every input: build() and the parsers only read.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text as the committee's tables hold it: the words, digits, units and punctuation that the parsers look
# for, mixed with anything else Unicode has, so the parsers' patterns are hit often and missed often.
FRAGMENTS = ["年", "月", "日", "号", "底", "前", "末", "年底前", "长期坚持", "6月底前", "11月25日前", "2023年",
             "增长", "以上", "以内", "以下", "达到", "力争", "控制在", "亿元", "万元", "千元", "元", "亿美元", "亩", "%",
             "％", "个", "家", "余", "多", "累计", "合计", "总计", "，", ",", ".", "．", "、", "-", "－", "—", "/",
             "（", "）", "(", ")", "一、", "（一）", "注：", "工信局", "县政府", "张三", "\n", " ", "\u3000", "0",
             "9", "12", "31", "99999999999999999999", "1e9", "NaN", "Infinity", "-0", "٣", "１２"]
cell_text = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet="0123456789.,-", max_size=6), max_size=8).map("".join),
)
