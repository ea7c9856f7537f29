// The cultivation pool's sparklines: each enterprise's revenue this year against last, from #pool-trends.
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("pool-trends");
  if (!source || !window.echarts) return;
  const trends = JSON.parse(source.textContent);
  document.querySelectorAll("[data-trend]").forEach(function (el) {
    const trend = trends[Number(el.dataset.trend)];
    const pairs = (months, values) => values.map((v, i) => [months[i], Number(v)]);
    // No animation and no axes: a sparkline shows the shape of the year at a glance; the tooltip has the figures.
    echarts.init(el).setOption({
      animation: false,
      grid: {left: 2, right: 2, top: 4, bottom: 4},
      tooltip: {trigger: "axis", valueFormatter: v => v + "万元"},
      xAxis: {type: "value", min: 1, max: "dataMax", show: false},
      yAxis: {type: "value", show: false},
      series: [
        {name: "上年同期", type: "line", showSymbol: false, lineStyle: {color: "#adb5bd", width: 1},
         data: pairs(trend.last_year_months, trend.last_year)},
        {name: "本年累计", type: "line", showSymbol: false, lineStyle: {color: "#0d6efd", width: 2},
         data: pairs(trend.months, trend.values)}
      ]
    });
  });
});
