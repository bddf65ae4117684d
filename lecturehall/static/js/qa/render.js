// Drawing questions. Everything people wrote is set as text (textContent), never as HTML, so a question holding
// markup or a link shows it as typed; language and country names come from the browser in the page's language.

const pageLanguage = document.documentElement.lang || undefined;

function displayNames(type) {
  try { return new Intl.DisplayNames([pageLanguage || "en"], { type }); } catch (error) { return null; }
}
const languageNames = displayNames("language");
const regionNames = displayNames("region");

export function languageName(code) {
  try { return (languageNames && languageNames.of(code)) || code; } catch (error) { return code; }
}

export function countryName(code) {
  try { return (regionNames && regionNames.of(code)) || code; } catch (error) { return code; }
}

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = text; }
  return node;
}

export function badge(text, extra) {
  return element("span", `badge${extra ? ` ${extra}` : ""}`, text);
}

// The body of one question: its text in its own language and direction, who asked, votes and badges, the answer.
export function questionBody(item, labels, { showAuthor = true } = {}) {
  const fragment = document.createDocumentFragment();
  const text = element("p", "qa-text", item.text);
  text.lang = item.language;
  text.dir = "auto";
  fragment.appendChild(text);
  const meta = element("p", "qa-meta");
  if (showAuthor) {
    const who = element("span", "qa-author", item.author || labels.anonymous);
    who.dir = "auto";
    meta.appendChild(who);
    if (item.country) { meta.appendChild(document.createTextNode(`, ${countryName(item.country)}`)); }
    meta.appendChild(document.createTextNode(" · "));
  }
  meta.appendChild(element("span", "qa-votes", fill(labels.votes, { n: item.votes.toLocaleString(pageLanguage) })));
  if (item.pinned) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(badge(labels.pinned, "qa-pinned")); }
  if (item.answered === "live") {
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(badge(labels.answeredLive, "qa-answered"));
  }
  if (item.other_language) {
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(badge(fill(labels.askedIn, { language: languageName(item.language) }), "qa-other-language"));
  }
  fragment.appendChild(meta);
  if (item.answered === "written" && item.answer) {
    const answer = element("div", "qa-answer");
    answer.appendChild(element("strong", null, labels.writtenAnswer));
    const body = element("p", null, item.answer);
    body.dir = "auto";
    answer.appendChild(body);
    fragment.appendChild(answer);
  }
  return fragment;
}

// Pinned first, then the most voted, then the oldest.
export function byPinVotesAge(a, b) {
  return (b.pinned - a.pinned) || (b.votes - a.votes) || (a.id - b.id);
}

// Redrawing a list must not take the keyboard focus away: the focused button is found again by its question and kind.
export function focusedButton(list) {
  const active = document.activeElement;
  if (!active || !list.contains(active) || active.tagName !== "BUTTON") { return null; }
  const row = active.closest("li[data-question-id]");
  return row ? { id: row.dataset.questionId, kind: [...active.classList].find((name) => name.startsWith("qa-")) } : null;
}

export function restoreFocus(list, focus) {
  if (!focus) { return; }
  const row = list.querySelector(`li[data-question-id="${focus.id}"]`);
  const target = row && (row.querySelector(`button.${focus.kind}`) || row.querySelector("button"));
  if (target) { target.focus(); }
}
