// Lecture Hall video player: enhances every <div class="lh-player" data-src="…"><video></video></div>.
// Plain ES2017, no build step. Uses hls.js (static/vendor/hls.js/hls.min.js, loaded first) where Media Source
// Extensions exist, the browser's own HLS support elsewhere (Safari, iOS). Everything is built from real
// <button>, <select> and <input type=range> elements; no inline style (the app's CSP forbids it: positions
// are set through the CSSOM, which the CSP allows).
//
// Data attributes read on the div (all optional except data-src):
//   data-src               master playlist URL (HLS)
//   data-poster            poster image URL
//   data-thumbnails        WebVTT thumbnails track; cue text "sprite.jpg#xywh=x,y,w,h", resolved against the VTT URL
//   data-default-subtitle  language code of the subtitles to show at start ("" or absent: subtitles off)
//   data-default-audio     language code of the audio track to prefer at start (absent: the playlist's DEFAULT)
//   data-resume-url        GET -> {"position": seconds}; the player sends {"position": seconds} to it while playing
//   data-resume-method     "PUT" (default) or "POST": the method used to save the position
//   data-csrf              CSRF token, sent as the X-CSRFToken header when saving the position
//   data-start             seconds to start at (wins over the resume position)
//   data-download          MP4 URL: a download link is shown
//   data-labels            JSON object of translated UI labels (see DEFAULT_LABELS); English for missing keys
//
// For tests and the page's own code: window.LectureHallPlayers (one object per player, see Player below),
// and each div gets a "lh-player:ready" event once its tracks and levels are known.
(function () {
  "use strict";

  var DEFAULT_LABELS = {
    player: "Video player",
    play: "Play",
    pause: "Pause",
    mute: "Mute",
    unmute: "Unmute",
    fullscreen: "Full screen",
    exit_fullscreen: "Exit full screen",
    seek: "Seek",
    quality: "Quality",
    auto: "Auto",
    audio_only: "Audio only",
    audio: "Audio",
    subtitles: "Subtitles",
    off: "Off",
    speed: "Speed",
    download: "Download",
    resumed_at: "Resumed at {time}",
    start_over: "Start from the beginning",
    error: "This video could not be played.",
    unsupported: "This browser cannot play this video."
  };
  var SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var SAVE_EVERY_MS = 10000;
  var RESUME_TIMEOUT_MS = 3000;
  var RESUME_MIN = 3; // a saved position before this many seconds starts from the beginning…
  function resumeEndZone(duration) { return Math.min(10, duration * 0.1); } // …and so does one this close to the end
  var SVG_NS = "http://www.w3.org/2000/svg";
  var ICONS = {
    play: "M8 5v14l11-7z",
    pause: "M6 5h4v14H6zM14 5h4v14h-4z",
    volume: "M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4z",
    muted: "M3 9v6h4l5 5V4L7 9H3zm13.6 3 2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4z",
    fullscreen: "M4 4h6v2H6v4H4zM14 4h6v6h-2V6h-4zM4 14h2v4h4v2H4zM18 14h2v6h-6v-2h4z",
    exit_fullscreen: "M8 4h2v6H4V8h4zM14 4h2v4h4v2h-6zM4 14h6v6H8v-4H4zM14 14h6v2h-4v4h-2z"
  };

  var players = window.LectureHallPlayers = window.LectureHallPlayers || [];

  // ---------------------------------------------------------------- helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) { return; }
        if (name === "text") { node.textContent = value; } else { node.setAttribute(name, value === true ? "" : value); }
      });
    }
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function icon(name) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "lh-icon");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function setIcon(button, name) {
    var old = button.querySelector("svg");
    var next = icon(name);
    if (old) { button.replaceChild(next, old); } else { button.insertBefore(next, button.firstChild); }
  }

  function formatTime(seconds) {
    if (!isFinite(seconds) || seconds < 0) { seconds = 0; }
    seconds = Math.floor(seconds);
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var ss = (s < 10 ? "0" : "") + s;
    return h > 0 ? h + ":" + (m < 10 ? "0" : "") + m + ":" + ss : m + ":" + ss;
  }

  function later(fn) { Promise.resolve().then(fn); }

  function normLang(code) { return String(code || "").trim().toLowerCase().replace(/_/g, "-"); }

  // Index of the entry whose language matches `wanted`: an exact match first, then the same primary subtag.
  function findLang(items, langOf, wanted) {
    var want = normLang(wanted);
    if (!want) { return -1; }
    var i;
    for (i = 0; i < items.length; i++) { if (normLang(langOf(items[i])) === want) { return i; } }
    var primary = want.split("-")[0];
    for (i = 0; i < items.length; i++) { if (normLang(langOf(items[i])).split("-")[0] === primary) { return i; } }
    return -1;
  }

  function uiLanguage() { return document.documentElement.getAttribute("lang") || navigator.language || "en"; }

  function languageName(code) {
    if (!code) { return ""; }
    try {
      if (window.Intl && Intl.DisplayNames) {
        var name = new Intl.DisplayNames([uiLanguage()], { type: "language" }).of(code);
        if (name) { return name.charAt(0).toLocaleUpperCase(uiLanguage()) + name.slice(1); }
      }
    } catch (e) { /* not a valid code: fall through */ }
    return code;
  }

  function formatNumber(n) {
    try { return n.toLocaleString(uiLanguage()); } catch (e) { return String(n); }
  }

  // Labels for a list of audio or subtitle tracks: the language's name in the UI language; the playlist's NAME
  // is added when two tracks share a language, and used alone for a track without a language.
  function trackLabels(tracks, langOf, nameOf) {
    var counts = {};
    tracks.forEach(function (t) { var k = normLang(langOf(t)); counts[k] = (counts[k] || 0) + 1; });
    return tracks.map(function (t, i) {
      var lang = langOf(t), name = nameOf(t);
      if (!lang) { return name || String(i + 1); }
      var label = languageName(lang);
      if (counts[normLang(lang)] > 1 && name) { label += " – " + name; }
      return label;
    });
  }

  // ---------------------------------------------------------------- WebVTT thumbnails

  function parseTimestamp(text) {
    var parts = text.trim().split(":");
    var seconds = 0;
    for (var i = 0; i < parts.length; i++) { seconds = seconds * 60 + parseFloat(parts[i].replace(",", ".")); }
    return seconds;
  }

  function parseThumbnails(text, baseUrl) {
    var cues = [];
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    for (var i = 0; i < lines.length; i++) {
      if (lines[i].indexOf("-->") === -1) { continue; }
      var times = lines[i].split("-->");
      var start = parseTimestamp(times[0]);
      var end = parseTimestamp(times[1].trim().split(/\s+/)[0]);
      var payload = (lines[i + 1] || "").trim();
      if (!payload || isNaN(start) || isNaN(end)) { continue; }
      var hash = payload.indexOf("#");
      var url = hash === -1 ? payload : payload.slice(0, hash);
      var cue = { start: start, end: end, url: new URL(url, baseUrl).href, x: 0, y: 0, w: 0, h: 0 };
      var xywh = /#xywh=(\d+),(\d+),(\d+),(\d+)/.exec(payload);
      if (xywh) { cue.x = +xywh[1]; cue.y = +xywh[2]; cue.w = +xywh[3]; cue.h = +xywh[4]; }
      cues.push(cue);
      i++;
    }
    cues.sort(function (a, b) { return a.start - b.start; });
    return cues;
  }

  function findCue(cues, time) {
    var lo = 0, hi = cues.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cues[mid].start <= time) { found = cues[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found && time < found.end ? found : found || cues[0] || null;
  }

  // hls.js (1.7) gives each subtitle <track> it creates the placeholder src "data:,WEBVTT", which the app's CSP
  // (media-src 'self' blob:) refuses, logging a violation. Hand such tracks the same empty WebVTT file as a blob:
  // URL instead, which the CSP allows. Only that exact placeholder value is touched.
  var HLS_TRACK_PLACEHOLDER = "data:,WEBVTT";
  var placeholderPatched = false;
  function patchTrackPlaceholder() {
    if (placeholderPatched || !window.HTMLTrackElement || !window.Blob || !URL.createObjectURL) { return; }
    placeholderPatched = true;
    var proto = HTMLTrackElement.prototype;
    var src = Object.getOwnPropertyDescriptor(proto, "src");
    if (!src || !src.set || !src.configurable) { return; }
    var emptyTrack = null;
    Object.defineProperty(proto, "src", {
      configurable: true,
      enumerable: src.enumerable,
      get: src.get,
      set: function (value) {
        if (value === HLS_TRACK_PLACEHOLDER) {
          emptyTrack = emptyTrack || URL.createObjectURL(new Blob(["WEBVTT\n"], { type: "text/vtt" }));
          value = emptyTrack;
        }
        src.set.call(this, value);
      }
    });
  }

  // ---------------------------------------------------------------- the player

  var counter = 0;

  function Player(root) {
    this.root = root;
    this.video = root.querySelector("video");
    this.hls = null;
    this.mode = "none";
    this.id = "lh-player-" + (++counter);
    var data = root.dataset;
    this.src = data.src || this.video.getAttribute("src") || "";
    this.labels = Object.assign({}, DEFAULT_LABELS);
    if (data.labels) {
      try { Object.assign(this.labels, JSON.parse(data.labels)); } catch (e) { console.warn("lh-player: data-labels is not JSON", e); }
    }
    this.defaultSubtitle = data.defaultSubtitle || "";
    this.defaultAudio = data.defaultAudio || "";
    this.resumeUrl = data.resumeUrl || "";
    this.resumeMethod = (data.resumeMethod || "PUT").toUpperCase();
    this.csrf = data.csrf || "";
    this.start = data.start !== undefined && data.start !== "" && isFinite(+data.start) ? Math.max(0, +data.start) : null;
    this.thumbnailsUrl = data.thumbnails || "";
    this.thumbnails = null;
    this.thumbnailsLoading = null;
    this.audioOnly = false;
    this.lastSubtitle = null;
    this.hasPlayed = false;
    this.lastSaved = null;
    this.dragging = false;
    this.hover = null;
    this.retries = { network: 0, media: 0 };
    this.subtitleDefaultApplied = false;
    this.audioDefaultApplied = false;
    var self = this;
    this.ready = new Promise(function (resolve) { self.resolveReady = resolve; });

    this.build(data);
    this.bind();
    this.attach();
  }

  Player.prototype.label = function (key) { return this.labels[key] || DEFAULT_LABELS[key] || key; };

  Player.prototype.build = function (data) {
    var root = this.root, video = this.video, L = this.label.bind(this);
    root.classList.add("lh-player--enhanced");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", L("player"));
    root.setAttribute("tabindex", "0");
    root.setAttribute("aria-keyshortcuts", "Space k j l ArrowLeft ArrowRight m f c < >");
    video.controls = false;
    video.removeAttribute("controls");
    video.playsInline = true;
    video.setAttribute("playsinline", "");
    if (!video.getAttribute("preload")) { video.preload = "metadata"; }
    if (data.poster) { video.poster = data.poster; }
    video.setAttribute("tabindex", "-1");

    this.audioPanel = el("div", { "class": "lh-audio-panel", hidden: true, "aria-hidden": "true" }, [
      data.poster ? el("img", { src: data.poster, alt: "" }) : null,
      el("span", { "class": "lh-audio-panel__text", text: L("audio_only") })
    ]);
    video.insertAdjacentElement("afterend", this.audioPanel);

    this.status = el("div", { "class": "lh-status", role: "status", "aria-live": "polite" });
    this.statusText = el("span");
    this.startOverButton = el("button", { type: "button", "class": "lh-start-over", hidden: true, text: L("start_over") });
    this.status.appendChild(this.statusText);
    this.status.appendChild(this.startOverButton);

    // Transport: play, seek bar, time, mute, full screen. Media transport controls keep left-to-right order in
    // right-to-left languages (time runs left to right on the bar), the settings below follow the page.
    this.playButton = el("button", { type: "button", "class": "lh-button lh-play", "aria-label": L("play") }, [icon("play")]);
    this.seek = el("input", {
      type: "range", "class": "lh-seek__range", min: "0", max: "0", step: "any", value: "0",
      "aria-label": L("seek"), "aria-valuetext": formatTime(0)
    });
    this.thumb = el("div", { "class": "lh-thumb", hidden: true, "aria-hidden": "true" }, [
      el("div", { "class": "lh-thumb__image" }), el("span", { "class": "lh-thumb__time" })
    ]);
    this.thumbImage = this.thumb.firstChild;
    this.thumbTime = this.thumb.lastChild;
    var seekWrap = el("div", { "class": "lh-seek" }, [this.seek, this.thumb]);
    this.time = el("span", { "class": "lh-time", "aria-hidden": "true", text: formatTime(0) + " / " + formatTime(0) });
    this.muteButton = el("button", { type: "button", "class": "lh-button lh-mute", "aria-label": L("mute") }, [icon("volume")]);
    this.fullscreenButton = el("button", { type: "button", "class": "lh-button lh-fullscreen", "aria-label": L("fullscreen") }, [icon("fullscreen")]);
    var canFullscreen = document.fullscreenEnabled || document.webkitFullscreenEnabled || video.webkitEnterFullscreen;
    if (!canFullscreen) { this.fullscreenButton.hidden = true; }
    var transport = el("div", { "class": "lh-transport", dir: "ltr" },
      [this.playButton, seekWrap, this.time, this.muteButton, this.fullscreenButton]);

    // Settings: real selects, each named by its own <label for> (a wrapping label would add the selected option
    // to the select's accessible name).
    var id = this.id;
    function setting(name, text) {
      var select = el("select", { "class": "lh-select", id: id + "-" + name });
      var label = el("label", { "class": "lh-setting__label", "for": id + "-" + name, text: text });
      return { wrap: el("div", { "class": "lh-setting lh-setting--" + name }, [label, select]), select: select, label: label };
    }
    var quality = setting("quality", L("quality"));
    var audio = setting("audio", L("audio"));
    var subtitles = setting("subtitles", L("subtitles"));
    var speed = setting("speed", L("speed"));
    this.qualitySelect = quality.select;
    this.qualityWrap = quality.wrap;
    // In automatic mode, the rendition playing now is shown beside the label ("Quality 720p").
    this.qualityNow = el("span", { "class": "lh-setting__now" });
    quality.label.appendChild(this.qualityNow);
    this.audioSelect = audio.select;
    this.audioWrap = audio.wrap;
    this.subtitleSelect = subtitles.select;
    this.subtitleWrap = subtitles.wrap;
    this.speedSelect = speed.select;
    this.audioWrap.hidden = true;
    this.subtitleWrap.hidden = true;
    this.fillQuality([]);
    SPEEDS.forEach(function (rate) {
      speed.select.appendChild(el("option", { value: String(rate), text: formatNumber(rate) + "×" }));
    });
    speed.select.value = "1";
    var settings = el("div", { "class": "lh-settings" }, [quality.wrap, audio.wrap, subtitles.wrap, speed.wrap]);
    if (data.download) {
      this.downloadLink = el("a", { "class": "lh-download", href: data.download, download: true, text: L("download") });
      settings.appendChild(this.downloadLink);
    }
    this.controls = el("div", { "class": "lh-controls" }, [transport, settings]);
    root.appendChild(this.status);
    root.appendChild(this.controls);
  };

  Player.prototype.bind = function () {
    var self = this, video = this.video, root = this.root;
    this.playButton.addEventListener("click", function () { self.togglePlay(); });
    this.muteButton.addEventListener("click", function () { self.toggleMute(); });
    this.fullscreenButton.addEventListener("click", function () { self.toggleFullscreen(); });
    this.startOverButton.addEventListener("click", function () {
      video.currentTime = 0;
      self.statusFrom = undefined;
      self.setStatus("");
      root.focus({ preventScroll: true });
    });
    video.addEventListener("click", function () { root.focus({ preventScroll: true }); self.togglePlay(); });
    video.addEventListener("dblclick", function () { self.toggleFullscreen(); });

    video.addEventListener("play", function () { self.hasPlayed = true; self.syncPlay(); });
    video.addEventListener("pause", function () { self.syncPlay(); self.savePosition(); });
    video.addEventListener("ended", function () { self.syncPlay(); self.savePosition(); });
    video.addEventListener("volumechange", function () { self.syncMute(); });
    video.addEventListener("ratechange", function () { self.speedSelect.value = String(video.playbackRate); });
    ["timeupdate", "durationchange", "loadedmetadata", "seeked"].forEach(function (name) {
      video.addEventListener(name, function () { self.syncTime(); });
    });
    document.addEventListener("fullscreenchange", function () { self.syncFullscreen(); });
    document.addEventListener("webkitfullscreenchange", function () { self.syncFullscreen(); });

    // The seek bar: dragging or keys on it seek; hovering or focusing it shows the thumbnail for that time.
    var seek = this.seek;
    seek.addEventListener("input", function () {
      video.currentTime = +seek.value;
      self.showThumbAt(+seek.value);
      self.syncTime();
    });
    seek.addEventListener("pointerdown", function () { self.dragging = true; });
    seek.addEventListener("change", function () { self.dragging = false; });
    document.addEventListener("pointerup", function () { self.dragging = false; });
    seek.addEventListener("pointerenter", function () {
      // The first hover fetches the thumbnails; show them as soon as they are in, if the pointer is still there.
      self.loadThumbnails().then(function () { if (self.hover) { self.showThumbAt(self.hover.time, self.hover.fraction); } });
    });
    seek.addEventListener("pointermove", function (event) {
      var rect = seek.getBoundingClientRect();
      if (!rect.width) { return; }
      var fraction = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
      self.hover = { time: fraction * self.duration(), fraction: fraction };
      self.showThumbAt(self.hover.time, fraction);
    });
    seek.addEventListener("pointerleave", function () {
      self.hover = null;
      if (document.activeElement === seek) { self.showThumbAt(+seek.value); } else { self.hideThumb(); }
    });
    seek.addEventListener("focus", function () { self.loadThumbnails().then(function () { self.showThumbAt(+seek.value); }); });
    seek.addEventListener("blur", function () { self.hideThumb(); });

    this.qualitySelect.addEventListener("change", function () {
      var value = self.qualitySelect.value;
      self.setQuality(value === "audio" ? "audio" : +value);
    });
    this.audioSelect.addEventListener("change", function () { self.setAudio(+self.audioSelect.value); });
    this.subtitleSelect.addEventListener("change", function () {
      var value = self.subtitleSelect.value;
      self.setSubtitle(value === "" ? null : +value);
    });
    this.speedSelect.addEventListener("change", function () { self.setSpeed(+self.speedSelect.value); });

    root.addEventListener("keydown", function (event) { self.onKey(event); });

    // Remember the position: every ~10 s while playing, on pause, and when the page goes away.
    if (this.resumeUrl) {
      this.saveTimer = setInterval(function () { if (!video.paused && !video.seeking) { self.savePosition(); } }, SAVE_EVERY_MS);
      window.addEventListener("pagehide", function () { self.savePosition(true); });
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") { self.savePosition(true); }
      });
    }
  };

  // ---------------------------------------------------------------- loading

  Player.prototype.attach = function () {
    var self = this, video = this.video;
    var resume = this.fetchResume();
    if (!this.src) {
      this.fail(this.label("error"));
      return;
    }
    if (window.Hls && window.Hls.isSupported()) {
      this.mode = "hls";
      patchTrackPlaceholder();
      var Hls = window.Hls;
      var config = {
        autoStartLoad: false,
        renderTextTracksNatively: true,
        capLevelToPlayerSize: true,
        enableWorker: true
      };
      // Let hls.js load the wanted renditions first; refreshAudio/refreshSubtitles then enforce the choice.
      if (this.defaultAudio) { config.audioPreference = { lang: this.defaultAudio }; }
      if (this.defaultSubtitle) { config.subtitlePreference = { lang: this.defaultSubtitle }; }
      var hls = this.hls = new Hls(config);
      hls.on(Hls.Events.MANIFEST_PARSED, function () {
        self.fillQuality(hls.levels);
        resume.then(function (position) {
          if (!self.hls) { return; }
          self.pendingResume = position;
          hls.startLoad(position === null ? -1 : position);
        });
      });
      // hls.js picks its own track right after these events: apply ours once it has.
      hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, function () { later(function () { self.refreshAudio(); }); });
      hls.on(Hls.Events.AUDIO_TRACK_SWITCHED, function () { self.syncAudioSelect(); });
      hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, function () { later(function () { self.refreshSubtitles(); }); });
      hls.on(Hls.Events.SUBTITLE_TRACK_SWITCH, function () { self.syncSubtitleSelect(); });
      hls.on(Hls.Events.LEVEL_SWITCHED, function () { self.syncQualitySelect(); });
      hls.on(Hls.Events.ERROR, function (event, data) { self.onHlsError(data); });
      hls.loadSource(new URL(this.src, document.baseURI).href);
      hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      this.mode = "native";
      this.fillQuality([]);
      var tracks = video.textTracks;
      if (tracks && tracks.addEventListener) {
        tracks.addEventListener("addtrack", function () { self.refreshSubtitles(); });
        tracks.addEventListener("removetrack", function () { self.refreshSubtitles(); });
        tracks.addEventListener("change", function () { self.syncSubtitleSelect(); });
      }
      var audioTracks = video.audioTracks;
      if (audioTracks && audioTracks.addEventListener) {
        audioTracks.addEventListener("addtrack", function () { self.refreshAudio(); });
        audioTracks.addEventListener("change", function () { self.syncAudioSelect(); });
      }
      video.addEventListener("error", function () { self.fail(self.label("error")); });
      resume.then(function (position) { self.pendingResume = position; video.src = self.src; });
    } else {
      this.fail(this.label("unsupported"));
      return;
    }
    video.addEventListener("loadedmetadata", function () {
      self.applyStart();
      self.refreshAudio();
      self.refreshSubtitles();
      self.resolveReady(self);
      self.root.dispatchEvent(new CustomEvent("lh-player:ready", { detail: self, bubbles: true }));
    }, { once: true });
  };

  // The start position: data-start if given, else the saved position (unless it is at either end).
  Player.prototype.fetchResume = function () {
    var self = this;
    if (this.start !== null) { return Promise.resolve(this.start); }
    if (!this.resumeUrl || !window.fetch) { return Promise.resolve(null); }
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) { controller.abort(); } }, RESUME_TIMEOUT_MS);
    return fetch(this.resumeUrl, {
      credentials: "same-origin", headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (body) {
      var position = body && +body.position;
      if (!position || !isFinite(position) || position < RESUME_MIN) { return null; }
      self.resumedFrom = position;
      return position;
    }).catch(function () { return null; }).then(function (position) {
      clearTimeout(timer);
      return position;
    });
  };

  Player.prototype.applyStart = function () {
    var video = this.video, position = this.pendingResume, duration = this.duration();
    if (position === null || position === undefined) { return; }
    if (this.resumedFrom && duration && position > duration - resumeEndZone(duration)) {
      // Watched to the end last time: start again from the beginning.
      this.resumedFrom = null;
      video.currentTime = 0;
      return;
    }
    if (Math.abs(video.currentTime - position) > 0.5) { video.currentTime = position; }
    if (this.resumedFrom) {
      this.setStatus(this.label("resumed_at").replace("{time}", formatTime(position)), true);
      this.statusFrom = position; // the message goes once playback has moved on from there
    }
  };

  Player.prototype.onHlsError = function (data) {
    if (!data || !data.fatal) { return; }
    var Hls = window.Hls;
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR && this.retries.network++ < 3) {
      this.hls.startLoad();
      return;
    }
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && this.retries.media++ < 2) {
      this.hls.recoverMediaError();
      return;
    }
    console.warn("lh-player: fatal playback error", data.type, data.details);
    this.fail(this.label("error"));
  };

  Player.prototype.fail = function (message) {
    this.root.classList.add("lh-player--failed");
    if (this.hls) { this.hls.destroy(); this.hls = null; }
    this.setStatus(message);
    this.resolveReady(this);
  };

  Player.prototype.setStatus = function (text, offerStartOver) {
    this.statusText.textContent = text;
    this.startOverButton.hidden = !offerStartOver;
    this.status.classList.toggle("lh-status--visible", !!text);
  };

  // ---------------------------------------------------------------- quality

  Player.prototype.fillQuality = function (levels) {
    var select = this.qualitySelect, L = this.label.bind(this);
    select.textContent = "";
    select.appendChild(el("option", { value: "-1", text: L("auto") }));
    var heights = {};
    levels.forEach(function (level) { heights[level.height] = (heights[level.height] || 0) + 1; });
    // Highest first, as people expect in a quality menu; values stay hls.levels indices.
    var order = levels.map(function (level, index) { return index; }).filter(function (index) {
      return levels[index].height || levels[index].videoCodec;
    }).sort(function (a, b) {
      return (levels[b].height || 0) - (levels[a].height || 0) || levels[b].bitrate - levels[a].bitrate;
    });
    order.forEach(function (index) {
      var level = levels[index];
      var text = level.height ? level.height + "p" : Math.round(level.bitrate / 1000) + " kbps";
      if (level.height && heights[level.height] > 1) { text += " · " + Math.round(level.bitrate / 1000) + " kbps"; }
      select.appendChild(el("option", { value: String(index), text: text }));
    });
    select.appendChild(el("option", { value: "audio", text: L("audio_only") }));
    this.syncQualitySelect();
  };

  Player.prototype.syncQualitySelect = function () {
    var select = this.qualitySelect, hls = this.hls;
    this.qualityNow.textContent = "";
    if (this.audioOnly) { select.value = "audio"; return; }
    if (!hls) { select.value = "-1"; return; }
    var current = hls.levels[hls.currentLevel];
    if (hls.autoLevelEnabled && current && current.height) { this.qualityNow.textContent = " " + current.height + "p"; }
    select.value = hls.autoLevelEnabled ? "-1" : String(hls.manualLevel !== undefined && hls.manualLevel !== -1 ? hls.manualLevel : hls.currentLevel);
  };

  // index: an hls.levels index, -1 for automatic, or "audio" for audio only.
  Player.prototype.setQuality = function (index) {
    if (index === "audio") { return this.setAudioOnly(true); }
    index = +index;
    this.setAudioOnly(false, true);
    if (this.hls) {
      if (index >= this.hls.levels.length || index < -1 || isNaN(index)) { index = -1; }
      this.hls.currentLevel = index;
    }
    this.syncQualitySelect();
    return true;
  };

  // Audio only: the audio-only variant if the playlist kept one, else the lowest video level with the video hidden.
  Player.prototype.setAudioOnly = function (on, keepLevel) {
    var hls = this.hls;
    this.audioOnly = !!on;
    this.root.classList.toggle("lh-player--audio-only", this.audioOnly);
    this.audioPanel.hidden = !this.audioOnly;
    if (on && hls && hls.levels.length) {
      var pick = -1, lowest = -1;
      hls.levels.forEach(function (level, index) {
        if (!level.height && !level.videoCodec && pick === -1) { pick = index; }
        if (lowest === -1 || level.bitrate < hls.levels[lowest].bitrate) { lowest = index; }
      });
      hls.currentLevel = pick !== -1 ? pick : lowest;
    } else if (!on && hls && !keepLevel) {
      hls.currentLevel = -1;
    }
    this.syncQualitySelect();
    return true;
  };

  // ---------------------------------------------------------------- audio tracks

  Player.prototype.audioTracks = function () {
    if (this.hls) { return this.hls.audioTracks || []; }
    var list = this.video.audioTracks, out = [];
    if (list) { for (var i = 0; i < list.length; i++) { out.push(list[i]); } }
    return out;
  };

  Player.prototype.currentAudio = function () {
    if (this.hls) { return this.hls.audioTrack; }
    var tracks = this.audioTracks();
    for (var i = 0; i < tracks.length; i++) { if (tracks[i].enabled) { return i; } }
    return -1;
  };

  Player.prototype.refreshAudio = function () {
    var tracks = this.audioTracks(), select = this.audioSelect;
    var labels = trackLabels(tracks, function (t) { return t.lang || t.language; }, function (t) { return t.name || t.label; });
    select.textContent = "";
    tracks.forEach(function (track, i) { select.appendChild(el("option", { value: String(i), text: labels[i] })); });
    this.audioWrap.hidden = tracks.length < 2;
    if (!this.audioDefaultApplied && tracks.length && this.defaultAudio) {
      this.audioDefaultApplied = true;
      var index = findLang(tracks, function (t) { return t.lang || t.language; }, this.defaultAudio);
      if (index !== -1 && index !== this.currentAudio()) { this.setAudio(index); }
    }
    this.syncAudioSelect();
  };

  Player.prototype.syncAudioSelect = function () {
    var current = this.currentAudio();
    if (current >= 0) { this.audioSelect.value = String(current); }
  };

  // lang: a language code (or an index into the audio tracks). Returns whether a track was found.
  Player.prototype.setAudio = function (lang) {
    var tracks = this.audioTracks();
    var index = typeof lang === "number" ? lang : findLang(tracks, function (t) { return t.lang || t.language; }, lang);
    if (index < 0 || index >= tracks.length) { return false; }
    if (this.hls) {
      this.hls.audioTrack = index;
    } else {
      for (var i = 0; i < tracks.length; i++) { tracks[i].enabled = i === index; }
    }
    this.audioSelect.value = String(index);
    return true;
  };

  // ---------------------------------------------------------------- subtitles

  Player.prototype.subtitleTracks = function () {
    if (this.hls) { return this.hls.subtitleTracks || []; }
    var list = this.video.textTracks, out = [];
    if (list) {
      for (var i = 0; i < list.length; i++) {
        if (list[i].kind === "subtitles" || list[i].kind === "captions") { out.push(list[i]); }
      }
    }
    return out;
  };

  Player.prototype.currentSubtitle = function () {
    if (this.hls) { return this.hls.subtitleDisplay ? this.hls.subtitleTrack : -1; }
    var tracks = this.subtitleTracks();
    for (var i = 0; i < tracks.length; i++) { if (tracks[i].mode === "showing") { return i; } }
    return -1;
  };

  Player.prototype.refreshSubtitles = function () {
    var tracks = this.subtitleTracks(), select = this.subtitleSelect;
    var labels = trackLabels(tracks, function (t) { return t.lang || t.language; }, function (t) { return t.name || t.label; });
    select.textContent = "";
    select.appendChild(el("option", { value: "", text: this.label("off") }));
    tracks.forEach(function (track, i) { select.appendChild(el("option", { value: String(i), text: labels[i] })); });
    this.subtitleWrap.hidden = tracks.length === 0;
    if (!this.subtitleDefaultApplied && tracks.length) {
      this.subtitleDefaultApplied = true;
      var index = findLang(tracks, function (t) { return t.lang || t.language; }, this.defaultSubtitle);
      this.setSubtitle(index === -1 ? null : index);
      return;
    }
    this.syncSubtitleSelect();
  };

  Player.prototype.syncSubtitleSelect = function () {
    var current = this.currentSubtitle();
    this.subtitleSelect.value = current >= 0 ? String(current) : "";
  };

  // lang: a language code, an index into the subtitle tracks, or null for none. Returns whether it was applied.
  Player.prototype.setSubtitle = function (lang) {
    var tracks = this.subtitleTracks();
    var index = -1;
    if (lang !== null && lang !== undefined && lang !== "") {
      index = typeof lang === "number" ? lang : findLang(tracks, function (t) { return t.lang || t.language; }, lang);
      if (index < 0 || index >= tracks.length) { return false; }
      this.lastSubtitle = index;
    }
    if (this.hls) {
      this.hls.subtitleTrack = index;
      this.hls.subtitleDisplay = index !== -1;
    } else {
      for (var i = 0; i < tracks.length; i++) { tracks[i].mode = i === index ? "showing" : "disabled"; }
    }
    this.subtitleSelect.value = index >= 0 ? String(index) : "";
    return true;
  };

  Player.prototype.toggleSubtitles = function () {
    var tracks = this.subtitleTracks();
    if (!tracks.length) { return; }
    if (this.currentSubtitle() >= 0) { this.setSubtitle(null); return; }
    var index = this.lastSubtitle;
    if (index === null || index >= tracks.length) {
      index = findLang(tracks, function (t) { return t.lang || t.language; }, this.defaultSubtitle || uiLanguage());
    }
    this.setSubtitle(index >= 0 ? index : 0);
  };

  // ---------------------------------------------------------------- playback

  Player.prototype.duration = function () {
    var video = this.video, d = video.duration;
    if (isFinite(d)) { return d; }
    if (video.seekable && video.seekable.length) { return video.seekable.end(video.seekable.length - 1); }
    return 0;
  };

  Player.prototype.play = function () {
    var promise = this.video.play();
    if (promise && promise.catch) { promise.catch(function () { /* blocked autoplay: the button stays "Play" */ }); }
    return promise;
  };

  Player.prototype.pause = function () { this.video.pause(); };

  Player.prototype.togglePlay = function () {
    if (this.video.paused || this.video.ended) { this.play(); } else { this.pause(); }
  };

  Player.prototype.seekBy = function (seconds) {
    var video = this.video, duration = this.duration();
    var target = Math.max(0, video.currentTime + seconds);
    if (duration) { target = Math.min(duration, target); }
    video.currentTime = target;
  };

  Player.prototype.toggleMute = function () { this.video.muted = !this.video.muted; };

  Player.prototype.setSpeed = function (rate) {
    rate = +rate;
    if (!isFinite(rate) || rate <= 0) { return false; }
    this.video.playbackRate = rate;
    this.video.defaultPlaybackRate = rate;
    this.speedSelect.value = String(rate);
    return true;
  };

  Player.prototype.stepSpeed = function (direction) {
    var current = this.video.playbackRate, index = SPEEDS.indexOf(current);
    if (index === -1) {
      index = 0;
      while (index < SPEEDS.length - 1 && SPEEDS[index] < current) { index++; }
    }
    index = Math.min(SPEEDS.length - 1, Math.max(0, index + direction));
    this.setSpeed(SPEEDS[index]);
  };

  Player.prototype.toggleFullscreen = function () {
    var doc = document, root = this.root, video = this.video;
    if (doc.fullscreenElement || doc.webkitFullscreenElement) {
      var exit = doc.exitFullscreen || doc.webkitExitFullscreen;
      var result = exit && exit.call(doc);
      if (result && result.catch) { result.catch(function () {}); }
    } else if (root.requestFullscreen) {
      root.requestFullscreen().catch(function () {});
    } else if (root.webkitRequestFullscreen) {
      root.webkitRequestFullscreen();
    } else if (video.webkitEnterFullscreen) {
      video.webkitEnterFullscreen(); // iPhone: only the video itself can go full screen
    }
  };

  Player.prototype.onKey = function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target, tag = target.tagName;
    // Selects and text fields keep their keys; buttons and links keep Space and Enter.
    if (tag === "SELECT" || tag === "TEXTAREA" || (tag === "INPUT" && target.type !== "range") || target.isContentEditable) { return; }
    var onControl = tag === "BUTTON" || tag === "A";
    switch (event.key) {
      case " ":
      case "Spacebar":
        if (onControl) { return; }
        this.togglePlay();
        break;
      case "k": case "K": this.togglePlay(); break;
      case "j": case "J": this.seekBy(-10); break;
      case "l": case "L": this.seekBy(10); break;
      case "ArrowLeft": case "Left": this.seekBy(-5); break;
      case "ArrowRight": case "Right": this.seekBy(5); break;
      case "m": case "M": this.toggleMute(); break;
      case "f": case "F": this.toggleFullscreen(); break;
      case "c": case "C": this.toggleSubtitles(); break;
      case "<": this.stepSpeed(-1); break;
      case ">": this.stepSpeed(1); break;
      default: return;
    }
    event.preventDefault();
  };

  // ---------------------------------------------------------------- keeping the controls in step

  Player.prototype.syncPlay = function () {
    var playing = !this.video.paused && !this.video.ended;
    this.playButton.setAttribute("aria-label", this.label(playing ? "pause" : "play"));
    setIcon(this.playButton, playing ? "pause" : "play");
    this.root.classList.toggle("lh-player--playing", playing);
  };

  Player.prototype.syncMute = function () {
    var muted = this.video.muted || this.video.volume === 0;
    this.muteButton.setAttribute("aria-label", this.label(muted ? "unmute" : "mute"));
    setIcon(this.muteButton, muted ? "muted" : "volume");
  };

  Player.prototype.syncFullscreen = function () {
    var active = (document.fullscreenElement || document.webkitFullscreenElement) === this.root;
    this.root.classList.toggle("lh-player--fullscreen", active);
    this.fullscreenButton.setAttribute("aria-label", this.label(active ? "exit_fullscreen" : "fullscreen"));
    setIcon(this.fullscreenButton, active ? "exit_fullscreen" : "fullscreen");
  };

  Player.prototype.syncTime = function () {
    var video = this.video, duration = this.duration(), now = video.currentTime;
    if (this.statusFrom !== undefined && Math.abs(now - this.statusFrom) > 10) {
      this.statusFrom = undefined;
      this.setStatus("");
    }
    this.seek.max = String(duration || 0);
    if (!this.dragging) { this.seek.value = String(now); }
    var text = formatTime(now) + " / " + formatTime(duration);
    if (text !== this.timeText) {
      this.timeText = text;
      this.time.textContent = text;
      this.seek.setAttribute("aria-valuetext", text);
    }
  };

  // ---------------------------------------------------------------- seek-bar thumbnails

  Player.prototype.loadThumbnails = function () {
    var self = this;
    if (!this.thumbnailsUrl || !window.fetch) { return Promise.resolve(null); }
    if (!this.thumbnailsLoading) {
      var url = new URL(this.thumbnailsUrl, document.baseURI).href;
      this.thumbnailsLoading = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text().then(function (text) { return parseThumbnails(text, response.url || url); });
      }).then(function (cues) {
        self.thumbnails = cues;
        return cues;
      }).catch(function (error) {
        console.warn("lh-player: no thumbnails", error);
        self.thumbnails = [];
        return [];
      });
    }
    return this.thumbnailsLoading;
  };

  Player.prototype.showThumbAt = function (time, fraction) {
    var duration = this.duration();
    if (!duration) { return; }
    if (fraction === undefined) { fraction = Math.min(1, Math.max(0, time / duration)); }
    this.thumbTime.textContent = formatTime(time);
    var cue = this.thumbnails && this.thumbnails.length ? findCue(this.thumbnails, time) : null;
    var image = this.thumbImage;
    if (cue) {
      image.hidden = false;
      image.style.backgroundImage = "url(\"" + cue.url.replace(/["\\]/g, "\\$&") + "\")";
      if (cue.w && cue.h) {
        image.style.width = cue.w + "px";
        image.style.height = cue.h + "px";
        image.style.backgroundPosition = (-cue.x) + "px " + (-cue.y) + "px";
      }
    } else {
      image.hidden = true;
    }
    this.thumb.hidden = false;
    var bar = this.seek.getBoundingClientRect(), own = this.thumb.getBoundingClientRect();
    var half = own.width / 2;
    var x = Math.min(Math.max(fraction * bar.width, half), Math.max(half, bar.width - half));
    this.thumb.style.left = (x - half) + "px";
  };

  Player.prototype.hideThumb = function () { this.thumb.hidden = true; };

  // ---------------------------------------------------------------- the saved position

  Player.prototype.savePosition = function (leaving) {
    if (!this.resumeUrl || !this.hasPlayed || !window.fetch) { return; }
    var position = Math.floor(this.video.currentTime || 0);
    if (!isFinite(position) || (position === this.lastSaved && !leaving)) { return; }
    this.lastSaved = position;
    var headers = { "Content-Type": "application/json" };
    if (this.csrf) { headers["X-CSRFToken"] = this.csrf; }
    fetch(this.resumeUrl, {
      method: this.resumeMethod === "POST" ? "POST" : "PUT",
      credentials: "same-origin",
      keepalive: true,
      headers: headers,
      body: JSON.stringify({ position: position })
    }).catch(function () { /* offline: the next save will try again */ });
  };

  Player.prototype.destroy = function () {
    if (this.saveTimer) { clearInterval(this.saveTimer); }
    if (this.hls) { this.hls.destroy(); this.hls = null; }
    var index = players.indexOf(this);
    if (index !== -1) { players.splice(index, 1); }
  };

  // ---------------------------------------------------------------- start

  function enhance(root) {
    if (root.lectureHallPlayer || !root.querySelector("video")) { return null; }
    var player = new Player(root);
    root.lectureHallPlayer = player;
    players.push(player);
    return player;
  }

  function enhanceAll() {
    var roots = document.querySelectorAll("div.lh-player");
    for (var i = 0; i < roots.length; i++) { enhance(roots[i]); }
  }

  window.LectureHallPlayer = { enhance: enhance, enhanceAll: enhanceAll, parseThumbnails: parseThumbnails };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
