// Field-day form: keep every keystroke in localStorage, send when online, retry when the connection returns.
(function () {
  "use strict";
  var form = document.getElementById("fieldday-form");
  if (!form || !window.localStorage) { return; }
  var key = form.dataset.draftKey;
  var visits = document.getElementById("visits");
  var template = document.getElementById("visit-template");
  var addButton = document.getElementById("add-visit");
  var statusLine = document.getElementById("draft-status");
  var errorBox = document.getElementById("fieldday-errors");
  var text = JSON.parse(document.getElementById("fieldday-messages").textContent || "{}");
  var sending = false;

  function say(message) { statusLine.textContent = message || ""; }

  function addVisit() {
    var index = visits.querySelectorAll("fieldset.coaching-visit").length;
    var html = template.innerHTML.split("__N__").join(String(index)).split("__NUMBER__").join(String(index + 1));
    visits.insertAdjacentHTML("beforeend", html);
  }

  function read() {
    var stored = localStorage.getItem(key);
    if (!stored) { return null; }
    try { return JSON.parse(stored); } catch (e) { return null; }
  }

  // pending: true/false to set it; undefined keeps what is stored, so typing after an offline save still gets sent.
  function snapshot(pending) {
    if (pending === undefined) {
      var previous = read();
      pending = Boolean(previous && previous.pending);
    }
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") { pairs.push([name, String(value)]); }
    });
    var draft = {
      pairs: pairs,
      visits: visits.querySelectorAll("fieldset.coaching-visit").length,
      pending: Boolean(pending),
      savedAt: new Date().toISOString()
    };
    localStorage.setItem(key, JSON.stringify(draft));
    return draft;
  }

  function restore(draft) {
    while (visits.querySelectorAll("fieldset.coaching-visit").length < draft.visits) { addVisit(); }
    var byName = {};
    draft.pairs.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") { return; }
      var values = byName[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (values.length) {
        el.value = values[0];
      } else if (el.tagName !== "SELECT" && el.type !== "hidden" && el.type !== "date") {
        el.value = "";
      }
    });
  }

  function send() {
    if (sending) { return; }
    var draft = snapshot(true);
    if (!navigator.onLine) { say(text.offline); return; }
    sending = true;
    say(text.saving);
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    draft.pairs.forEach(function (pair) { body.append(pair[0], pair[1]); });
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      sending = false;
      if (result.data.ok) {
        localStorage.removeItem(key);
        window.location.assign(result.data.url);
        return;
      }
      snapshot(false);  // the server refused it: keep the draft, stop retrying, show why
      errorBox.hidden = false;
      errorBox.textContent = (result.data.errors || [text.failed]).join(" · ");
      say(text.failed);
      errorBox.scrollIntoView();
    }).catch(function () {
      sending = false;
      say(text.offline);  // still pending: the "online" event sends it again
    });
  }

  addButton.hidden = false;
  function keep() {
    var draft = snapshot();
    say(draft.pending ? text.offline : text.kept);
  }

  addButton.addEventListener("click", function () { addVisit(); keep(); });
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  form.addEventListener("submit", function (event) { event.preventDefault(); send(); });
  window.addEventListener("online", function () {
    var draft = read();
    if (draft && draft.pending) { send(); }
  });

  var existing = read();
  if (existing) {
    restore(existing);
    say(text.restored);
    if (existing.pending && navigator.onLine) { send(); }
  }
})();
