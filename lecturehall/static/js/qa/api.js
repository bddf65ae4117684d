// The Q&A's conversations with the server: conditional polls (ETag / ?since=version, 304 when nothing changed)
// and JSON writes carrying the CSRF token in the X-CSRFToken header.

export class QaError extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function createApi(config) {
  const etags = new Map();

  // GET with If-None-Match: resolves to null when the server (or a cache in front of it) answers 304.
  async function poll(url) {
    const headers = { Accept: "application/json" };
    if (etags.has(url)) { headers["If-None-Match"] = etags.get(url); }
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store", headers });
    if (response.status === 304) { return null; }
    if (!response.ok) { throw new QaError(config.labels.networkError, response.status, "poll"); }
    const etag = response.headers.get("ETag");
    if (etag) { etags.set(url, etag); }
    return response.json();
  }

  async function send(url, body) {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": config.csrf },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new QaError(config.labels.networkError, 0, "network");
    }
    let data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    if (!response.ok) {
      throw new QaError((data && data.error) || config.labels.networkError, response.status, data && data.code);
    }
    return data;
  }

  return {
    feed(version) {
      // Versions only go up: the URL with the last version we hold is the one every page in step asks for, so a
      // shared cache answers them all; a page that was offline asks with its older version and gets what it missed.
      const url = version === null ? config.feedUrl : `${config.feedUrl}?since=${version}`;
      return poll(url);
    },
    me() { return poll(config.meUrl); },
    ask(text, anonymous) { return send(config.askUrl, { text, anonymous }); },
    vote(id, up) { return send(config.voteUrl.replace("{id}", id), { up }); },
    moderate(id, action, extra) { return send(config.moderateUrl.replace("{id}", id), { action, ...(extra || {}) }); },
    ban(userId, banned) { return send(config.banUrl, { user_id: userId, banned }); },
  };
}
