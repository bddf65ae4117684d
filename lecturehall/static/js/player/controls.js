// The player's controls: the transport row (play, seek bar, time, mute, full screen), the speed setting and the
// download link, the keyboard shortcuts, and keeping all of them in step with the video element.

import { el, formatNumber, formatTime, icon, setIcon, setting } from "./dom.js";

export const SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
export const KEY_SHORTCUTS = "Space k j l ArrowLeft ArrowRight m f c < >";

export class Controls {
  constructor(player, data) {
    this.player = player;
    this.dragging = false;
    this.timeText = undefined;
    this.build(data);
    this.bind();
  }

  build(data) {
    const player = this.player, video = player.video, L = player.label.bind(player);
    // Transport: play, seek bar, time, mute, full screen. Media transport controls keep left-to-right order in
    // right-to-left languages (time runs left to right on the bar), the settings below follow the page.
    this.playButton = el("button", { type: "button", "class": "lh-button lh-play", "aria-label": L("play") }, [icon("play")]);
    this.seek = el("input", {
      type: "range", "class": "lh-seek__range", min: "0", max: "0", step: "any", value: "0",
      "aria-label": L("seek"), "aria-valuetext": formatTime(0)
    });
    const seekWrap = el("div", { "class": "lh-seek" }, [this.seek, player.thumbnails.element]);
    this.time = el("span", { "class": "lh-time", "aria-hidden": "true", text: formatTime(0) + " / " + formatTime(0) });
    this.muteButton = el("button", { type: "button", "class": "lh-button lh-mute", "aria-label": L("mute") }, [icon("volume")]);
    this.fullscreenButton = el("button", {
      type: "button", "class": "lh-button lh-fullscreen", "aria-label": L("fullscreen")
    }, [icon("fullscreen")]);
    const canFullscreen = document.fullscreenEnabled || document.webkitFullscreenEnabled || video.webkitEnterFullscreen;
    if (!canFullscreen) { this.fullscreenButton.hidden = true; }
    const transport = el("div", { "class": "lh-transport", dir: "ltr" },
      [this.playButton, seekWrap, this.time, this.muteButton, this.fullscreenButton]);

    // Settings: quality, audio and subtitles (tracks.js), then speed and the download link.
    const speed = setting(player.id, "speed", L("speed"));
    this.speedSelect = speed.select;
    SPEEDS.forEach((rate) => {
      speed.select.appendChild(el("option", { value: String(rate), text: formatNumber(rate) + "×" }));
    });
    speed.select.value = "1";
    const settings = el("div", { "class": "lh-settings" }, player.tracks.settings.concat([speed.wrap]));
    if (data.download) {
      this.downloadLink = el("a", { "class": "lh-download", href: data.download, download: true, text: L("download") });
      settings.appendChild(this.downloadLink);
    }
    this.element = el("div", { "class": "lh-controls" }, [transport, settings]);
  }

  bind() {
    const player = this.player, video = player.video, root = player.root;
    this.playButton.addEventListener("click", () => { player.togglePlay(); });
    this.muteButton.addEventListener("click", () => { player.toggleMute(); });
    this.fullscreenButton.addEventListener("click", () => { this.toggleFullscreen(); });
    video.addEventListener("click", () => { root.focus({ preventScroll: true }); player.togglePlay(); });
    video.addEventListener("dblclick", () => { this.toggleFullscreen(); });

    ["play", "pause", "ended"].forEach((name) => { video.addEventListener(name, () => { this.syncPlay(); }); });
    video.addEventListener("volumechange", () => { this.syncMute(); });
    video.addEventListener("ratechange", () => { this.speedSelect.value = String(video.playbackRate); });
    ["timeupdate", "durationchange", "loadedmetadata", "seeked"].forEach((name) => {
      video.addEventListener(name, () => { this.syncTime(); });
    });
    document.addEventListener("fullscreenchange", () => { this.syncFullscreen(); });
    document.addEventListener("webkitfullscreenchange", () => { this.syncFullscreen(); });

    // The seek bar: dragging or keys on it seek; hovering or focusing it shows the thumbnail for that time.
    const seek = this.seek;
    seek.addEventListener("input", () => {
      video.currentTime = +seek.value;
      player.thumbnails.showAt(+seek.value);
      this.syncTime();
    });
    seek.addEventListener("pointerdown", () => { this.dragging = true; });
    seek.addEventListener("change", () => { this.dragging = false; });
    document.addEventListener("pointerup", () => { this.dragging = false; });
    player.thumbnails.attachTo(seek);

    this.speedSelect.addEventListener("change", () => { this.setSpeed(+this.speedSelect.value); });
    root.addEventListener("keydown", (event) => { this.onKey(event); });
  }

