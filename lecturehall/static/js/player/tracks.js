// What the viewer picks among the renditions: quality levels (and audio only), audio languages, subtitles; with
// the language naming and matching they share; and keeping those choices when the stream is loaded again from new
// URLs (keepChoices). Works on hls.js (player.hls) and on the browser's own HLS (the video element's audioTracks and
// textTracks).

import { el, later, setting, uiLanguage } from "./dom.js";

export function normLang(code) { return String(code || "").trim().toLowerCase().replace(/_/g, "-"); }

// Index of the entry whose language matches `wanted`: an exact match first, then the same primary subtag.
export function findLang(items, langOf, wanted) {
  const want = normLang(wanted);
  if (!want) { return -1; }
  for (let i = 0; i < items.length; i++) { if (normLang(langOf(items[i])) === want) { return i; } }
  const primary = want.split("-")[0];
  for (let i = 0; i < items.length; i++) { if (normLang(langOf(items[i])).split("-")[0] === primary) { return i; } }
  return -1;
}

export function languageName(code) {
  if (!code) { return ""; }
  try {
    if (window.Intl && Intl.DisplayNames) {
      const name = new Intl.DisplayNames([uiLanguage()], { type: "language" }).of(code);
      if (name) { return name.charAt(0).toLocaleUpperCase(uiLanguage()) + name.slice(1); }
    }
  } catch (e) { /* not a valid code: fall through */ }
  return code;
}

// Labels for a list of audio or subtitle tracks: the language's name in the UI language; the playlist's NAME
// is added when two tracks share a language, and used alone for a track without a language.
export function trackLabels(tracks, langOf, nameOf) {
  const counts = {};
  tracks.forEach((t) => { const k = normLang(langOf(t)); counts[k] = (counts[k] || 0) + 1; });
  return tracks.map((t, i) => {
    const lang = langOf(t), name = nameOf(t);
    if (!lang) { return name || String(i + 1); }
    let label = languageName(lang);
    if (counts[normLang(lang)] > 1 && name) { label += " – " + name; }
    return label;
  });
}

// hls.js tracks have lang and name, the video element's have language and label.
const langOf = (t) => t.lang || t.language;
const nameOf = (t) => t.name || t.label;

// The level "audio only" plays: the audio-only variant if the playlist kept one, else the lowest video level.
function audioOnlyLevel(levels) {
  let pick = -1, lowest = -1;
  levels.forEach((level, index) => {
    if (!level.height && !level.videoCodec && pick === -1) { pick = index; }
    if (lowest === -1 || level.bitrate < levels[lowest].bitrate) { lowest = index; }
  });
  return pick !== -1 ? pick : lowest;
}

export class Tracks {
  constructor(player, data) {
    this.player = player;
    this.defaultSubtitle = data.defaultSubtitle || "";
    this.defaultAudio = data.defaultAudio || "";
    this.audioOnly = false;
    this.lastSubtitle = null;
    this.subtitleDefaultApplied = false;
    this.audioDefaultApplied = false;
    this.chosenLevel = null;      // the rung the viewer chose ({height, bitrate}), null for automatic
    this.keptQuality = undefined; // keepChoices: "audio", {height, bitrate} or null (automatic) until re-applied
    this.build(data);
  }

  build(data) {
    const player = this.player, L = player.label.bind(player);
    this.audioPanel = el("div", { "class": "lh-audio-panel", hidden: true, "aria-hidden": "true" }, [
      el("span", { "class": "lh-audio-panel__text", text: L("audio_only") })
    ]);
    this.setPoster(data.poster || "");
    player.video.insertAdjacentElement("afterend", this.audioPanel);

    const quality = setting(player.id, "quality", L("quality"));
    const audio = setting(player.id, "audio", L("audio"));
    const subtitles = setting(player.id, "subtitles", L("subtitles"));
    this.qualitySelect = quality.select;
    this.qualityWrap = quality.wrap;
    // In automatic mode, the rendition playing now is shown beside the label ("Quality 720p").
    this.qualityNow = el("span", { "class": "lh-setting__now" });
    quality.label.appendChild(this.qualityNow);
    this.audioSelect = audio.select;
    this.audioWrap = audio.wrap;
    this.subtitleSelect = subtitles.select;
    this.subtitleWrap = subtitles.wrap;
    this.audioWrap.hidden = true;
    this.subtitleWrap.hidden = true;
    this.fillQuality([]);
    // The settings row shows these first, in this order.
    this.settings = [quality.wrap, audio.wrap, subtitles.wrap];

    this.qualitySelect.addEventListener("change", () => {
      const value = this.qualitySelect.value;
      this.setQuality(value === "audio" ? "audio" : +value);
    });
    this.audioSelect.addEventListener("change", () => { this.setAudio(+this.audioSelect.value); });
    this.subtitleSelect.addEventListener("change", () => {
      const value = this.subtitleSelect.value;
      this.setSubtitle(value === "" ? null : +value);
    });
  }

