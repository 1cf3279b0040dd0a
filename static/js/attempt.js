/* The attempt: a countdown from the server's remaining time; every answer (and the
   prediction, as it is typed) saved to the server as soon as it is chosen, retried until
   it gets through; moving between questions without a request once the answer is saved;
   at 0:00 the attempt is finished and the result shown, retried while offline.
   The result page's share buttons are at the end. ES5 only, for old Android browsers.
   Without this script the pages work as plain forms. */
(function () {
  "use strict";
  var root = document.getElementById("attempt");
  if (!root) { return; }
  var csrf = (root.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
  var answerUrl = root.getAttribute("data-answer-url");
  var resultUrl = root.getAttribute("data-result-url");
  var timeUpUrl = root.getAttribute("data-time-up-url");
  var autoAdvance = root.getAttribute("data-auto-advance") === "1";
  var screens = root.querySelectorAll(".question-screen");
  var current = null;
  for (var s = 0; s < screens.length; s++) {
    if (!screens[s].hidden) { current = screens[s]; }
  }
  var prediction = document.getElementById("id_prediction");
  var timeStatus = document.querySelector(".time-status");
  var finishing = false;

  function msg(name) { return root.getAttribute("data-msg-" + name) || ""; }
  function say(text) {
    var status = (current || root).querySelector(".save-status");
    if (status) { status.textContent = text || ""; }
  }
  function sayTime(text) {
    if (!timeStatus) { return; }
    timeStatus.textContent = text;
    timeStatus.hidden = !text;
  }
  function encode(pairs) {
    var parts = [];
    for (var i = 0; i < pairs.length; i++) {
      parts.push(encodeURIComponent(pairs[i][0]) + "=" + encodeURIComponent(pairs[i][1]));
    }
    return parts.join("&");
  }
  function post(url, body, done, failed) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url, true);
    xhr.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.timeout = 15000;
    xhr.onload = function () {
      var data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
      done(xhr.status, data);
    };
    xhr.onerror = xhr.ontimeout = failed;
    xhr.send(body);
  }

  // Countdown: the server sent the seconds left; the phone's clock only counts down.
  var clock = document.querySelector(".countdown");
  var end = null, announced = false;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left <= 60) {
      clock.className = "countdown urgent";
      document.documentElement.className += announced ? "" : " last-minute";
      if (!announced && left > 0) {
        // Said once, politely, by screen readers; the colour says it to everyone else.
        var alert = document.querySelector(".clock-alert");
        if (alert) { alert.textContent = alert.getAttribute("data-msg"); }
      }
      announced = true;
    }
    if (left === 0) { timeUp(); return; }
    window.setTimeout(tick, 1000);
  }
  if (clock) {
    end = Date.now() + parseInt(clock.getAttribute("data-remaining"), 10) * 1000;
    tick();
  }

  // Autosave: the latest state of a question wins; failures retry with backoff.
  var pending = null, sending = false, delay = 1000, saved = true, afterSave = null;
  function send() {
    if (!pending || sending) { return; }
    var body = pending;
    pending = null;
    sending = true;
    say(msg("saving"));
    post(answerUrl, body, function (status, data) {
      sending = false;
      if (status === 200) {
        delay = 1000;
        say(msg("saved"));
        saved = !pending;
        if (saved && afterSave) { var next = afterSave; afterSave = null; next(); }
        send();
      } else if (status === 409) {
        say(data.message || "");
        window.setTimeout(function () { window.location.href = resultUrl; }, 2500);
      } else if (status === 429 || status >= 500 || status === 0) {
        retry(body, (data.retry_after || 0) * 1000);
      } else {
        saved = !pending;
        say(data.message || "");
      }
    }, function () { sending = false; retry(body, 0); });
  }
  function retry(body, wait) {
    if (!pending) { pending = body; }
    say(msg("retry"));
    window.setTimeout(send, Math.max(wait, delay) + Math.random() * 500);
    delay = Math.min(delay * 2, 15000);
  }
  function position(screen) { return parseInt(screen.getAttribute("data-position"), 10); }

  // Progress: answered questions in the bar, the jump list and the progress element.
  function markAnswered(number, answered) {
    var link = root.querySelector(".jump a[data-position='" + number + "']");
    if (link) { link.className = (answered ? "answered" : "") + (number === position(current) ? " current" : ""); }
    var count = root.querySelectorAll(".jump a.answered").length;
    var progress = document.querySelector(".progress");
    if (progress) { progress.value = count; }
    var label = document.querySelector(".answered-count");
    if (label) { label.textContent = count; }
  }

  root.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || !form.querySelector("input[name=position]") || finishing) { return; }
    var number = form.querySelector("input[name=position]").value;
    var pairs = [["position", number]];
    var boxes = form.querySelectorAll("input[name=choice]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].checked) { pairs.push(["choice", boxes[i].value]); }
    }
    pending = encode(pairs);
    saved = false;
    afterSave = null;
    // The organizers' setting: a single-answer question moves on once its answer is saved.
    if (autoAdvance && event.target.type === "radio" && event.target.checked) {
      var from = parseInt(number, 10);
      afterSave = function () {
        window.setTimeout(function () {
          if (current && position(current) === from && !pending && !sending) { show(from + 1); }
        }, 600);
      };
    }
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
        var where = document.querySelector(".current-number");
        if (where) { where.textContent = number; }
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
    if (go === "review") { window.location.href = root.getAttribute("data-review-url"); return; }
    var number = jump || position(current) + (go === "prev" ? -1 : 1);
    if (!show(number)) { window.location.href = "?q=" + number; }
  });

  // The prediction is saved as it is typed (after a short pause), like an answer.
  var typing = null;
  function predictionBody() {
    var value = prediction.value.replace(/^\s+|\s+$/g, "");
    return value ? encode([["prediction", value]]) : null;
  }
  if (prediction) {
    var queuePrediction = function () {
      window.clearTimeout(typing);
      typing = window.setTimeout(function () {
        var body = predictionBody();
        if (body && !finishing) { pending = body; saved = false; send(); }
      }, 500);
    };
    prediction.addEventListener("input", queuePrediction);
    prediction.addEventListener("change", queuePrediction);
  }

  // 0:00: finish the attempt (with the prediction as typed) and show the result. Offline,
  // say so and try again, sooner when the phone says it is back online.
  var finishDelay = 1000, finishTimer = null;
  function timeUp() {
    if (finishing) { return; }
    finishing = true;
    window.clearTimeout(typing);
    sayTime(msg("timeup"));
    finish();
  }
  function finish() {
    window.clearTimeout(finishTimer);
    // An answer still on its way goes first (the server takes it within its grace).
    if (sending || (pending && pending.indexOf("position=") === 0)) {
      finishTimer = window.setTimeout(finish, 300);
      return;
    }
    var pairs = [];
    if (prediction && prediction.value) { pairs.push(["prediction", prediction.value]); }
    pending = null;
    post(timeUpUrl, encode(pairs), function (status, data) {
      if (status === 200 && data.ok) {
        window.location.href = data.result_url || resultUrl;
      } else if (status === 400 && data.error === "not_due") {
        // The phone's clock ran ahead of the server's: count down what is left.
        finishing = false;
        sayTime("");
        end = Date.now() + Math.max(1, data.remaining || 1) * 1000;
        tick();
      } else if (status === 404 || status === 403) {
        sayTime(data.message || "");
      } else {
        again((data.retry_after || 0) * 1000);
      }
    }, function () { again(0); });
  }
  function again(wait) {
    sayTime(msg("offline"));
    finishTimer = window.setTimeout(finish, Math.max(wait, finishDelay));
    finishDelay = Math.min(finishDelay * 2, 8000);
  }
  window.addEventListener("online", function () {
    if (finishing) { finishDelay = 1000; finish(); }
  });
})();

/* The result page: share the round's page (the phone's own share sheet where it has one),
   or copy its link. */
(function () {
  "use strict";
  var box = document.getElementById("share");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var status = box.querySelector(".share-status");
  var native = box.querySelector(".share-native");
  if (navigator.share && native) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({
        title: box.getAttribute("data-title"),
        text: box.getAttribute("data-text"),
        url: url
      })["catch"](function () { /* closed by the user */ });
    });
  }
  function copied() { status.textContent = box.getAttribute("data-msg-copied"); }
  box.querySelector(".share-copy").addEventListener("click", function () {
    var field = document.getElementById("share-url");
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(copied, function () {
        field.select();
        if (document.execCommand("copy")) { copied(); }
      });
    } else {
      field.select();
      if (document.execCommand("copy")) { copied(); }
    }
  });
})();
