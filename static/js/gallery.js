// Vote buttons without a page reload; the same forms post normally without JavaScript.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-vote]") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button");
    var action = form.querySelector("input[name=action]");
    var status = form.querySelector("[data-status]");
    var count = form.querySelector("[data-count]");
    button.disabled = true;
    // getAttribute: the hidden input named "action" shadows form.action.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().catch(function () { return { ok: false }; });
      })
      .then(function (data) {
        if (data.login) { window.location.href = data.login; return; }
        if (!data.message) { form.submit(); return; }  // not our JSON: post the plain form
        status.textContent = data.message || "";
        status.className = "vote-status " + (data.ok ? "ok" : "bad");
        if (typeof data.voted === "boolean") {
          action.value = data.voted ? "withdraw" : "cast";
          button.textContent = data.voted ? button.dataset.withdraw : button.dataset.cast;
          button.classList.toggle("secondary", data.voted);
          button.setAttribute("aria-pressed", data.voted ? "true" : "false");
        }
        if (count && typeof data.count === "number") {
          count.textContent = String(data.count);
        }
      })
      .catch(function () {
        form.submit();  // network trouble: fall back to the plain post
      })
      .finally(function () { button.disabled = false; });
  });
})();
