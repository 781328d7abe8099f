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
  const badge = document.querySelector("[data-todo-count]");
  if (!badge || !window.fetch) return;
  async function refresh() {
    try {
      const response = await fetch("/api/v1/todos/count", { credentials: "same-origin", headers: { "Accept": "application/json" } });
      if (!response.ok) return;
      const count = await response.json();
      badge.textContent = count.overdue > 0 ? count.overdue + "/" + count.total : String(count.total);
      badge.title = "待办 " + count.total + " 项，逾期 " + count.overdue + " 项";
      badge.hidden = count.total === 0;
    } catch (error) { /* offline: keep the last count */ }
  }
  refresh();
  setInterval(refresh, 60000);
})();
