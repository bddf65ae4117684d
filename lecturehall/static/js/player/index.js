// Lecture Hall video player: enhances every <div class="lh-player" data-src="…"><video></video></div>.
// ES modules, no build step; load with <script type="module" src=".../js/player/index.js">. Uses hls.js
// (static/vendor/hls.js/hls.min.js, a classic script with `defer` placed before this one: deferred classic
// scripts and module scripts run in document order, so window.Hls is there when this runs) where Media Source
// Extensions exist, the browser's own HLS support elsewhere (Safari, iOS). Everything is built from real
// <button>, <select> and <input type=range> elements; no inline style (the app's CSP forbids it: positions are
// set through the CSSOM, which the CSP allows).
//
// The parts: player.js (the Player: data attributes, hls.js or native HLS, errors, events), controls.js
// (transport, keyboard, speed, full screen), tracks.js (quality, audio only, audio languages, subtitles),
// thumbnails.js (seek-bar thumbnails), reporting.js (the resume position), heartbeats.js (what is watched, for
// attendance and replay figures), source.js (fresh replay URLs when the stream's own are refused),
// dom.js (element, icon and formatting helpers).
//
// Data attributes read on the div (all optional except data-src):
//   data-src               master playlist URL (HLS)
//   data-mode              "replay" (default) or "live" (live badge, go to live, the delay on demand: live.js)
//   data-poster            poster image URL
//   data-thumbnails        WebVTT thumbnails track; cue text "sprite.jpg#xywh=x,y,w,h", resolved against the VTT URL
//   data-source-url        GET -> {"src", "poster", "thumbnails", "version", "quick"}: the replay's URLs now. When
//                          hls.js is refused a file (HTTP 403/404/410: a new version of the replay was published, or
//                          the signed URLs expired), the player asks here (at most once in 30 s) and goes on from the
//                          new src where it was, keeping play/pause, speed, audio, subtitles and quality (source.js).
//                          With the browser's own HLS (Safari, iPhones: no HTTP status), an error of the video element
//                          is taken for a refusal. Absent, or refused again soon after: playback fails as before.
//   data-default-subtitle  language code of the subtitles to show at start ("" or absent: subtitles off)
//   data-default-audio     language code of the audio track to prefer at start (absent: the playlist's DEFAULT)
//   data-resume-url        GET -> {"position": seconds}; the player sends {"position": seconds} to it while playing
//   data-resume-method     "PUT" (default) or "POST": the method used to save the position
//   data-csrf              CSRF token, sent as the X-CSRFToken header when saving the position
//   data-start             seconds to start at (wins over the resume position)
//   data-download          MP4 URL: a download link is shown
//   data-labels            JSON object of translated UI labels (see DEFAULT_LABELS); English for missing keys
//   data-beat-url          where heartbeats go (heartbeats.js); with data-beat-token, the signed viewing token,
//   data-beat-token        and data-beat-interval (seconds between beats while playing, default 15)
//   data-beat-interval
//
// For tests and the page's own code: window.LectureHallPlayers (one Player per div), window.LectureHallPlayer
// ({enhance, enhanceAll, parseThumbnails}), and each div gets a "lh-player:ready" event once its tracks and
// levels are known (see player.js for the other events).

import { Player } from "./player.js";
import { parseThumbnails } from "./thumbnails.js";

const players = window.LectureHallPlayers = window.LectureHallPlayers || [];

function enhance(root) {
  if (root.lectureHallPlayer || !root.querySelector("video")) { return null; }
  const player = new Player(root);
  root.lectureHallPlayer = player;
  players.push(player);
  player.on("destroy", () => {
    const index = players.indexOf(player);
    if (index !== -1) { players.splice(index, 1); }
  });
  return player;
}

function enhanceAll() {
  const roots = document.querySelectorAll("div.lh-player");
  for (let i = 0; i < roots.length; i++) { enhance(roots[i]); }
}

window.LectureHallPlayer = { enhance: enhance, enhanceAll: enhanceAll, parseThumbnails: parseThumbnails };

// The lecture page's note that a quick first version is playing ([data-replay-quick-note], beside the player in its
// section) goes once the player has moved on to the full replay.
document.addEventListener("lh-player:sourcechange", (event) => {
  const section = event.detail && !event.detail.quick ? event.target.closest("section") : null;
  const note = section && section.querySelector("[data-replay-quick-note]");
  if (note) { note.hidden = true; }
});

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", enhanceAll);
} else {
  enhanceAll();
}
