// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Remember the browser's timezone so anonymous visitors see local times. The name goes in as it is
  // (Asia/Shanghai): IANA names only hold letters, digits, "/", "_", "+" and "-", all allowed in a cookie value,
  // and the server reads the cookie without decoding it.
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) { /* old browser: the server's default applies */ }
  if (/^[A-Za-z0-9_+\/-]+$/.test(zone)) {
    var current = document.cookie.split("; ").filter(function (item) { return item.indexOf("tz=") === 0; })[0];
    if (current !== "tz=" + zone) {
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; samesite=lax";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Preselect the browser's timezone in a timezone field that has not been chosen yet.
    var select = document.querySelector("select[name=timezone][data-preselect]");
    if (select && zone) {
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) { select.value = zone; break; }
      }
    }
    // The language switcher submits itself when a language is picked; its button stays for keyboard users.
    var switcher = document.querySelector("form[data-autosubmit]");
    if (switcher) {
      var languages = switcher.querySelector("select");
      languages.addEventListener("change", function () { switcher.submit(); });
      switcher.classList.add("js-autosubmit");
    }
    // The catalogue's filters fold on a phone so the lectures come first; on a wide screen they start open.
    var panel = document.querySelector("details[data-open-wide]");
    if (panel && window.matchMedia && window.matchMedia("(min-width: 48em)").matches) { panel.open = true; }
    // A form that destroys something asks first (data-confirm holds the question, already translated).
    var guarded = document.querySelectorAll("form[data-confirm]");
    for (var j = 0; j < guarded.length; j++) {
      guarded[j].addEventListener("submit", function (event) {
        if (!window.confirm(this.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    }
  });
})();

// A live countdown to a lecture's start; the server renders the same figure for browsers without script.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var nodes = document.querySelectorAll("[data-countdown]");
    if (!nodes.length) { return; }
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function tick() {
      for (var i = 0; i < nodes.length; i++) {
        var node = nodes[i];
        var left = Math.max(0, Math.floor((Date.parse(node.getAttribute("data-countdown")) - Date.now()) / 1000));
        var days = Math.floor(left / 86400), rest = left % 86400;
        var clock = pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor((rest % 3600) / 60)) + ":" + pad(rest % 60);
        node.textContent = (days > 0 ? node.getAttribute("data-days").replace("{d}", days) + " " : "") + clock;
      }
    }
    tick();
    setInterval(tick, 1000);
  });
})();
