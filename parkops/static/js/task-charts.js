// The supervision dashboard's pies: one per plan, its counts of tasks by light, from #plan-series.
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("plan-series");
  if (!source || !window.echarts) return;
  const series = JSON.parse(source.textContent);
  const colours = {"逾期": "#7a0c17", "滞后": "#dc3545", "未启动": "#adb5bd", "序时推进": "#f2b600", "已完成": "#1a9c4a"};
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    const counts = series[Number(el.dataset.chart)];
    const labels = Object.keys(counts);
    // No animation: leaders open this on phones, and a chart should show its figures at once.
    echarts.init(el).setOption({
      animation: false,
      tooltip: {trigger: "item"},
      legend: {bottom: 0},
      series: [{type: "pie", radius: ["40%", "72%"], label: {position: "inside", formatter: "{c}", color: "#fff", fontWeight: "bold"},
        data: labels.filter(l => counts[l] > 0).map(l => ({name: l, value: counts[l], itemStyle: {color: colours[l]}}))}]
    });
  });
});
