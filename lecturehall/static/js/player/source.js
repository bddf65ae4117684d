// Fresh replay URLs when the player's own are refused. Every file of a replay is served under a signed URL that
// names the replay's version and expires (media/access.py): once the transcoding job publishes the full ladder
// over a quick first version, or a page stays open past the token's life, the next playlist or segment is refused
// (403; 404 once the old version's files are gone). With data-source-url, the player then asks that URL for the
// replay's URLs as they are now ({src, poster, thumbnails, version}) and goes on from the new ones where it was
// (player.switchSource); only when that fails does playback fail as before.
//
// hls.js reports a refused file (data.response.code) as a non-fatal error while it tries other renditions and
// retries with back-off, and as fatal only half a minute later. The first refusal is enough to act on: every file
// under the same URLs is refused alike.
//
// At most one refresh per REFRESH_INTERVAL_MS: URLs refused again soon after are left to hls.js's retries, which fail
// the player as before, rather than looping. The browser's own HLS (Safari, iPhones) reports no HTTP status: there
// the video element's error is taken for a refusal (handleNative) — new URLs once, and if they fail too, the
// player fails as before.

export const REFRESH_INTERVAL_MS = 30000;
const REFUSED = [403, 404, 410];

export class SourceRefresh {
  constructor(player, data) {
    this.player = player;
    this.url = data.sourceUrl || "";
    this.version = null;        // the version of the replay the current URLs are for, once refreshed
    this.refreshing = null;     // the refresh under way (a promise)
    this.lastRefresh = -Infinity;
    this.refreshes = 0;         // for tests and diagnostics
  }

  // Whether an hls.js error means the URLs were refused.
  static refused(data) {
    const Hls = window.Hls, response = data && data.response;
    return !!(data && Hls && data.type === Hls.ErrorTypes.NETWORK_ERROR && response &&
              REFUSED.indexOf(response.code) !== -1);
  }

  // Called with every hls.js error before the player's own handling; true when the error is taken care of here.
  handle(data) {
    if (this.refreshing) { return true; } // the reload replaces whatever failed meanwhile
    if (!this.url || !window.fetch || this.player.mode !== "hls" || !SourceRefresh.refused(data)) { return false; }
    if (performance.now() - this.lastRefresh < REFRESH_INTERVAL_MS) { return false; }
    this.lastRefresh = performance.now();
    const fatal = !!data.fatal;
    console.warn("lh-player: a replay file was refused (" + data.response.code + "); fetching new URLs", data.details);
    this.player.hls.stopLoad();
    this.refresh(() => {
      if (!this.player.hls) { return false; } // destroyed meanwhile
      // The same URLs: the refusal was not about them. Back to hls.js's own handling.
      if (fatal) { this.player.onHlsFatal(data); } else { this.player.hls.startLoad(-1); }
      return false;
    }, (source) => { this.player.switchSource(source); });
    return true;
  }

  // Fetches the source: ``switchTo(source)`` with new URLs; ``same()`` when they are the ones in use; the player
  // fails when none come (``same`` returning true fails it too).
  refresh(same, switchTo) {
    const player = this.player;
    // (not a player whose hls.js was destroyed meanwhile)
    const fail = () => { if (player.hls || player.mode === "native") { player.fail(player.label("error")); } };
    this.refreshing = this.fetchSource().then((source) => {
      this.refreshing = null;
      if (source.src === this.player.src) {
        if (same()) { fail(); }
        return;
      }
      this.version = source.version;
      this.refreshes++;
      switchTo(source);
    }, (error) => {
      this.refreshing = null;
      console.warn("lh-player: no new replay URLs", error);
      fail();
    });
  }

  // The video element failed while the browser plays HLS itself (player.mode "native"): true when new URLs are
  // being fetched (player.switchNativeSource then), false when the player should fail.
  handleNative() {
    if (this.refreshing) { return true; }
    if (!this.url || !window.fetch || this.player.mode !== "native") { return false; }
    if (performance.now() - this.lastRefresh < REFRESH_INTERVAL_MS) { return false; }
    this.lastRefresh = performance.now();
    console.warn("lh-player: the stream failed; fetching the replay's URLs again");
    // the same URLs: they were not what failed
    this.refresh(() => true, (source) => { this.player.switchNativeSource(source); });
    return true;
  }

  fetchSource() {
    return fetch(this.url, {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }
    }).then((response) => {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then((source) => {
      if (!source || typeof source.src !== "string" || !source.src) { throw new Error("no src in the answer"); }
      return source;
    });
  }
}
