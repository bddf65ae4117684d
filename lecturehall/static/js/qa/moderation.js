// The moderators' queue inside the Q&A panel: every question (newest first, or by votes), filtered by state, with
// who asked (also for anonymous questions) and questions in another language than the lecture's highlighted;
// approve, hide, pin, merge into another question, mark answered live or in writing, ban the asker.
// A question whose written answer or merge is being prepared is left alone when the queue is redrawn.

import { badge, element, fill, focusedButton, questionBody, restoreFocus } from "./render.js";

export function createModeration(root, config, api, refresh) {
  const labels = config.labels;
  const queue = root.querySelector("[data-qa-queue]");
  const filter = root.querySelector("#qa-filter");
  const sort = root.querySelector("#qa-sort");
  const status = root.querySelector("[data-qa-moderation-status]");
  let items = [];

  async function act(run) {
    status.textContent = "";
    try {
      await run();
      await refresh();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  function button(text, className, onClick) {
    const node = element("button", `button secondary ${className}`, text);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function answerEditor(item, row) {
    const editor = element("div", "qa-editor");
    const id = `qa-answer-${item.id}`;
    const label = element("label", null, labels.writtenAnswer);
    label.htmlFor = id;
    const area = element("textarea");
    area.id = id;
    area.rows = 3;
    area.maxLength = config.maxAnswerChars;
    area.dir = "auto";
    area.value = item.answer || "";
    editor.append(label, area, button(labels.saveAnswer, "qa-save-answer", () => act(async () => {
      await api.moderate(item.id, "answer_written", { text: area.value });
      delete row.dataset.editing;
    })));
    return editor;
  }

  // Built when asked for (a select of every other question on every row would grow with the square of the queue).
  function mergeControls(item, row) {
    const box = element("div", "qa-merge");
    const id = `qa-merge-${item.id}`;
    const label = element("label", null, labels.mergeInto);
    label.htmlFor = id;
    const select = element("select");
    select.id = id;
    select.appendChild(element("option", null, labels.chooseQuestion)).value = "";
    items.filter((other) => other.id !== item.id).forEach((other) => {
      const option = element("option", null, `#${other.id} ${[...other.text].slice(0, 60).join("")}`);
      option.value = String(other.id);
      select.appendChild(option);
    });
    box.append(label, select, button(labels.merge, "qa-do-merge", () => act(async () => {
      if (!select.value) { return; }
      await api.moderate(item.id, "merge", { into: Number(select.value) });
      delete row.dataset.editing;
    })));
    return box;
  }

  function row(item) {
    const node = element("li", `qa-item qa-item--${item.state}${item.other_language ? " qa-item--other-language" : ""}`);
    node.dataset.questionId = item.id;
    node.appendChild(questionBody(item, labels, { showAuthor: false }));
    const who = element("p", "qa-meta qa-asker");
    const name = element("span", null, fill(labels.askedBy, { name: item.author || "?" }));
    name.dir = "auto";
    who.appendChild(name);
    if (item.anonymous) { who.append(" ", badge(labels.anonymousToOthers)); }
    if (item.author_banned) { who.append(" ", badge(labels.banned, "qa-banned")); }
    who.append(" ", badge(labels[item.state], `qa-state-${item.state}`));
    node.appendChild(who);
    const actions = element("div", "qa-actions");
    if (item.state !== "approved") { actions.appendChild(button(labels.approve, "qa-approve", () => act(() => api.moderate(item.id, "approve")))); }
    if (item.state !== "hidden") { actions.appendChild(button(labels.hide, "qa-hide", () => act(() => api.moderate(item.id, "hide")))); }
    actions.appendChild(item.pinned
      ? button(labels.unpin, "qa-unpin", () => act(() => api.moderate(item.id, "unpin")))
      : button(labels.pin, "qa-pin", () => act(() => api.moderate(item.id, "pin"))));
    if (item.answered) {
      actions.appendChild(button(labels.unanswer, "qa-unanswer", () => act(() => api.moderate(item.id, "unanswer"))));
    } else {
      actions.appendChild(button(labels.answerLive, "qa-answer-live", () => act(() => api.moderate(item.id, "answer_live"))));
    }
    actions.appendChild(button(labels.answerWritten, "qa-answer-written", () => {
      if (node.querySelector(".qa-editor")) { return; }
      node.dataset.editing = "answer";
      node.appendChild(answerEditor(item, node));
      node.querySelector(".qa-editor textarea").focus();
    }));
    if (item.author_id) {
      actions.appendChild(item.author_banned
        ? button(labels.unban, "qa-unban", () => act(() => api.ban(item.author_id, false)))
        : button(labels.ban, "qa-ban", () => act(() => api.ban(item.author_id, true))));
    }
    actions.appendChild(button(`${labels.mergeInto}…`, "qa-merge-open", () => {
      if (node.querySelector(".qa-merge")) { return; }
      node.dataset.editing = "merge";
      node.appendChild(mergeControls(item, node));
      node.querySelector(".qa-merge select").focus();
    }));
    node.appendChild(actions);
    return node;
  }

  function draw(newItems) {
    if (newItems) { items = newItems; }
    const shown = items.filter((item) => filter.value === "all" || item.state === filter.value);
    if (sort.value === "votes") { shown.sort((a, b) => (b.votes - a.votes) || (b.id - a.id)); }
    const editing = new Map();
    queue.querySelectorAll("li[data-editing]").forEach((node) => { editing.set(Number(node.dataset.questionId), node); });
    const focus = focusedButton(queue);
    queue.textContent = "";
    shown.forEach((item) => { queue.appendChild(editing.get(item.id) || row(item)); });
    if (!shown.length) { queue.appendChild(element("li", "muted", labels.queueEmpty)); }
    restoreFocus(queue, focus);
  }

  filter.addEventListener("change", () => draw());
  sort.addEventListener("change", () => draw());
  return { draw };
}
