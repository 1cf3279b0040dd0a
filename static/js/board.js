/* Live board: one websocket per page, reconnecting by itself with backoff and
   jitter. Renders snapshots (counters, leaderboard, units, charts), the viewer's
   own rank and prize reveals. ES5 only, for old Android browsers. */
(function () {
  "use strict";
  var root = document.querySelector("[data-board]");
  if (!root || !window.WebSocket) { return; }
  var labels = JSON.parse(document.getElementById("board-labels").textContent);
  var status = root.querySelector("[data-status]");
  var socket = null, attempts = 0, stopped = false, timer = null;
  var FINAL_CODES = { 4400: true, 4403: true, 4404: true };

  function setStatus(kind, text) {
    if (!status) { return; }
    status.className = "status " + kind;
    status.textContent = text || labels[kind] || "";
  }
  function number(n) {
    var s = String(n);
    return s.replace(/\B(?=(\d{3})+(?!\d))/g, labels.thousands);
  }
  function mmss(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function percent(rate) { return rate === null || rate === undefined ? "–" : Math.round(rate * 100) + "%"; }
  function cell(row, text, className, label) {
    var td = document.createElement("td");
    td.textContent = text;  // text only: nothing a participant typed can run here
    if (className) { td.className = className; }
    if (label) { td.setAttribute("data-label", label); }  // the column's name, on phone cards
    row.appendChild(td);
  }
  function headings(body) {
    var names = [], table = body.parentNode, ths = table ? table.querySelectorAll("thead th") : [];
    for (var i = 0; i < ths.length; i++) { names.push(ths[i].textContent); }
    return names;
  }
  function markOwn(tr, nameCell) {
    // The viewer's own row: the page says whose it is (data-viewer), the frame is everyone's.
    tr.className = "own";
    tr.setAttribute("aria-current", "true");
    var tag = document.createElement("span");
    tag.className = "own-label";
    tag.textContent = labels.you;
    nameCell.appendChild(document.createTextNode(" "));
    nameCell.appendChild(tag);
  }
  function fill(body, items, columns) {
    if (!body) { return; }
    var limit = parseInt(body.getAttribute("data-top"), 10) || items.length;
    var viewer = body.getAttribute("data-viewer"), names = headings(body);
    while (body.firstChild) { body.removeChild(body.firstChild); }
    for (var i = 0; i < items.length && i < limit; i++) {
      var tr = document.createElement("tr");
      for (var c = 0; c < columns.length; c++) { cell(tr, columns[c][0](items[i]), columns[c][1], names[c]); }
      if (viewer && items[i].key === viewer) { markOwn(tr, tr.children[1]); }
      body.appendChild(tr);
    }
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(name, attrs, text) {
    var el = document.createElementNS(SVG, name);
    for (var key in attrs) { if (attrs.hasOwnProperty(key)) { el.setAttribute(key, String(attrs[key])); } }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }
  function replace(box, svg) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.appendChild(svg);
  }
  function columnsChart(box, points) {
    // Attempts started per period: [[label, count], ...], first and last label under it.
    var width = 600, height = 160, n = points.length || 1, max = 1, i;
    for (i = 0; i < points.length; i++) { max = Math.max(max, points[i][1]); }
    var svg = svgEl("svg", { viewBox: "0 0 " + width + " " + (height + 24), "class": "columns" });
    for (i = 0; i < points.length; i++) {
      var h = Math.round((points[i][1] / max) * height);
      var rect = svgEl("rect", { x: (i * width) / n + 1, y: height - h, width: Math.max(1, width / n - 2), height: h });
      rect.appendChild(svgEl("title", {}, points[i][0] + ": " + number(points[i][1])));
      svg.appendChild(rect);
    }
    if (points.length) {
      svg.appendChild(svgEl("text", { x: 0, y: height + 18 }, points[0][0]));
      svg.appendChild(svgEl("text", { x: width, y: height + 18, "text-anchor": "end" }, points[points.length - 1][0]));
      svg.appendChild(svgEl("text", { x: 4, y: 14 }, number(max)));
    }
    replace(box, svg);
  }
  function rowsChart(box, units) {
    // Participation rate per unit as labelled horizontal bars.
    var rowHeight = 26, width = 600, labelWidth = 260, count = Math.min(units.length, 15), max = 0.01, i;
    for (i = 0; i < count; i++) { max = Math.max(max, units[i].rate || 0); }
    var svg = svgEl("svg", { viewBox: "0 0 " + width + " " + Math.max(rowHeight, count * rowHeight), "class": "rows" });
    for (i = 0; i < count; i++) {
      var y = i * rowHeight, rate = units[i].rate || 0;
      svg.appendChild(svgEl("text", { x: 0, y: y + 17 }, units[i].unit));
      svg.appendChild(svgEl("rect", { x: labelWidth, y: y + 5, height: 16, width: Math.max(1, ((width - labelWidth - 60) * rate) / max) }));
      svg.appendChild(svgEl("text", { x: width, y: y + 17, "text-anchor": "end" }, percent(units[i].rate)));
    }
    replace(box, svg);
  }
  function charts(message) {
    var timeline = root.querySelector("[data-chart=timeline]");
    if (timeline) { columnsChart(timeline, message.timeline); }
    var units = root.querySelector("[data-chart=units]");
    if (units) { rowsChart(units, message.units); }
  }

  function reveal(message, replay) {
    var box = root.querySelector("[data-reveals]");
    if (!box) { return; }
    var section = document.createElement("section");
    section.className = "reveal card";
    var h = document.createElement("h2");
    h.textContent = labels.tiers[message.tier] || message.tier;
    section.appendChild(h);
    var list = document.createElement("ol");
    for (var i = 0; i < message.winners.length; i++) {
      var li = document.createElement("li");
      var winner = message.winners[i];
      li.textContent = winner.name + (winner.unit ? " – " + winner.unit : "");
      list.appendChild(li);
    }
    section.appendChild(list);
    if (box.hasAttribute("data-stage")) {
      // The projector shows one tier at a time, over the board.
      while (box.firstChild) { box.removeChild(box.firstChild); }
      box.hidden = false;
    }
    box.insertBefore(section, box.firstChild);
    if (!replay && section.scrollIntoView) { section.scrollIntoView(); }
  }

  var handlers = {
    snapshot: function (m) {
      // The round's state (sắp mở, đang diễn ra, đã kết thúc, đang công bố giải); the call
      // to join goes once joining is over.
      var phase = root.querySelector("[data-phase]"), join = root.querySelector("[data-join]");
      if (phase && m.round.phase) {
        phase.className = "phase " + m.round.phase;
        phase.textContent = labels.phases[m.round.phase] || "";
      }
      if (join) { join.hidden = m.round.phase !== "upcoming" && m.round.phase !== "open"; }
      var keys = ["participants", "in_progress", "finished", "perfect"];
      for (var k = 0; k < keys.length; k++) {
        var el = root.querySelector("[data-counter=" + keys[k] + "]");
        if (el) { el.textContent = number(m.counters[keys[k]]); }
      }
      fill(root.querySelector("[data-board-rows]"), m.board, [
        [function (r) { return r.rank; }, "num"],
        [function (r) { return r.name; }],
        [function (r) { return r.unit; }],
        [function (r) { return r.score + "/" + r.of; }, "num"],
        [function (r) { return mmss(r.seconds); }, "num"]
      ]);
      fill(root.querySelector("[data-unit-rows]"), m.units, [
        [function (u) { return u.unit; }],
        [function (u) { return number(u.participants) + (u.headcount ? "/" + number(u.headcount) : ""); }, "num"],
        [function (u) { return percent(u.rate); }, "num"],
        [function (u) { return u.average === null ? "–" : u.average.toFixed(1); }, "num"]
      ]);
      charts(m);
      var box = root.querySelector("[data-reveals]");
      if (box && m.revealed.length && !box.firstChild) {
        for (var r = 0; r < m.revealed.length; r++) { reveal(m.revealed[r], true); }
      }
    },
    me: function (m) {
      var el = root.querySelector("[data-me]");
      if (!el) { return; }
      el.textContent = labels.me.replace("{rank}", number(m.rank)).replace("{total}", number(m.total));
      el.hidden = false;
    },
    reveal: function (m) { reveal(m, false); },
    error: function (m) {
      var el = root.querySelector("[data-error]");
      if (el) { el.textContent = m.message; el.hidden = false; }
    }
  };

  function controls(enabled) {
    var buttons = root.querySelectorAll("button[data-tier]");
    for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = !enabled; }
  }
  root.addEventListener("click", function (event) {
    var tier = event.target.getAttribute && event.target.getAttribute("data-tier");
    if (tier && socket && socket.readyState === 1) {
      socket.send(JSON.stringify({ type: "reveal", tier: tier }));
    }
  });

  function connect() {
    timer = null;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.getAttribute("data-socket"));
    socket.onopen = function () { attempts = 0; setStatus("live"); controls(true); };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (handlers[message.type]) { handlers[message.type](message); }
    };
    socket.onclose = function (event) {
      controls(false);
      if (FINAL_CODES[event.code]) { stopped = true; setStatus("closed"); return; }
      schedule();
    };
  }
  function schedule() {
    if (stopped || timer) { return; }
    if (navigator.onLine === false) { setStatus("offline"); return; }
    setStatus("reconnecting");
    // Backoff with jitter, so a thousand screens do not come back in the same second.
    var delay = Math.min(30000, 1000 * Math.pow(2, attempts)) * (0.5 + Math.random());
    attempts += 1;
    timer = window.setTimeout(connect, delay);
  }
  window.addEventListener("offline", function () { setStatus("offline"); });
  window.addEventListener("online", function () {
    if (!socket || socket.readyState > 1) { attempts = 0; schedule(); }
  });
  connect();
})();