  // hls.js configuration: let it load the wanted renditions first; refreshAudio/refreshSubtitles then enforce
  // the choice.
  hlsPreferences(config) {
    if (this.defaultAudio) { config.audioPreference = { lang: this.defaultAudio }; }
    if (this.defaultSubtitle) { config.subtitlePreference = { lang: this.defaultSubtitle }; }
    return config;
  }

  attachHls(hls, Hls) {
    const player = this.player;
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      this.fillQuality(hls.levels);
      this.restoreQuality();
    });
    // hls.js picks its own track right after these events: apply ours once it has.
    hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, () => { later(() => { this.refreshAudio(); }); });
    hls.on(Hls.Events.AUDIO_TRACK_SWITCHED, () => {
      this.syncAudioSelect();
      player.emit("audiochange", { audio: this.currentAudio() });
    });
    hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, () => { later(() => { this.refreshSubtitles(); }); });
    hls.on(Hls.Events.SUBTITLE_TRACK_SWITCH, () => {
      this.syncSubtitleSelect();
      player.emit("subtitlechange", { subtitle: this.currentSubtitle() });
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, () => {
      this.syncQualitySelect();
      player.emit("qualitychange", { level: hls.currentLevel, audioOnly: this.audioOnly });
    });
  }

  attachNative(video) {
    const player = this.player;
    this.fillQuality([]);
    const tracks = video.textTracks;
    if (tracks && tracks.addEventListener) {
      tracks.addEventListener("addtrack", () => { this.refreshSubtitles(); });
      tracks.addEventListener("removetrack", () => { this.refreshSubtitles(); });
      tracks.addEventListener("change", () => {
        this.syncSubtitleSelect();
        player.emit("subtitlechange", { subtitle: this.currentSubtitle() });
      });
    }
    const audioTracks = video.audioTracks;
    if (audioTracks && audioTracks.addEventListener) {
      audioTracks.addEventListener("addtrack", () => { this.refreshAudio(); });
      audioTracks.addEventListener("change", () => {
        this.syncAudioSelect();
        player.emit("audiochange", { audio: this.currentAudio() });
      });
    }
  }

  // ---------------------------------------------------------------- quality

  fillQuality(levels) {
    const select = this.qualitySelect, L = this.player.label.bind(this.player);
    select.textContent = "";
    select.appendChild(el("option", { value: "-1", text: L("auto") }));
    const heights = {};
    levels.forEach((level) => { heights[level.height] = (heights[level.height] || 0) + 1; });
    // Highest first, as people expect in a quality menu; values stay hls.levels indices.
    const order = levels.map((level, index) => index)
      .filter((index) => levels[index].height || levels[index].videoCodec)
      .sort((a, b) => (levels[b].height || 0) - (levels[a].height || 0) || levels[b].bitrate - levels[a].bitrate);
    order.forEach((index) => {
      const level = levels[index];
      let text = level.height ? level.height + "p" : Math.round(level.bitrate / 1000) + " kbps";
      if (level.height && heights[level.height] > 1) { text += " · " + Math.round(level.bitrate / 1000) + " kbps"; }
      select.appendChild(el("option", { value: String(index), text: text }));
    });
    select.appendChild(el("option", { value: "audio", text: L("audio_only") }));
    this.syncQualitySelect();
  }

  syncQualitySelect() {
    const select = this.qualitySelect, hls = this.player.hls;
    this.qualityNow.textContent = "";
    if (this.audioOnly) { select.value = "audio"; return; }
    if (!hls) { select.value = "-1"; return; }
    const current = hls.levels[hls.currentLevel];
    if (hls.autoLevelEnabled && current && current.height) { this.qualityNow.textContent = " " + current.height + "p"; }
    select.value = hls.autoLevelEnabled ? "-1"
      : String(hls.manualLevel !== undefined && hls.manualLevel !== -1 ? hls.manualLevel : hls.currentLevel);
  }

  // index: an hls.levels index, -1 for automatic, or "audio" for audio only.
  setQuality(index) {
    if (index === "audio") { return this.setAudioOnly(true); }
    index = +index;
    this.setAudioOnly(false, true);
    const hls = this.player.hls;
    if (hls) {
      if (index >= hls.levels.length || index < -1 || isNaN(index)) { index = -1; }
      hls.currentLevel = index;
      // Kept here: hls.js itself goes back to automatic when a load of the chosen rung fails.
      const level = hls.levels[index];
      this.chosenLevel = level ? { height: level.height, bitrate: level.bitrate } : null;
    }
    this.syncQualitySelect();
    return true;
  }

  // Audio only: the audio-only variant if the playlist kept one, else the lowest video level with the video hidden.
  setAudioOnly(on, keepLevel) {
    const hls = this.player.hls;
    this.audioOnly = !!on;
    this.player.root.classList.toggle("lh-player--audio-only", this.audioOnly);
    this.audioPanel.hidden = !this.audioOnly;
    if (on && hls && hls.levels.length) {
      hls.currentLevel = audioOnlyLevel(hls.levels);
    } else if (!on && hls && !keepLevel) {
      hls.currentLevel = -1;
      this.chosenLevel = null;
    }
    this.syncQualitySelect();
    return true;
  }

  // ---------------------------------------------------------------- audio tracks

  audioTracks() {
    const hls = this.player.hls;
    if (hls) { return hls.audioTracks || []; }
    const list = this.player.video.audioTracks, out = [];
    if (list) { for (let i = 0; i < list.length; i++) { out.push(list[i]); } }
    return out;
  }

  currentAudio() {
    const hls = this.player.hls;
    if (hls) { return hls.audioTrack; }
    const tracks = this.audioTracks();
    for (let i = 0; i < tracks.length; i++) { if (tracks[i].enabled) { return i; } }
    return -1;
  }

  refreshAudio() {
    const tracks = this.audioTracks(), select = this.audioSelect;
    const labels = trackLabels(tracks, langOf, nameOf);
    select.textContent = "";
    tracks.forEach((track, i) => { select.appendChild(el("option", { value: String(i), text: labels[i] })); });
    this.audioWrap.hidden = tracks.length < 2;
    if (!this.audioDefaultApplied && tracks.length && this.defaultAudio) {
      this.audioDefaultApplied = true;
      const index = findLang(tracks, langOf, this.defaultAudio);
      if (index !== -1 && index !== this.currentAudio()) { this.setAudio(index); }
    }
    this.syncAudioSelect();
  }

  syncAudioSelect() {
    const current = this.currentAudio();
    if (current >= 0) { this.audioSelect.value = String(current); }
  }

  // lang: a language code (or an index into the audio tracks). Returns whether a track was found.
  setAudio(lang) {
    const tracks = this.audioTracks(), hls = this.player.hls;
    const index = typeof lang === "number" ? lang : findLang(tracks, langOf, lang);
    if (index < 0 || index >= tracks.length) { return false; }
    if (hls) {
      hls.audioTrack = index;
    } else {
      for (let i = 0; i < tracks.length; i++) { tracks[i].enabled = i === index; }
    }
    this.audioSelect.value = String(index);
    return true;
  }

  // ---------------------------------------------------------------- subtitles

  subtitleTracks() {
    const hls = this.player.hls;
    if (hls) { return hls.subtitleTracks || []; }
    const list = this.player.video.textTracks, out = [];
    if (list) {
      for (let i = 0; i < list.length; i++) {
        if (list[i].kind === "subtitles" || list[i].kind === "captions") { out.push(list[i]); }
      }
    }
    return out;
  }

  currentSubtitle() {
    const hls = this.player.hls;
    if (hls) { return hls.subtitleDisplay ? hls.subtitleTrack : -1; }
    const tracks = this.subtitleTracks();
    for (let i = 0; i < tracks.length; i++) { if (tracks[i].mode === "showing") { return i; } }
    return -1;
  }

  refreshSubtitles() {
    const tracks = this.subtitleTracks(), select = this.subtitleSelect;
    const labels = trackLabels(tracks, langOf, nameOf);
    select.textContent = "";
    select.appendChild(el("option", { value: "", text: this.player.label("off") }));
    tracks.forEach((track, i) => { select.appendChild(el("option", { value: String(i), text: labels[i] })); });
    this.subtitleWrap.hidden = tracks.length === 0;
    if (!this.subtitleDefaultApplied && tracks.length) {
      this.subtitleDefaultApplied = true;
      const index = findLang(tracks, langOf, this.defaultSubtitle);
      this.setSubtitle(index === -1 ? null : index);
      return;
    }
    this.syncSubtitleSelect();
  }

  syncSubtitleSelect() {
    const current = this.currentSubtitle();
    this.subtitleSelect.value = current >= 0 ? String(current) : "";
  }

  // lang: a language code, an index into the subtitle tracks, or null for none. Returns whether it was applied.
  setSubtitle(lang) {
    const tracks = this.subtitleTracks(), hls = this.player.hls;
    let index = -1;
    if (lang !== null && lang !== undefined && lang !== "") {
      index = typeof lang === "number" ? lang : findLang(tracks, langOf, lang);
      if (index < 0 || index >= tracks.length) { return false; }
      this.lastSubtitle = index;
    }
    if (hls) {
      hls.subtitleTrack = index;
      hls.subtitleDisplay = index !== -1;
    } else {
      for (let i = 0; i < tracks.length; i++) { tracks[i].mode = i === index ? "showing" : "disabled"; }
    }
    this.subtitleSelect.value = index >= 0 ? String(index) : "";
    return true;
  }

  toggleSubtitles() {
    const tracks = this.subtitleTracks();
    if (!tracks.length) { return; }
    if (this.currentSubtitle() >= 0) { this.setSubtitle(null); return; }
    let index = this.lastSubtitle;
    if (index === null || index >= tracks.length) {
      index = findLang(tracks, langOf, this.defaultSubtitle || uiLanguage());
    }
    this.setSubtitle(index >= 0 ? index : 0);
  }

  // ---------------------------------------------------------------- a new source for the same replay

  // The picture shown in audio-only mode (the video's poster).
  setPoster(url) {
    let image = this.audioPanel.querySelector("img");
    if (!url) { if (image) { image.remove(); } return; }
    if (!image) { image = this.audioPanel.insertBefore(el("img", { alt: "" }), this.audioPanel.firstChild); }
    image.src = url;
  }

  // Before hls.js loads the replay again from new URLs (player.switchSource): the viewer's audio and subtitles (once
  // known) become the defaults refreshAudio and refreshSubtitles apply to the new playlist; restoreQuality the rest.
  keepChoices() {
    const hls = this.player.hls, audio = this.audioTracks()[this.currentAudio()];
    const subtitles = this.subtitleTracks(), subtitle = subtitles[this.currentSubtitle()];
    if (audio && langOf(audio)) {
      this.defaultAudio = langOf(audio);
      this.audioDefaultApplied = false;
    }
    if (subtitles.length) {
      this.defaultSubtitle = subtitle ? langOf(subtitle) || "" : "";
      this.subtitleDefaultApplied = false;
    }
    this.keptQuality = this.audioOnly ? "audio" : this.chosenLevel;
    if (hls) { // hls.js then loads the kept renditions first, rather than its defaults
      if (this.defaultAudio) { hls.config.audioPreference = { lang: this.defaultAudio }; }
      hls.config.subtitlePreference = this.defaultSubtitle ? { lang: this.defaultSubtitle } : undefined;
    }
  }

  // Once the new levels are known: the kept quality, or the nearest rung of the same height; automatic if the new
  // ladder has none. Set as the level to load, before loading starts (no buffer to flush yet).
  restoreQuality() {
    const kept = this.keptQuality, hls = this.player.hls;
    this.keptQuality = undefined;
    if (kept === undefined || !hls || !hls.levels.length) { return; }
    let index = -1;
    if (kept === "audio") {
      index = audioOnlyLevel(hls.levels);
    } else if (kept) {
      hls.levels.forEach((level, i) => {
        if (level.height === kept.height && (index === -1 ||
            Math.abs(level.bitrate - kept.bitrate) < Math.abs(hls.levels[index].bitrate - kept.bitrate))) { index = i; }
      });
      if (index === -1) { this.chosenLevel = null; }
    }
    hls.loadLevel = index;
    this.syncQualitySelect();
  }
}
