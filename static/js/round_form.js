// The organizers' round form. Loaded as a file: the site's CSP allows no inline script.
// Without JavaScript the form works the same: the server brings a new bank's topics on
// saving, and reads dates typed with any separator or as twelve digits.
(function () {
  "use strict";
  var form = document.getElementById("round-form");
  if (!form) return;

  // Choosing another bank: ask the server for its topics, keeping what was typed.
  var bank = form.querySelector("select[name=bank]");
  var rows = form.querySelector("input[name=quota_bank]");
  if (bank && rows) {
    bank.addEventListener("change", function () {
      if (bank.value === rows.value) return;
      var ask = document.createElement("input");
      ask.type = "hidden";
      ask.name = "show_topics";
      ask.value = "1";
      form.appendChild(ask);
      form.submit();
    });
  }

  // dd/mm/yyyy hh:mm on a phone's number pad, which has no "/" or ":": digits typed in a
  // row get their separators. A value typed another way (1/9/2026 7:00) is left alone.
  var SLOTS = [2, 2, 4, 2, 2];
  var SEPARATORS = ["/", "/", " ", ":"];
  var shape = function (digits) {
    var out = "", start = 0;
    for (var i = 0; i < SLOTS.length && start < digits.length; i++) {
      if (i) out += SEPARATORS[i - 1];
      out += digits.slice(start, start + SLOTS[i]);
      start += SLOTS[i];
    }
    return out;
  };
  form.querySelectorAll("input[data-datetime]").forEach(function (input) {
    input.addEventListener("input", function (event) {
      if (event.inputType && event.inputType.indexOf("delete") === 0) return;
      var value = input.value;
      if (!/^[0-9\/: ]*$/.test(value)) return;
      var groups = value.split(/[^0-9]+/);
      for (var i = 0; i < groups.length - 1; i++) {
        if (groups[i].length !== SLOTS[i]) return; // the person types their own separators
      }
      var shaped = shape(value.replace(/[^0-9]/g, "").slice(0, 12));
      if (shaped !== value) input.value = shaped;
    });
  });
})();
