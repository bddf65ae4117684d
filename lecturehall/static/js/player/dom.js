// DOM helpers for the player: elements, icons, labelled settings, and text in the page's language.
// No inline style anywhere (the app's CSP forbids it); positions are set through the CSSOM by the callers.

const SVG_NS = "http://www.w3.org/2000/svg";
const ICONS = {
  play: "M8 5v14l11-7z",
  pause: "M6 5h4v14H6zM14 5h4v14h-4z",
  volume: "M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4z",
  muted: "M3 9v6h4l5 5V4L7 9H3zm13.6 3 2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4z",
  fullscreen: "M4 4h6v2H6v4H4zM14 4h6v6h-2V6h-4zM4 14h2v4h4v2H4zM18 14h2v6h-6v-2h4z",
  exit_fullscreen: "M8 4h2v6H4V8h4zM14 4h2v4h4v2h-6zM4 14h6v6H8v-4H4zM14 14h6v2h-4v4h-2z"
};

// attrs: attribute values (null, undefined and false leave the attribute out, true sets it empty);
// the key "text" sets the text content instead.
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  if (attrs) {
    Object.keys(attrs).forEach((name) => {
      const value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = value; } else { node.setAttribute(name, value === true ? "" : value); }
    });
  }
  (children || []).forEach((child) => { if (child) { node.appendChild(child); } });
  return node;
}

export function icon(name) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "lh-icon");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", ICONS[name]);
  svg.appendChild(path);
  return svg;
}

export function setIcon(button, name) {
  const old = button.querySelector("svg");
  const next = icon(name);
  if (old) { button.replaceChild(next, old); } else { button.insertBefore(next, button.firstChild); }
}

// A setting of the settings row: a real select named by its own <label for> (a wrapping label would add the
// selected option to the select's accessible name).
export function setting(playerId, name, text) {
  const select = el("select", { "class": "lh-select", id: playerId + "-" + name });
  const label = el("label", { "class": "lh-setting__label", "for": playerId + "-" + name, text: text });
  return { wrap: el("div", { "class": "lh-setting lh-setting--" + name }, [label, select]), select: select, label: label };
}

export function formatTime(seconds) {
  if (!isFinite(seconds) || seconds < 0) { seconds = 0; }
  seconds = Math.floor(seconds);
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  const ss = (s < 10 ? "0" : "") + s;
  return h > 0 ? h + ":" + (m < 10 ? "0" : "") + m + ":" + ss : m + ":" + ss;
}

export function later(fn) { Promise.resolve().then(fn); }

export function uiLanguage() { return document.documentElement.getAttribute("lang") || navigator.language || "en"; }

export function formatNumber(n) {
  try { return n.toLocaleString(uiLanguage()); } catch (e) { return String(n); }
}
