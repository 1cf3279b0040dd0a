// Small helpers of the account pages, loaded as a file (the CSP allows no inline script):
// a show/hide button beside every password field marked data-password, the countdown of a
// "send the code again" button (data-countdown: seconds until it may be pressed), and on
// the sign-up form (data-unit-types) only the unit, commune or business field of the
// participant type chosen. Without JavaScript everything still works and shows.
(function () {
  "use strict";
  var doc = document;

  doc.querySelectorAll("input[data-password]").forEach(function (input) {
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "password-toggle secondary";
    var show = input.getAttribute("data-show") || "Hiện";
    var hide = input.getAttribute("data-hide") || "Ẩn";
    button.textContent = show;
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-controls", input.id);
    button.addEventListener("click", function () {
      var shown = input.type === "text";
      input.type = shown ? "password" : "text";
      button.textContent = shown ? show : hide;
      button.setAttribute("aria-pressed", shown ? "false" : "true");
      input.focus();
    });
    input.insertAdjacentElement("afterend", button);
  });

  doc.querySelectorAll("button[data-countdown]").forEach(function (button) {
    var left = parseInt(button.getAttribute("data-countdown"), 10) || 0;
    var ready = button.getAttribute("data-ready");
    if (left <= 0) return;
    var tick = function () {
      left -= 1;
      if (left <= 0) {
        button.disabled = false;
        button.textContent = ready;
        return;
      }
      button.textContent = ready + " (" + left + " s)";
      setTimeout(tick, 1000);
    };
    button.textContent = ready + " (" + left + " s)";
    setTimeout(tick, 1000);
  });

  doc.querySelectorAll("form[data-unit-types]").forEach(function (form) {
    var unitTypes = form.getAttribute("data-unit-types").split(",");
    var group = function (name) {
      var input = form.querySelector("[name=" + name + "]");
      return input ? input.closest("form > div") : null;
    };
    var show = function (name, visible) {
      var box = group(name);
      if (!box) return;
      box.hidden = !visible;
      // A hidden field is not sent: a unit picked before switching to "Người dân" is not kept.
      box.querySelectorAll("input, select").forEach(function (input) {
        input.disabled = !visible;
      });
    };
    var update = function () {
      var checked = form.querySelector("input[name=participant_type]:checked");
      if (!checked) {
        ["unit_choice", "unit_other", "commune", "business_name"].forEach(function (n) {
          show(n, false);
        });
        return;
      }
      var kind = checked.value;
      var unit = unitTypes.indexOf(kind) !== -1;
      var unitChoice = form.querySelector("[name=unit_choice]");
      show("unit_choice", unit);
      show("unit_other", unit && unitChoice && unitChoice.value === "other");
      show("business_name", !unit && kind === "business");
      show("commune", !unit && kind !== "business");
    };
    form.addEventListener("change", update);
    update();
  });
})();
