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
