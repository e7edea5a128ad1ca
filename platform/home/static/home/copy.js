// A <button data-copy="#id"> copies that field's value (a link to share) and says so in its data-copied text:
// a listener in a static file, because the Content-Security-Policy refuses inline event handlers.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-copy]") : null;
  if (!button) return;
  const field = document.querySelector(button.getAttribute("data-copy"));
  if (!(field instanceof HTMLInputElement)) return;
  const done = () => {
    const status = button.getAttribute("data-copied");
    if (status) button.textContent = status;
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, () => {});
  } else {
    field.select();
    if (document.execCommand("copy")) done();
  }
});
