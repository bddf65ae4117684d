// The live Q&A panel on the lecture page (modules/qa/templates/qa/_panel.html). Its settings and words come in
// <script type="application/json" class="qa-config"> (the CSP allows no inline script). The panel polls the
// lecture's public feed every few seconds with the last version it holds (a 304 costs nothing; after a lost
// connection the next poll brings what was missed), and its personal part (my votes, my questions not yet shown,
// the moderators' queue) when something may have changed for this viewer.

import { createApi } from "./api.js";
import { byPinVotesAge, element, fill, focusedButton, questionBody, restoreFocus } from "./render.js";
import { createModeration } from "./moderation.js";

function start(root) {
  const config = JSON.parse(root.querySelector(".qa-config").textContent);
  const labels = config.labels;
  const api = createApi(config);
  const state = { version: null, questions: new Map(), votes: new Set(), own: new Set(), mine: [], meDue: true };
  const list = root.querySelector("[data-qa-list]");
  const empty = root.querySelector("[data-qa-empty]");
  const connection = root.querySelector("[data-qa-connection]");
  const mineBox = root.querySelector("[data-qa-mine]");
  const mineList = root.querySelector("[data-qa-mine-list]");
  const moderation = config.moderator ? createModeration(root, config, api, () => refresh(true)) : null;
  let mayAsk = config.mayAsk;

  function voteButton(item) {
    const voted = state.votes.has(item.id);
    const button = element("button", "button secondary qa-vote");
    button.appendChild(element("span", null, "▲ ")).setAttribute("aria-hidden", "true");
    button.appendChild(document.createTextNode(voted ? labels.upvoted : labels.upvote));
    button.type = "button";
    button.setAttribute("aria-pressed", voted ? "true" : "false");
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await api.vote(item.id, !voted);
        if (voted) { state.votes.delete(item.id); } else { state.votes.add(item.id); }
        await refresh(true);
      } catch (error) {
        showStatus(error.message);
        button.disabled = false;
      }
    });
    return button;
  }

  function drawList() {
    const items = [...state.questions.values()].sort(byPinVotesAge);
    const focus = focusedButton(list);
    list.textContent = "";
    items.forEach((item) => {
      const row = element("li", `qa-item${item.pinned ? " qa-item--pinned" : ""}`);
      row.dataset.questionId = item.id;
      row.appendChild(questionBody(item, labels));
      if (mayAsk && !state.own.has(item.id)) { row.appendChild(voteButton(item)); }
      list.appendChild(row);
    });
    empty.hidden = items.length > 0;
    restoreFocus(list, focus);
  }

  function drawMine() {
    mineList.textContent = "";
    state.mine.forEach((item) => {
      const row = element("li", "qa-item");
      row.dataset.questionId = item.id;
      row.appendChild(questionBody(item, labels, { showAuthor: false }));
      row.appendChild(element("p", "qa-state", item.state === "pending" ? labels.pending : labels.hidden));
      mineList.appendChild(row);
    });
    mineBox.hidden = state.mine.length === 0;
  }

  function applyFeed(feed) {
    if (state.version !== null && feed.version < state.version) { return; } // an older poll that arrived late
    if (feed.full) { state.questions.clear(); }
    feed.questions.forEach((item) => {
      if (item.removed) { state.questions.delete(item.id); } else { state.questions.set(item.id, item); }
    });
    state.version = feed.version;
    root.dataset.version = String(feed.version);
    // My own questions waiting for a moderator disappear from "mine" as soon as the feed shows them.
    if (state.mine.some((item) => state.questions.has(item.id))) { state.meDue = true; }
    drawList();
  }

  function applyMe(me) {
    state.votes = new Set(me.votes);
    state.own = new Set(me.own);
    state.mine = me.mine;
    mayAsk = me.may_ask;
    drawMine();
    drawList();
    if (moderation && me.queue) { moderation.draw(me.queue); }
  }

  let polls = 0;
  let busy = false;
  async function refresh(force) {
    if (busy && !force) { return; }
    busy = true;
    try {
      const feed = await api.feed(state.version);
      const changed = feed !== null;
      if (changed) { applyFeed(feed); }
      polls += 1;
      // The personal part: always for moderators (their queue), otherwise when the lecture changed and this viewer
      // has questions waiting, after their own actions, and every tenth poll.
      if (force || config.moderator || state.meDue || (changed && state.mine.length) || polls % 10 === 0) {
        const me = await api.me();
        state.meDue = false;
        if (me) { applyMe(me); }
      }
      connection.textContent = "";
      root.dataset.connected = "true";
    } catch (error) {
      connection.textContent = labels.offline;
      root.dataset.connected = "false";
    } finally {
      busy = false;
    }
  }

  const status = root.querySelector("[data-qa-status]");
  function showStatus(message) { if (status) { status.textContent = message; } }

  const form = root.querySelector(".qa-ask");
  if (form) {
    const text = form.querySelector("textarea");
    const count = form.querySelector("[data-qa-count]");
    const anonymous = form.querySelector("input[name=anonymous]");
    const updateCount = () => {
      count.textContent = fill(labels.charsLeft, { n: (config.maxChars - [...text.value].length).toLocaleString(
        document.documentElement.lang || undefined) });
    };
    text.addEventListener("input", updateCount);
    updateCount();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const result = await api.ask(text.value, anonymous.checked);
        text.value = "";
        anonymous.checked = false;
        updateCount();
        showStatus(result.state === "approved" ? labels.published : labels.sent);
        await refresh(true);
      } catch (error) {
        showStatus(error.message);
      } finally {
        button.disabled = false;
      }
    });
  }

  const every = Math.max(1, Number(config.pollSeconds) || 2) * 1000;
  const tick = async () => {
    if (!document.hidden || config.moderator) { await refresh(false); }
    setTimeout(tick, every);
  };
  // Back from a hidden tab or a lost connection: catch up at once.
  document.addEventListener("visibilitychange", () => { if (!document.hidden) { refresh(false); } });
  window.addEventListener("online", () => refresh(false));
  refresh(true).then(() => setTimeout(tick, every));
}

document.querySelectorAll("[data-qa]").forEach(start);
