// A <select data-autosubmit> submits its form on change (language switch, filters): a listener in a static
// file, because the Content-Security-Policy refuses inline event handlers.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});
