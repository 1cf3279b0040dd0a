/* The attempt: a countdown from the server's remaining time; every answer saved to
   the server as soon as it is chosen, retried until it gets through; moving between
   questions without a request once the answer is saved. ES5 only, for old Android
   browsers. Without this script the page works as plain forms. */
(function () {
  "use strict";
  var root = document.getElementById("attempt");
  if (!root) { return; }
  var csrf = (root.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
  var answerUrl = root.getAttribute("data-answer-url");
  var reviewUrl = root.getAttribute("data-review-url");
  var screens = root.querySelectorAll(".question-screen");
  var current = null;
  for (var s = 0; s < screens.length; s++) {
    if (!screens[s].hidden) { current = screens[s]; }
  }

  function say(text) {
    var status = (current || root).querySelector(".save-status");
    if (status) { status.textContent = text || ""; }
  }

  // Countdown: the server sent the seconds left; the phone's clock only counts down.
  var clock = root.querySelector(".countdown");
  if (clock) {
    var end = Date.now() + parseInt(clock.getAttribute("data-remaining"), 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left <= 60) { clock.className = "countdown urgent"; }
      if (left === 0) {
        say(root.getAttribute("data-msg-timeup"));
        window.setTimeout(function () { window.location.href = reviewUrl; }, 3000);
        return;
      }
      window.setTimeout(tick, 1000);
    };
    tick();
  }

  // Autosave: the latest state of a question wins; failures retry with backoff.
  var pending = null, sending = false, delay = 1000, saved = true;
  function send() {
    if (!pending || sending) { return; }
    var body = pending;
    pending = null;
    sending = true;
    say(root.getAttribute("data-msg-saving"));
    var xhr = new XMLHttpRequest();
    xhr.open("POST", answerUrl, true);
    xhr.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.timeout = 15000;
    xhr.onload = function () {
      sending = false;
      var data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
      if (xhr.status === 200) {
        delay = 1000;
        say(root.getAttribute("data-msg-saved"));
        saved = !pending;
        send();
      } else if (xhr.status === 409) {
        say(data.message || "");
        window.setTimeout(function () { window.location.href = reviewUrl; }, 2500);
      } else if (xhr.status === 429 || xhr.status >= 500) {
        retry(body, (data.retry_after || 0) * 1000);
      } else {
        say(data.message || "");
      }
    };
    xhr.onerror = xhr.ontimeout = function () { sending = false; retry(body, 0); };
    xhr.send(body);
  }
  function retry(body, wait) {
    if (!pending) { pending = body; }
    say(root.getAttribute("data-msg-retry"));
    window.setTimeout(send, Math.max(wait, delay) + Math.random() * 500);
    delay = Math.min(delay * 2, 15000);
  }
  function encode(pairs) {
    var parts = [];
    for (var i = 0; i < pairs.length; i++) {
      parts.push(encodeURIComponent(pairs[i][0]) + "=" + encodeURIComponent(pairs[i][1]));
    }
    return parts.join("&");
  }
  function position(screen) { return parseInt(screen.getAttribute("data-position"), 10); }

  // Progress: answered questions in the bar, the jump list and the progress element.
  function markAnswered(number, answered) {
    var link = root.querySelector(".jump a[data-position='" + number + "']");
    if (link) { link.className = (answered ? "answered" : "") + (number === position(current) ? " current" : ""); }
    var count = root.querySelectorAll(".jump a.answered").length;
    var progress = root.querySelector(".progress");
    if (progress) { progress.value = count; }
    var label = root.querySelector(".answered-count");
    if (label) { label.textContent = count; }
  }

  root.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || !form.querySelector("input[name=position]")) { return; }
    var number = form.querySelector("input[name=position]").value;
    var pairs = [["position", number]];
    var boxes = form.querySelectorAll("input[name=choice]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].checked) { pairs.push(["choice", boxes[i].value]); }
    }
    pending = encode(pairs);
    saved = false;
    send();
    markAnswered(parseInt(number, 10), pairs.length > 1);
  });

  function show(number) {
    for (var i = 0; i < screens.length; i++) {
      if (position(screens[i]) === number) {
        current.hidden = true;
        current = screens[i];
        current.hidden = false;
        var links = root.querySelectorAll(".jump a");
        for (var l = 0; l < links.length; l++) {
          var n = parseInt(links[l].getAttribute("data-position"), 10);
          links[l].className = links[l].className.replace(" current", "").replace("current", "");
          if (n === number) { links[l].className += " current"; }
        }
        if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "?q=" + number); }
        var legend = current.querySelector("legend");
        if (legend) { legend.setAttribute("tabindex", "-1"); legend.focus(); }
        window.scrollTo(0, 0);
        return true;
      }
    }
    return false;
  }

  function jumpTarget(node) {
    // The question number of a jump link the click landed in, if any.
    while (node && node !== root) {
      if (node.nodeName === "A" && node.getAttribute("data-position")) {
        return parseInt(node.getAttribute("data-position"), 10);
      }
      node = node.parentNode;
    }
    return null;
  }

  // Moving on after a successful save needs no request; otherwise the form posts the answer.
  root.addEventListener("click", function (event) {
    var target = event.target;
    var go = target.getAttribute && target.getAttribute("name") === "go" ? target.value : null;
    var jump = jumpTarget(target);
    if ((!go && !jump) || !current) { return; }
    if (!saved || pending || sending) { return; }
    event.preventDefault();
    if (go === "review") { window.location.href = reviewUrl; return; }
    var number = jump || position(current) + (go === "prev" ? -1 : 1);
    if (!show(number)) { window.location.href = "?q=" + number; }
  });

  var prediction = document.getElementById("id_prediction");
  if (prediction) {
    prediction.addEventListener("change", function () {
      if (!/^\s*[\d.,]+\s*$/.test(prediction.value)) { return; }
      pending = encode([["prediction", prediction.value]]);
      send();
    });
  }
})();
