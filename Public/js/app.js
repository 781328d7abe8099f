// Progressive enhancement only: every page works without this file.
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print], [data-back]");
  if (!target) return;
  if (target.hasAttribute("data-print")) { window.print(); }
  if (target.hasAttribute("data-back") && window.history.length > 1) { event.preventDefault(); window.history.back(); }
});
// Roster upload: send the file as the request body (streamed to disk by the server, no size limit of forms), then
// open the job's page. Without JavaScript the form posts as multipart instead.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  const target = form.getAttribute("data-upload");
  if (!target || event.defaultPrevented) return;
  const file = form.querySelector("input[type=file]").files[0];
  if (!file || !window.fetch) return;
  event.preventDefault();
  const status = form.querySelector(".upload-status");
  const button = form.querySelector("button");
  button.disabled = true;
  status.textContent = "正在上传 " + file.name + "……";
  const params = new URLSearchParams({ name: file.name, organizationID: form.organizationID.value });
  try {
    const response = await fetch(target + "?" + params, {
      method: "POST", body: file, credentials: "same-origin",
      headers: { "X-CSRF-Token": form._csrf.value, "Content-Type": "application/octet-stream", "Accept": "application/json" },
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : "上传失败");
    window.location.href = "/imports/" + body.id;
  } catch (error) {
    status.textContent = error.message;
    button.disabled = false;
  }
});
// The to-do count in the navigation, kept current without reloading the page.
(function () {
  const badges = [...document.querySelectorAll("[data-todo-count]")];
  if (badges.length === 0 || !window.fetch) return;
  async function refresh() {
    try {
      const response = await fetch("/api/v1/todos/count", { credentials: "same-origin", headers: { "Accept": "application/json" } });
      if (!response.ok) return;
      const count = await response.json();
      for (const badge of badges) {
        badge.textContent = count.overdue > 0 ? count.overdue + "/" + count.total : String(count.total);
        badge.title = "待办 " + count.total + " 项，逾期 " + count.overdue + " 项";
        badge.hidden = count.total === 0;
      }
    } catch (error) { /* offline: keep the last count */ }
  }
  refresh();
  setInterval(refresh, 60000);
})();
// The unread message count beside 消息, the same way.
(function () {
  const badges = [...document.querySelectorAll("[data-message-count]")];
  if (badges.length === 0 || !window.fetch) return;
  async function refresh() {
    try {
      const response = await fetch("/api/v1/messages/count", { credentials: "same-origin", headers: { "Accept": "application/json" } });
      if (!response.ok) return;
      const count = await response.json();
      for (const badge of badges) {
        badge.textContent = String(count.unread);
        badge.title = "未读消息 " + count.unread + " 条";
        badge.hidden = count.unread === 0;
      }
    } catch (error) { /* offline: keep the last count */ }
  }
  refresh();
  setInterval(refresh, 60000);
})();
// Live sign-in screen and board: server-sent events carry the latest snapshot whenever it changes.
(function () {
  if (!window.EventSource) return;
  function tags(names) {
    return names.map((name) => { const tag = document.createElement("span"); tag.className = "tag muted-tag"; tag.textContent = name; return tag; });
  }
  const screen = document.querySelector("[data-live]");
  if (screen) {
    const source = new EventSource(screen.getAttribute("data-live"));
    source.onmessage = (event) => {
      const snapshot = JSON.parse(event.data);
      const set = (field, value) => { const node = screen.querySelector(`[data-field=${field}]`); if (node && value !== null && value !== undefined) node.textContent = value; };
      const codeNode = screen.querySelector("[data-field=code]");
      const qr = screen.querySelector("img[data-qr]");
      if (qr && snapshot.code && codeNode && codeNode.textContent !== snapshot.code) qr.src = `${qr.getAttribute("data-qr")}?code=${snapshot.code}`;
      set("code", snapshot.code);
      set("secondsLeft", snapshot.secondsLeft);
      set("present", snapshot.present);
      set("expected", snapshot.expected);
      const names = screen.querySelector("[data-field=signedIn]");
      if (names) names.replaceChildren(...tags(snapshot.signedIn));
      const guidance = screen.querySelector("[data-field=guidance]");
      if (guidance) guidance.replaceChildren(...snapshot.guidance.map((g) => {
        const item = document.createElement("li"); item.className = "notice"; item.textContent = `上级指导：${g.text}（${g.authorName}）`; return item;
      }));
    };
    // The code changes every two minutes; count the seconds down between events.
    setInterval(() => {
      const node = screen.querySelector("[data-field=secondsLeft]");
      if (node && Number(node.textContent) > 0) node.textContent = Number(node.textContent) - 1;
    }, 1000);
  }
  // Projector mode: the code and the QR code fill the browser's full screen (without script, ?projector=1 does it
  // in the window); Esc or 退出投影 leaves it.
  const enter = document.querySelector("[data-projector]");
  if (enter && screen && document.fullscreenEnabled) {
    enter.addEventListener("click", (event) => {
      event.preventDefault();
      screen.classList.add("projector");
      document.documentElement.requestFullscreen().catch(() => { window.location.href = enter.href; });
    });
    document.addEventListener("fullscreenchange", () => { if (!document.fullscreenElement) screen.classList.remove("projector"); });
  }
  const board = document.querySelector("[data-board]");
  if (board) {
    const source = new EventSource(board.getAttribute("data-board"));
    source.onmessage = (event) => {
      const items = JSON.parse(event.data);
      board.replaceChildren(...(items.length === 0 ? [Object.assign(document.createElement("p"), { className: "card muted", textContent: "目前没有正在进行的活动。" })] : items.map((item) => {
        const section = document.createElement("section");
        section.className = "card board-item";
        section.dataset.id = item.id;
        const title = document.createElement("h2");
        const link = Object.assign(document.createElement("a"), { href: `/activities/${item.id}`, textContent: `${item.kindLabel}：${item.topic}` });
        title.append(link);
        const where = Object.assign(document.createElement("p"), { className: "muted", textContent: `${item.organizationName} · ${item.place}${item.startTime ? " · " + item.startTime : ""}` });
        const figures = document.createElement("p");
        figures.className = "figure-line";
        figures.append("已签到 ", Object.assign(document.createElement("strong"), { textContent: item.present }), " / 应到 ",
                       Object.assign(document.createElement("strong"), { textContent: item.expected }));
        const names = document.createElement("p");
        names.className = "signed-names";
        names.append(...tags(item.signedIn));
        const action = document.createElement("p");
        action.append(Object.assign(document.createElement("a"), { className: "button", href: `/activities/${item.id}`, textContent: "查看并发送指导意见" }));
        section.append(title, where, figures, names, action);
        return section;
      })));
    };
  }
})();
// Forms marked data-unsaved warn before the page is left with changes not yet saved (another form's button, a link,
// closing the tab); saving the form itself does not warn.
(function () {
  const forms = document.querySelectorAll("form[data-unsaved]");
  if (forms.length === 0) return;
  let dirty = null;
  let leavingBy = null;
  forms.forEach((form) => {
    form.addEventListener("input", () => { dirty = form; });
    form.addEventListener("change", () => { dirty = form; });
  });
  document.addEventListener("submit", (event) => { if (!event.defaultPrevented) leavingBy = event.target; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty && leavingBy !== dirty) { event.preventDefault(); event.returnValue = ""; }
    leavingBy = null;
  });
})();
// 大字模式: larger text on this browser, kept for a year in a cookie the server reads to draw every page large.
(function () {
  const button = document.querySelector("[data-large-text]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const large = !document.documentElement.classList.contains("large");
    document.documentElement.classList.toggle("large", large);
    button.setAttribute("aria-pressed", String(large));
    document.cookie = `dj_large=${large ? 1 : 0}; path=/; max-age=31536000; SameSite=Lax`;
  });
})();
// The dues sheet: tap a row to tick it, 全选未交, and a bar that keeps the count and the sum of what is ticked in view.
(function () {
  const table = document.querySelector("[data-tick-rows]");
  const bar = document.querySelector("[data-selection-bar]");
  if (!table || !bar) return;
  const boxes = [...table.querySelectorAll("input[type=checkbox][data-amount]")];
  const fen = (box) => Math.round(parseFloat(box.getAttribute("data-amount") || "0") * 100);
  function update() {
    const ticked = boxes.filter((box) => box.checked);
    const sum = ticked.reduce((total, box) => total + fen(box), 0);
    bar.querySelector("[data-selected-count]").textContent = ticked.length;
    bar.querySelector("[data-selected-sum]").textContent = (sum / 100).toFixed(2);
    const all = bar.querySelector("[data-select-all]");
    all.textContent = ticked.length === boxes.length && boxes.length > 0 ? "全部取消" : "全选未交";
  }
  bar.querySelector(".selection-sum").hidden = false;
  const all = bar.querySelector("[data-select-all]");
  all.hidden = boxes.length === 0;
  all.addEventListener("click", () => {
    const tick = !boxes.every((box) => box.checked);
    boxes.forEach((box) => { box.checked = tick; });
    update();
  });
  table.addEventListener("click", (event) => {
    if (event.target.closest("a, input, label, select, button")) return;
    const box = event.target.closest("tr") && event.target.closest("tr").querySelector("input[type=checkbox][data-amount]");
    if (box) { box.checked = !box.checked; update(); }
  });
  table.addEventListener("change", update);
  update();
})();
// The compliance grid opens at this month on a narrow screen, next to the organization column.
(function () {
  const scroller = document.querySelector("[data-current-month]");
  const now = scroller && scroller.querySelector("[data-month-now]");
  if (!now || scroller.scrollWidth <= scroller.clientWidth) return;
  const first = scroller.querySelector("thead th");
  scroller.scrollLeft = Math.max(0, now.offsetLeft - (first ? first.offsetWidth : 0));
})();
// The org chart: zoom out to see the whole tree in its box, or in to read it; 原大 draws it at its own size.
(function () {
  const bar = document.querySelector("[data-zoom]");
  const box = document.querySelector("[data-zoom-target]");
  const svg = box && box.querySelector("svg");
  if (!bar || !svg) return;
  const natural = Number(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
  let scale = 1;
  function draw() {
    scale = Math.min(Math.max(scale, 0.02), 4);
    svg.style.width = `${Math.round(natural * scale)}px`;
    svg.style.height = "auto";
  }
  bar.hidden = false;
  bar.querySelectorAll("[data-zoom-by]").forEach((button) => button.addEventListener("click", () => { scale *= Number(button.getAttribute("data-zoom-by")); draw(); }));
  bar.querySelector("[data-zoom-fit]").addEventListener("click", () => { scale = Math.min(1, (box.clientWidth - 2) / natural); draw(); });
  bar.querySelector("[data-zoom-reset]").addEventListener("click", () => { scale = 1; draw(); });
})();
// A lesson's player reports the stretches actually played (not the time the page was open): each stretch from where
// playback started to where it stopped, sent when it pauses, seeks, ends, every 20 seconds, and when the page is left.
// The server merges them; the same minute played twice counts once.
(function () {
  const box = document.querySelector(".player[data-lesson]");
  const media = box && box.querySelector("video, audio");
  if (!media || box.getAttribute("data-recorded") !== "1" || !window.fetch) return;
  const lesson = box.getAttribute("data-lesson");
  const bar = box.querySelector(".played-bar");
  const text = box.querySelector(".played-text");
  let start = null;
  let last = 0;
  async function send(ranges, leaving) {
    const body = JSON.stringify({ played: ranges });
    const headers = { "X-CSRF-Token": box.getAttribute("data-csrf"), "Content-Type": "application/json", "Accept": "application/json" };
    try {
      const response = await fetch("/api/v1/learning/lessons/" + lesson + "/progress", { method: "POST", body, headers, credentials: "same-origin", keepalive: leaving });
      if (!response.ok) return;
      const view = await response.json();
      if (bar) bar.value = view.playedPercent;
      if (text) text.textContent = view.completed ? "已播放 " + view.playedPercent + "%，本课时已完成，学时已计入" : "已播放 " + view.playedPercent + "%（满 " + view.requiredPercent + "% 算完成；重复播放同一段只算一次）";
    } catch (error) { /* offline: the stretch is sent again with the next one */ pending.push(...ranges); }
  }
  const pending = [];
  function flush(leaving) {
    if (start !== null && last > start) pending.push({ from: start, to: last });
    start = media.paused || media.ended ? null : media.currentTime;
    last = media.currentTime;
    if (pending.length === 0) return;
    send(pending.splice(0), leaving);
  }
  media.addEventListener("playing", () => { start = media.currentTime; last = start; });
  media.addEventListener("timeupdate", () => { if (!media.seeking && start !== null) last = media.currentTime; });
  // A seek ends the stretch played before it; the next one starts where playback resumes.
  media.addEventListener("seeking", () => { if (start !== null && last > start) pending.push({ from: start, to: last }); start = null; });
  media.addEventListener("seeked", () => { if (!media.paused) { start = media.currentTime; last = start; } });
  // At the end the browser pauses first, then ends: the stretch runs to the end either way.
  const stop = () => { if (media.ended && start !== null) last = media.duration || last; flush(false); };
  media.addEventListener("pause", stop);
  media.addEventListener("ended", stop);
  setInterval(() => { if (!media.paused) flush(false); }, 20000);
  window.addEventListener("pagehide", () => flush(true));
})();
// A lesson's video, audio or PDF: sent as the request body and written to disk as it arrives (no form size limit).
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.classList.contains("media-upload")) return;
  event.preventDefault();
  const file = form.querySelector("input[type=file]").files[0];
  const status = form.querySelector(".upload-status");
  if (!file) { status.textContent = "请选择文件"; return; }
  const button = form.querySelector("button");
  button.disabled = true;
  status.textContent = "正在上传 " + file.name + "……";
  const params = new URLSearchParams({ name: file.name });
  if (form.durationSeconds && form.durationSeconds.value) params.set("durationSeconds", form.durationSeconds.value);
  try {
    const response = await fetch(form.getAttribute("data-target") + "?" + params, {
      method: "POST", body: file, credentials: "same-origin",
      headers: { "X-CSRF-Token": form._csrf.value, "Content-Type": "application/octet-stream", "Accept": "application/json" },
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : "上传失败");
    window.location.reload();
  } catch (error) {
    status.textContent = error.message;
    button.disabled = false;
  }
});
// A paper's answers are kept on this device as they are chosen, so that a dropped connection or a reload loses
// nothing; they are cleared once the paper is handed in. A contest's time left counts down (the server decides).
(function () {
  const form = document.querySelector("form[data-keep-answers]");
  const key = form && "dangjian-answers-" + form.getAttribute("data-keep-answers");
  if (form && window.localStorage) {
    try {
      const saved = JSON.parse(localStorage.getItem(key) || "{}");
      for (const [name, value] of Object.entries(saved)) {
        for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
          if (field.type === "radio" || field.type === "checkbox") field.checked = value === true || field.value === value;
          else if (!field.value) field.value = value;
        }
      }
    } catch (error) { /* a damaged entry is ignored */ }
    form.addEventListener("change", () => {
      const state = {};
      for (const field of form.querySelectorAll("input[name^=q]")) {
        if (field.type === "checkbox") { if (field.checked) state[field.name] = true; }
        else if (field.type === "radio") { if (field.checked) state[field.name] = field.value; }
        else if (field.value) state[field.name] = field.value;
      }
      try { localStorage.setItem(key, JSON.stringify(state)); } catch (error) { /* storage full: the form still holds them */ }
    });
  }
  const done = document.querySelector("[data-clear-answers]");
  if (done && window.localStorage) localStorage.removeItem("dangjian-answers-" + done.getAttribute("data-clear-answers"));
  const deadline = document.querySelector("[data-deadline]");
  if (deadline) {
    const end = Number(deadline.getAttribute("data-deadline")) * 1000;
    const text = deadline.textContent;
    const tick = () => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      deadline.textContent = text + " 剩余 " + Math.floor(left / 60) + " 分 " + String(left % 60).padStart(2, "0") + " 秒";
    };
    tick();
    setInterval(tick, 1000);
  }
})();
// 电视模式: the remote's arrow keys move between the page's choices in reading order (up and left back, down and
// right on), Enter opens; on a playing video or audio, left and right seek ten seconds. When a lesson ends the next
// one starts by itself.
(function () {
  if (!document.documentElement.classList.contains("tv")) return;
  const items = () => [...document.querySelectorAll("[data-tv], .tv-media")];
  const first = document.querySelector("[autofocus]") || document.querySelector(".tv-media") || items()[0];
  if (first) first.focus();
  document.addEventListener("keydown", (event) => {
    const list = items();
    if (list.length === 0) return;
    const current = list.indexOf(document.activeElement);
    const media = document.activeElement && document.activeElement.matches(".tv-media") ? document.activeElement : null;
    if (media && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
      media.currentTime = Math.max(0, media.currentTime + (event.key === "ArrowRight" ? 10 : -10));
      event.preventDefault();
      return;
    }
    if (media && event.key === "Enter") { media.paused ? media.play() : media.pause(); event.preventDefault(); return; }
    let next = null;
    if (event.key === "ArrowDown" || event.key === "ArrowRight") next = list[Math.min(list.length - 1, current + 1)];
    if (event.key === "ArrowUp" || event.key === "ArrowLeft") next = list[Math.max(0, current - 1)];
    if (next) {
      next.focus();
      next.scrollIntoView({ block: "center" });
      event.preventDefault();
    }
  });
  const media = document.querySelector(".tv-media[data-tv-next]");
  if (media && media.getAttribute("data-tv-next")) {
    media.addEventListener("ended", () => { window.location.href = media.getAttribute("data-tv-next"); });
  }
})();