  setSpeed(rate) {
    rate = +rate;
    if (!isFinite(rate) || rate <= 0) { return false; }
    const video = this.player.video;
    video.playbackRate = rate;
    video.defaultPlaybackRate = rate;
    this.speedSelect.value = String(rate);
    return true;
  }

  stepSpeed(direction) {
    const current = this.player.video.playbackRate;
    let index = SPEEDS.indexOf(current);
    if (index === -1) {
      index = 0;
      while (index < SPEEDS.length - 1 && SPEEDS[index] < current) { index++; }
    }
    index = Math.min(SPEEDS.length - 1, Math.max(0, index + direction));
    this.setSpeed(SPEEDS[index]);
  }

  toggleFullscreen() {
    const doc = document, root = this.player.root, video = this.player.video;
    if (doc.fullscreenElement || doc.webkitFullscreenElement) {
      const exit = doc.exitFullscreen || doc.webkitExitFullscreen;
      const result = exit && exit.call(doc);
      if (result && result.catch) { result.catch(() => {}); }
    } else if (root.requestFullscreen) {
      root.requestFullscreen().catch(() => {});
    } else if (root.webkitRequestFullscreen) {
      root.webkitRequestFullscreen();
    } else if (video.webkitEnterFullscreen) {
      video.webkitEnterFullscreen(); // iPhone: only the video itself can go full screen
    }
  }

  onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) { return; }
    const player = this.player, target = event.target, tag = target.tagName;
    // Selects and text fields keep their keys; buttons and links keep Space and Enter.
    if (tag === "SELECT" || tag === "TEXTAREA" || (tag === "INPUT" && target.type !== "range") || target.isContentEditable) { return; }
    const onControl = tag === "BUTTON" || tag === "A";
    switch (event.key) {
      case " ":
      case "Spacebar":
        if (onControl) { return; }
        player.togglePlay();
        break;
      case "k": case "K": player.togglePlay(); break;
      case "j": case "J": player.seekBy(-10); break;
      case "l": case "L": player.seekBy(10); break;
      case "ArrowLeft": case "Left": player.seekBy(-5); break;
      case "ArrowRight": case "Right": player.seekBy(5); break;
      case "m": case "M": player.toggleMute(); break;
      case "f": case "F": this.toggleFullscreen(); break;
      case "c": case "C": player.tracks.toggleSubtitles(); break;
      case "<": this.stepSpeed(-1); break;
      case ">": this.stepSpeed(1); break;
      default: return;
    }
    event.preventDefault();
  }

  // ---------------------------------------------------------------- keeping the controls in step

  syncPlay() {
    const player = this.player, video = player.video;
    const playing = !video.paused && !video.ended;
    this.playButton.setAttribute("aria-label", player.label(playing ? "pause" : "play"));
    setIcon(this.playButton, playing ? "pause" : "play");
    player.root.classList.toggle("lh-player--playing", playing);
  }

  syncMute() {
    const player = this.player, video = player.video;
    const muted = video.muted || video.volume === 0;
    this.muteButton.setAttribute("aria-label", player.label(muted ? "unmute" : "mute"));
    setIcon(this.muteButton, muted ? "muted" : "volume");
  }

  syncFullscreen() {
    const player = this.player;
    const active = (document.fullscreenElement || document.webkitFullscreenElement) === player.root;
    player.root.classList.toggle("lh-player--fullscreen", active);
    this.fullscreenButton.setAttribute("aria-label", player.label(active ? "exit_fullscreen" : "fullscreen"));
    setIcon(this.fullscreenButton, active ? "exit_fullscreen" : "fullscreen");
  }

  // The seek bar spans the duration (for a live stream, what hls.js reports as seekable: see player.duration).
  syncTime() {
    const player = this.player, duration = player.duration(), now = player.video.currentTime;
    player.statusMovedOn(now);
    this.seek.max = String(duration || 0);
    if (!this.dragging) { this.seek.value = String(now); }
    const text = formatTime(now) + " / " + formatTime(duration);
    if (text !== this.timeText) {
      this.timeText = text;
      this.time.textContent = text;
      this.seek.setAttribute("aria-valuetext", text);
    }
  }
}
