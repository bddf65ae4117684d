// Thumbnails over the seek bar: a WebVTT track whose cue text is "sprite.jpg#xywh=x,y,w,h" (resolved against the
// track's URL), fetched on the first hover or focus, shown for the time under the pointer or at the thumb.

import { el, formatTime } from "./dom.js";

function parseTimestamp(text) {
  const parts = text.trim().split(":");
  let seconds = 0;
  for (let i = 0; i < parts.length; i++) { seconds = seconds * 60 + parseFloat(parts[i].replace(",", ".")); }
  return seconds;
}

export function parseThumbnails(text, baseUrl) {
  const cues = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].indexOf("-->") === -1) { continue; }
    const times = lines[i].split("-->");
    const start = parseTimestamp(times[0]);
    const end = parseTimestamp(times[1].trim().split(/\s+/)[0]);
    const payload = (lines[i + 1] || "").trim();
    if (!payload || isNaN(start) || isNaN(end)) { continue; }
    const hash = payload.indexOf("#");
    const url = hash === -1 ? payload : payload.slice(0, hash);
    const cue = { start: start, end: end, url: new URL(url, baseUrl).href, x: 0, y: 0, w: 0, h: 0 };
    const xywh = /#xywh=(\d+),(\d+),(\d+),(\d+)/.exec(payload);
    if (xywh) { cue.x = +xywh[1]; cue.y = +xywh[2]; cue.w = +xywh[3]; cue.h = +xywh[4]; }
    cues.push(cue);
    i++;
  }
  cues.sort((a, b) => a.start - b.start);
  return cues;
}

function findCue(cues, time) {
  let lo = 0, hi = cues.length - 1, found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cues[mid].start <= time) { found = cues[mid]; lo = mid + 1; } else { hi = mid - 1; }
  }
  return found && time < found.end ? found : found || cues[0] || null;
}

export class Thumbnails {
  constructor(player, url) {
    this.player = player;
    this.url = url || "";
    this.cues = null;
    this.loading = null;
    this.hover = null;
    this.seek = null;
    this.image = el("div", { "class": "lh-thumb__image" });
    this.time = el("span", { "class": "lh-thumb__time" });
    this.element = el("div", { "class": "lh-thumb", hidden: true, "aria-hidden": "true" }, [this.image, this.time]);
  }

  // Hovering or focusing the seek bar shows the thumbnail for that time.
  attachTo(seek) {
    this.seek = seek;
    seek.addEventListener("pointerenter", () => {
      // The first hover fetches the thumbnails; show them as soon as they are in, if the pointer is still there.
      this.load().then(() => { if (this.hover) { this.showAt(this.hover.time, this.hover.fraction); } });
    });
    seek.addEventListener("pointermove", (event) => {
      const rect = seek.getBoundingClientRect();
      if (!rect.width) { return; }
      const fraction = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
      this.hover = { time: fraction * this.player.duration(), fraction: fraction };
      this.showAt(this.hover.time, fraction);
    });
    seek.addEventListener("pointerleave", () => {
      this.hover = null;
      if (document.activeElement === seek) { this.showAt(+seek.value); } else { this.hide(); }
    });
    seek.addEventListener("focus", () => { this.load().then(() => { this.showAt(+seek.value); }); });
    seek.addEventListener("blur", () => { this.hide(); });
  }

  // The replay's URLs were renewed (player.switchSource): thumbnails already fetched are fetched again from the new
  // URL (the sprites' URLs changed with it), others on the first hover as before.
  setUrl(url) {
    if ((url || "") === this.url) { return; }
    const fetched = this.loading !== null;
    this.url = url || "";
    this.loading = null;
    this.cues = null;
    if (fetched) { this.load(); }
  }

  load() {
    if (!this.url || !window.fetch) { return Promise.resolve(null); }
    if (!this.loading) {
      const url = new URL(this.url, document.baseURI).href;
      const loading = this.loading = fetch(url, { credentials: "same-origin" }).then((response) => {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text().then((text) => parseThumbnails(text, response.url || url));
      }).catch((error) => {
        console.warn("lh-player: no thumbnails", error);
        return [];
      }).then((cues) => {
        // A fetch from URLs replaced meanwhile (setUrl) leaves the new ones alone.
        if (loading === this.loading) { this.cues = cues; }
        return cues;
      });
    }
    return this.loading;
  }

  showAt(time, fraction) {
    const duration = this.player.duration();
    if (!duration) { return; }
    if (fraction === undefined) { fraction = Math.min(1, Math.max(0, time / duration)); }
    this.time.textContent = formatTime(time);
    const cue = this.cues && this.cues.length ? findCue(this.cues, time) : null;
    const image = this.image;
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
    this.element.hidden = false;
    const bar = this.seek.getBoundingClientRect(), own = this.element.getBoundingClientRect();
    const half = own.width / 2;
    const x = Math.min(Math.max(fraction * bar.width, half), Math.max(half, bar.width - half));
    this.element.style.left = (x - half) + "px";
  }

  hide() { this.element.hidden = true; }
}
