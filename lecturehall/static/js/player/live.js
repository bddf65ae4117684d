// The live part of the player (data-mode="live"): a "live" badge, a "go to live" button that jumps to hls.js's
// live sync position, and the delay behind live shown on demand (hls.js's latency, refreshed every second).

import { el } from "./dom.js";

export class LiveBar {
  constructor(player) {
    this.player = player;
    this.timer = null;
    const L = player.label.bind(player);
    this.badge = el("span", { "class": "badge live lh-live-badge", text: L("live") });
    this.goLive = el("button", { type: "button", "class": "lh-go-live", text: L("go_live") });
    this.latencyButton = el("button", { type: "button", "class": "lh-latency-toggle", "aria-pressed": "false",
                                        text: L("show_latency") });
    this.latency = el("span", { "class": "lh-latency", "aria-live": "off", hidden: true });
    this.element = el("div", { "class": "lh-live" }, [this.badge, this.goLive, this.latencyButton, this.latency]);
    this.goLive.addEventListener("click", () => { this.toLive(); });
    this.latencyButton.addEventListener("click", () => { this.toggleLatency(); });
  }

  // Seconds behind the live edge: hls.js knows it; the browser's own HLS only gives the seekable end.
  delay() {
    const player = this.player, video = player.video;
    if (player.hls && isFinite(player.hls.latency) && player.hls.latency > 0) { return player.hls.latency; }
    if (video.seekable && video.seekable.length) {
      return Math.max(0, video.seekable.end(video.seekable.length - 1) - video.currentTime);
    }
    return null;
  }

  toLive() {
    const player = this.player, video = player.video;
    const target = player.hls && player.hls.liveSyncPosition;
    if (target) {
      video.currentTime = target;
    } else if (video.seekable && video.seekable.length) {
      video.currentTime = video.seekable.end(video.seekable.length - 1) - 1;
    }
    player.play();
  }

  toggleLatency() {
    const on = this.latency.hidden;
    this.latency.hidden = !on;
    this.latencyButton.setAttribute("aria-pressed", on ? "true" : "false");
    clearInterval(this.timer);
    if (on) {
      const show = () => {
        const seconds = this.delay();
        this.latency.textContent = seconds === null ? "" :
          this.player.label("latency_value").replace("{s}", seconds.toFixed(1));
      };
      show();
      this.timer = setInterval(show, 1000);
    }
  }
}
