// The economy's charts (dashboard and wall) from the figures the page embeds as #economy-chart.
// No animation: leaders open this on phones, and a chart should show its figures at once.
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("economy-chart");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const dark = document.body.classList.contains("wall");
  const text = dark ? "#dce6f5" : "#333";
  const narrow = window.innerWidth < 600;  // a phone: fewer labels, or they overlap
  const chains = (data.chains || []).map(c => ({name: c.name + (c.leading ? "" : "（非主导）"), value: Number(c.value)}));
  const total = chains.reduce((sum, c) => sum + c.value, 0);
  const shares = Object.fromEntries(chains.map(c => [c.name, total ? (100 * c.value / total).toFixed(1) : "0.0"]));
  const options = {
    trend: () => ({
      animation: false,
      tooltip: {trigger: "axis"},
      legend: {bottom: 0, itemGap: narrow ? 8 : 10, textStyle: {color: text}},
      // On a phone the legend takes two lines: the plot stands higher, so the months stay clear of it.
      grid: narrow ? {left: 44, right: 36, top: 30, bottom: 78} : {left: 56, right: 56, top: 30, bottom: 40},
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
    // A phone has no room beside the ring for the chains' names: the shares go inside the ring, and the
    // names with their shares into the legend below it.
    chains: () => ({
      animation: false,
      tooltip: {trigger: "item", formatter: "{b}：{c}" + data.unit + "（{d}%）"},
      legend: {bottom: 0, itemGap: narrow ? 8 : 10, textStyle: {color: text},
               formatter: narrow ? name => name + " " + shares[name] + "%" : "{name}"},
      series: [{type: "pie", radius: dark ? ["30%", "55%"] : narrow ? ["32%", "62%"] : ["38%", "68%"],
        center: ["50%", narrow ? "38%" : "45%"],
        label: narrow ? {position: "inside", color: "#fff", fontWeight: "bold",
                         formatter: p => p.percent >= 8 ? Math.round(p.percent) + "%" : ""}
                      : {formatter: "{b}\n{d}%", color: text},
        data: chains}],
    }),
    grades: () => ({
      animation: false,
      tooltip: {trigger: "axis"},
      // Every class named under its bar: on a phone the explanation goes, without its brackets, to a second line.
      grid: {left: 40, right: 20, top: 20, bottom: narrow ? 44 : 30},
      xAxis: {type: "category", data: data.grades.labels,
              axisLabel: {color: text, interval: narrow ? 0 : "auto", formatter: narrow ? v => v.replace("（", "\n").replace("）", "") : "{value}"}},
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
