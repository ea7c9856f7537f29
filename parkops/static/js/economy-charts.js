// The economy's charts (dashboard and wall) from the figures the page embeds as #economy-chart.
// No animation: leaders open this on phones, and a chart should show its figures at once.
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("economy-chart");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const dark = document.body.classList.contains("wall");
  const text = dark ? "#dce6f5" : "#333";
  const narrow = window.innerWidth < 600;  // a phone: fewer labels, or they overlap
  const options = {
    trend: () => ({
      animation: false,
      tooltip: {trigger: "axis"},
      legend: {bottom: 0, textStyle: {color: text}},
      grid: {left: 56, right: 56, top: 30, bottom: 40},
      xAxis: {type: "category", data: data.months, axisLabel: {color: text}},
      yAxis: [{type: "value", name: data.unit, axisLabel: {color: text}, nameTextStyle: {color: text}},
              {type: "value", name: "%", axisLabel: {color: text}, nameTextStyle: {color: text}, splitLine: {show: false}}],
      series: [
        {name: (data.year - 1) + "年当月", type: "bar", data: data.last_year, itemStyle: {color: "#9fb7d6"}},
        {name: data.year + "年当月", type: "bar", data: data.this_year, itemStyle: {color: "#0d6efd"}},
        {name: "累计同比（同口径）", type: "line", yAxisIndex: 1, data: data.yoy, itemStyle: {color: "#dc3545"},
         label: {show: !narrow, formatter: "{c}%", color: text, fontSize: 10}},
      ],
    }),
    chains: () => ({
      animation: false,
      tooltip: {trigger: "item", formatter: "{b}：{c}" + data.unit + "（{d}%）"},
      legend: {bottom: 0, textStyle: {color: text}},
      series: [{type: "pie", radius: dark ? ["30%", "55%"] : ["38%", "68%"], center: ["50%", "45%"],
        label: {formatter: "{b}\n{d}%", color: text},
        data: data.chains.map(c => ({name: c.name + (c.leading ? "" : "（非主导）"), value: c.value}))}],
    }),
    grades: () => ({
      animation: false,
      tooltip: {trigger: "axis"},
      grid: {left: 40, right: 20, top: 20, bottom: 30},
      xAxis: {type: "category", data: data.grades.labels, axisLabel: {color: text}},
      yAxis: {type: "value", name: "家", axisLabel: {color: text}},
      series: [{type: "bar", data: data.grades.counts, label: {show: true, position: "top", color: text},
        itemStyle: {color: (p) => ["#1a9c4a", "#0d6efd", "#f2b600", "#dc3545", "#adb5bd"][p.dataIndex]}}],
    }),
  };
  document.querySelectorAll("[data-economy-chart]").forEach(function (el) {
    const chart = echarts.init(el);
    chart.setOption(options[el.dataset.economyChart]());
    window.addEventListener("resize", () => chart.resize());
  });
});
