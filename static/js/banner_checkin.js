// The banner check-in page: asks the phone where it is (only if its owner allows it) and
// puts the position in the form's hidden fields. Without it, or without JavaScript, the
// check is saved all the same. Loaded as a file: the site's CSP allows no inline script.
(function () {
  "use strict";
  var form = document.querySelector("form[data-checkin]");
  if (!form || !navigator.geolocation) return;
  var note = form.querySelector("[data-position]");
  var field = function (name) { return form.querySelector("input[name=" + name + "]"); };
  var say = function (text) { if (note && text) note.textContent = text; };
  say(note && note.getAttribute("data-asking"));
  navigator.geolocation.getCurrentPosition(
    function (position) {
      var c = position.coords;
      field("latitude").value = c.latitude.toFixed(6);
      field("longitude").value = c.longitude.toFixed(6);
      field("accuracy").value = Math.round(c.accuracy);
      say(note.getAttribute("data-found").replace("%(m)s", Math.round(c.accuracy)));
    },
    function () { say(note.getAttribute("data-denied")); },
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
  );
})();
