// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Remember the browser's timezone so anonymous visitors see local times.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (e) { /* old browser: the server's default applies */ }

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
  });
})();
