// 宗地轮廓编辑：在园区平面图上依次点击添加顶点，写入“横坐标,纵坐标”文本框；文本框改动后图形随之更新。
// No inline script (CSP): the page marks the editor with data-plan-editor and names its text box.
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";

  function parse(text) {
    var points = [];
    (text || "").replace(/，/g, ",").replace(/[;；]/g, " ").split(/\s+/).forEach(function (pair) {
      var parts = pair.split(",");
      if (parts.length === 2 && parts[0] !== "" && parts[1] !== "" && !isNaN(parts[0]) && !isNaN(parts[1])) {
        points.push([Math.round(Number(parts[0])), Math.round(Number(parts[1]))]);
      }
    });
    return points;
  }

  function write(points) {
    return points.map(function (p) { return p[0] + "," + p[1]; }).join(" ");
  }

  function setUp(editor) {
    var svg = editor.querySelector("svg");
    var shape = svg.querySelector("[data-shape]");
    var dots = svg.querySelector("[data-dots]");
    var input = document.getElementById(editor.dataset.input);
    var radius = Number(editor.dataset.stroke || 2) * 2;
    if (!svg || !shape || !input) { return; }

    function draw() {
      var points = parse(input.value);
      shape.setAttribute("points", write(points));
      while (dots.firstChild) { dots.removeChild(dots.firstChild); }
      points.forEach(function (p) {
        var dot = document.createElementNS(SVG_NS, "circle");
        dot.setAttribute("cx", p[0]);
        dot.setAttribute("cy", p[1]);
        dot.setAttribute("r", radius);
        dot.setAttribute("fill", "#0d6efd");
        dots.appendChild(dot);
      });
    }

    svg.addEventListener("click", function (event) {
      var matrix = svg.getScreenCTM();
      if (!matrix) { return; }
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var at = point.matrixTransform(matrix.inverse());
      var box = svg.viewBox.baseVal;
      var x = Math.min(Math.max(Math.round(at.x), 0), box.width);
      var y = Math.min(Math.max(Math.round(at.y), 0), box.height);
      var points = parse(input.value);
      points.push([x, y]);
      input.value = write(points);
      draw();
    });
    var form = input.form;
    form.querySelector("[data-undo]").addEventListener("click", function () {
      var points = parse(input.value);
      points.pop();
      input.value = write(points);
      draw();
    });
    form.querySelector("[data-clear]").addEventListener("click", function () {
      input.value = "";
      draw();
    });
    input.addEventListener("input", draw);
    draw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-plan-editor]").forEach(setUp);
  });
})();
