/* The attempt page: countdown from the server's remaining time, and every answer
   saved to the server as soon as it is chosen, retried until it gets through.
   ES5 only, for old Android browsers. Without this script the page still works
   as plain forms. */
(function () {
  "use strict";
  var root = document.getElementById("attempt");
  if (!root) { return; }
  var status = root.querySelector(".save-status");
  var csrf = (root.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
  var answerUrl = root.getAttribute("data-answer-url");
  var reviewUrl = root.getAttribute("data-review-url");

  function say(text) { if (status) { status.textContent = text || ""; } }

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

  var form = document.getElementById("question-form");
  if (form) {
    form.addEventListener("change", function () {
      var pairs = [["position", form.querySelector("input[name=position]").value]];
      var boxes = form.querySelectorAll("input[name=choice]");
      for (var i = 0; i < boxes.length; i++) {
        if (boxes[i].checked) { pairs.push(["choice", boxes[i].value]); }
      }
      pending = encode(pairs);
      saved = false;
      send();
      var current = root.querySelector(".jump a.current");
      if (current) { current.className = pairs.length > 1 ? "answered current" : "current"; }
    });
  }
  if (form) {
    // Moving on after a successful save is a plain page load: no need to post the answer again.
    var position = parseInt(form.querySelector("input[name=position]").value, 10);
    var buttons = form.querySelectorAll("button[name=go]");
    for (var b = 0; b < buttons.length; b++) {
      buttons[b].addEventListener("click", function (event) {
        if (!saved || pending || sending) { return; }  // the form posts the answer itself
        var go = event.currentTarget.value;
        event.preventDefault();
        window.location.href = go === "review" ? reviewUrl : "?q=" + (go === "prev" ? position - 1 : position + 1);
      });
    }
  }

  var prediction = document.getElementById("id_prediction");
  if (prediction) {
    prediction.addEventListener("change", function () {
      if (!/^\s*[\d.,]+\s*$/.test(prediction.value)) { return; }
      pending = encode([["prediction", prediction.value]]);
      send();
    });
  }
})();
