// Attempt page: debounced autosave with a per-answer sequence number, a localStorage buffer that survives
// going offline (replayed on reconnect and before submit), flags, ordering buttons, the countdown and the
// navigator drawer. Each question saves on its own: one that will not save is named and never blocks the rest.
//
// Sequence numbers count up from the one the server holds for the question (the page carries it), never from
// the device clock: a device whose clock runs ahead would otherwise win over a later change from another one.
// A save the server refuses as stale for a different answer is a conflict: the stored answer is shown instead.
(function () {
  "use strict";
  var summary = document.querySelector("[data-attempt-summary]");
  if (summary) {
    // The summary page: once the attempt is submitted, nothing buffered on this device is worth replaying.
    var finish = document.getElementById("finish-attempt");
    if (finish) {
      finish.addEventListener("submit", function () {
        try { window.localStorage.removeItem("rampway-attempt-" + summary.getAttribute("data-attempt-summary")); } catch (e) { /* blocked */ }
      });
    }
    return;
  }
  var root = document.querySelector("[data-attempt]");
  if (!root) { return; }
  var saveUrl = root.getAttribute("data-save-url");
  var storeKey = "rampway-attempt-" + root.getAttribute("data-attempt");
  var statusEl = document.getElementById("save-status");
  var form = document.getElementById("attempt-form");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timers = {};
  var lastSeq = {};
  var problems = {};  // position → why its latest answer is not on the server (a refusal, an error)
  var conflicts = {};  // position → true when another device's answer replaced ours
  var inflight = null;
  var closed = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  var pending = load();
  function persist() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* storage full or blocked */ }
  }
  function setStatus(kind, positions) {
    var text = statusEl.getAttribute("data-" + kind);
    if (positions && positions.length) { text += " " + positions.join(", "); }
    statusEl.textContent = text;
    statusEl.className = "exams-save-status exams-" + kind;
  }
  function section(pos) { return document.getElementById("q-" + pos); }
  function questionStatus(pos, message, kind) {
    var box = document.getElementById("q-" + pos + "-status");
    if (!box) { return; }
    box.textContent = message || "";
    box.className = "exams-question-status" + (kind ? " exams-" + kind : "");
    box.hidden = !message;
  }

  function valueOf(sec) {
    var type = sec.getAttribute("data-qtype");
    var name = "q-" + sec.getAttribute("data-position");
    if (type === "multichoice") {
      var boxes = sec.querySelectorAll("input[name='" + name + "']");
      var chosen = [];
      boxes.forEach(function (b) { if (b.checked) { chosen.push(parseInt(b.value, 10)); } });
      if (boxes.length && boxes[0].type === "radio") { return chosen.length ? chosen[0] : null; }
      return chosen;
    }
    if (type === "truefalse") {
      var picked = sec.querySelector("input[name='" + name + "']:checked");
      return picked ? picked.value : null;
    }
    if (type === "matching" || type === "multianswer") {
      var matched = {};
      sec.querySelectorAll("[data-sub]").forEach(function (s) { if (s.value) { matched[s.getAttribute("data-sub")] = s.value; } });
      return matched;
    }
    if (type === "ordering") {
      return Array.prototype.map.call(sec.querySelectorAll(".exams-ordering li"), function (li) { return parseInt(li.getAttribute("data-index"), 10); });
    }
    var field = sec.querySelector("[name='" + name + "']");
    return field ? field.value : null;
  }

  function restore(sec, value) {
    var type = sec.getAttribute("data-qtype");
    var name = "q-" + sec.getAttribute("data-position");
    if (type === "multichoice" || type === "truefalse") {
      var wanted = Array.isArray(value) ? value.map(String) : [String(value)];
      sec.querySelectorAll("input[name='" + name + "']").forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
    } else if (type === "matching" || type === "multianswer") {
      sec.querySelectorAll("[data-sub]").forEach(function (s) { s.value = (value || {})[s.getAttribute("data-sub")] || ""; });
    } else if (type === "ordering" && Array.isArray(value)) {
      var list = sec.querySelector(".exams-ordering");
      value.forEach(function (i) { var li = list.querySelector("li[data-index='" + i + "']"); if (li) { list.appendChild(li); } });
    } else {
      var field = sec.querySelector("[name='" + name + "']");
      if (field) { field.value = value == null ? "" : value; }
    }
  }

  function storedSeq(pos) {
    var sec = section(pos);
    return sec ? parseInt(sec.getAttribute("data-seq"), 10) || 0 : 0;
  }
  function nextSeq(pos) {
    var seq = Math.max(storedSeq(pos), lastSeq[pos] || 0) + 1;
    lastSeq[pos] = seq;
    return seq;
  }
  function isAnswered(value) {
    return value !== null && value !== undefined && value !== "" && !(Array.isArray(value) && !value.length) &&
      !(typeof value === "object" && !Array.isArray(value) && !Object.keys(value).length);
  }

  function markNav(pos, answered) {
    var link = document.getElementById("nav-" + pos);
    if (link) { link.classList.toggle("exams-answered", answered); }
  }

  function queue(pos) {
    var value = valueOf(section(pos));
    pending[pos] = { value: value, seq: nextSeq(pos) };
    persist();
    markNav(pos, isAnswered(value));
    flush();
  }

  function post(body) {
    return fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    });
  }

  function keys(map) { return Object.keys(map).filter(function (k) { return map[k]; }).sort(function (a, b) { return a - b; }); }

  function showOverall(offline) {
    if (closed) { return; }
    if (offline) { setStatus("offline"); return; }
    var failing = keys(problems);
    if (failing.length) { setStatus("failed", failing); return; }
    var changed = keys(conflicts);
    if (changed.length) { setStatus("conflict", changed); return; }
    setStatus(Object.keys(pending).length ? "saving" : "saved");
  }

  function accepted(pos, data, item) {
    delete problems[pos];
    var sec = section(pos);
    if (data.saved) {
      if (sec) { sec.setAttribute("data-seq", String(data.seq)); }
      delete conflicts[pos];
      questionStatus(pos, "");
    } else if (data.conflict) {
      // Another device saved a different answer with this or a later number: show what the server holds.
      if (sec) { sec.setAttribute("data-seq", String(data.seq)); restore(sec, data.value); markNav(pos, isAnswered(data.value)); }
      lastSeq[pos] = Math.max(lastSeq[pos] || 0, data.seq);
      conflicts[pos] = true;
      questionStatus(pos, statusEl.getAttribute("data-conflict-question"), "conflict");
    }
    // Drop the buffered answer unless it was changed again while this save was on its way.
    if (pending[pos] === item) { delete pending[pos]; persist(); }
  }

  function flush() {
    if (closed) { return Promise.resolve(); }
    if (inflight) {
      // A flush is running: wait for it, then send whatever was queued meanwhile.
      return inflight.then(function () { return Object.keys(pending).length ? flush() : undefined; });
    }
    var positions = Object.keys(pending);
    if (!positions.length) { showOverall(false); return Promise.resolve(); }
    setStatus("saving");
    var chain = Promise.resolve();
    var offline = false;
    var retry = {};
    positions.forEach(function (pos) {
      chain = chain.then(function () {
        if (offline || closed || !pending[pos]) { return; }
        var item = pending[pos];
        return post({ position: parseInt(pos, 10), value: item.value, seq: item.seq }).then(function (res) {
          if (res.status === 409) { closed = true; setStatus("closed"); window.location.reload(); return; }
          if (res.status === 422) {
            // Sequential exam: the server refuses answers to questions already left behind; drop them.
            return res.json().then(function (data) { delete pending[pos]; persist(); showNavError(data.error); });
          }
          if (res.status === 400) {
            // This answer can never be stored as it is: say why on the question and go on with the others.
            return res.json().catch(function () { return {}; }).then(function (data) {
              problems[pos] = true;
              questionStatus(pos, (statusEl.getAttribute("data-failed-question") + " " + (data.error || "")).trim(), "failed");
              if (pending[pos] === item) { delete pending[pos]; persist(); }
            });
          }
          if (!res.ok) {
            // A server error on this question: keep it buffered for a later retry, carry on with the rest.
            problems[pos] = true;
            retry[pos] = true;
            questionStatus(pos, statusEl.getAttribute("data-retry-question"), "failed");
            return;
          }
          return res.json().then(function (data) { accepted(pos, data, item); });
        }, function () { offline = true; });
      });
    });
    inflight = chain.then(function () {
      inflight = null;
      if (closed) { return; }
      var again = Object.keys(pending).some(function (pos) { return !retry[pos]; });
      if (!offline && again) { return flush(); }
      showOverall(offline);
    });
    return inflight;
  }

  function unsaved() {
    var out = {};
    Object.keys(pending).concat(keys(problems)).forEach(function (pos) { out[pos] = true; });
    return keys(out);
  }

  form.addEventListener("input", function (event) {
    var sec = event.target.closest(".exams-question");
    if (!sec || event.target.classList.contains("flag-toggle")) { return; }
    var pos = sec.getAttribute("data-position");
    var delay = event.target.tagName === "TEXTAREA" || event.target.type === "text" ? 800 : 150;
    window.clearTimeout(timers[pos]);
    timers[pos] = window.setTimeout(function () { delete timers[pos]; queue(pos); }, delay);
  });
  form.addEventListener("change", function (event) {
    var sec = event.target.closest(".exams-question");
    if (!sec) { return; }
    var pos = sec.getAttribute("data-position");
    if (event.target.classList.contains("flag-toggle")) {
      var flagged = event.target.checked;
      document.getElementById("nav-" + pos).classList.toggle("exams-flagged", flagged);
      post({ position: parseInt(pos, 10), flagged: flagged }).catch(function () { /* a flag is a hint only */ });
      return;
    }
    window.clearTimeout(timers[pos]);
    delete timers[pos];
    queue(pos);
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button.exams-move");
    if (!button) { return; }
    var li = button.closest("li");
    var list = li.parentNode;
    if (button.getAttribute("data-move") === "-1" && li.previousElementSibling) {
      list.insertBefore(li, li.previousElementSibling);
    } else if (button.getAttribute("data-move") === "1" && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
    }
    button.focus();
    queue(li.closest(".exams-question").getAttribute("data-position"));
  });

  var finishForm = document.getElementById("finish-form");
  if (finishForm) {
    finishForm.addEventListener("submit", function (event) {
      event.preventDefault();
      // Answers still waiting for their debounce go out now; the summary then lists whatever did not make it.
      Object.keys(timers).forEach(function (pos) { window.clearTimeout(timers[pos]); delete timers[pos]; queue(pos); });
      var go = function () {
        var missing = unsaved();
        window.location.href = root.getAttribute("data-summary-url") + (missing.length ? "?unsaved=" + missing.join(",") : "");
      };
      flush().then(go, go);
    });
  }

  function showNavError(message) {
    var box = document.getElementById("nav-error");
    if (!box) { return; }
    box.textContent = message || "";
    box.hidden = !message;
  }

  var nextButton = document.getElementById("next-question");
  if (nextButton) {
    nextButton.addEventListener("click", function () {
      if (!window.confirm(nextButton.getAttribute("data-confirm"))) { return; }
      var pos = nextButton.getAttribute("data-position");
      nextButton.disabled = true;
      if (timers[pos]) { window.clearTimeout(timers[pos]); delete timers[pos]; queue(pos); }
      flush().then(function () {
        if (Object.keys(pending).length) { setStatus("offline"); nextButton.disabled = false; return; }
        return post({ position: parseInt(pos, 10), advance: true }).then(function (res) {
          if (res.ok || res.status === 409) { window.location.reload(); return; }
          nextButton.disabled = false;
        });
      }, function () { nextButton.disabled = false; setStatus("offline"); });
    });
  }

  // Practice mode: check one saved answer. The server answers only for an answered question of a practice
  // exam, and its feedback HTML is sanitized before it leaves the server.
  var checkUrl = root.getAttribute("data-check-url");
  if (checkUrl) {
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button.check-answer");
      if (!button) { return; }
      var sec = button.closest(".exams-question");
      var pos = sec.getAttribute("data-position");
      var box = sec.querySelector(".exams-check-result");
      if (timers[pos]) { window.clearTimeout(timers[pos]); delete timers[pos]; queue(pos); }
      button.disabled = true;
      flush().then(function () {
        return fetch(checkUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
          body: JSON.stringify({ position: parseInt(pos, 10) })
        }).then(function (res) { return res.json(); }).then(function (data) {
          box.hidden = false;
          box.className = "exams-check-result" + (data.outcome ? " exams-" + data.outcome : "");
          if (data.error) { box.textContent = data.error; return; }
          // Each part is present only when the exam's review options show it during the attempt.
          var html = data.label ? "<p><strong>" + data.label + "</strong> (" + data.percent + "%)</p>" : "";
          (data.feedback || []).forEach(function (fb) { html += "<div>" + fb + "</div>"; });
          if (data.general_feedback) { html += "<div class=\"meta\">" + data.general_feedback + "</div>"; }
          if (data.right && data.right.length) {
            html += "<div class=\"exams-right\"><strong>" + root.getAttribute("data-right-label") + "</strong> " + data.right.join("; ") + "</div>";
          }
          box.innerHTML = html;
        });
      }).catch(function () { setStatus("offline"); }).then(function () { button.disabled = false; });
    });
  }

  window.addEventListener("online", flush);
  window.setInterval(function () { if (Object.keys(pending).length) { flush(); } }, 5000);

  // Answers left on this device by an earlier visit (offline, closed tab) are shown and sent again.
  Object.keys(pending).forEach(function (pos) {
    var sec = section(pos);
    if (!sec) { delete pending[pos]; return; }
    if (parseInt(sec.getAttribute("data-seq"), 10) >= pending[pos].seq) { delete pending[pos]; return; }
    restore(sec, pending[pos].value);
    lastSeq[pos] = pending[pos].seq;
  });
  persist();
  flush();

  // The navigator is a drawer: a button in the pinned bar opens it, Escape or Close shuts it, a question link
  // shuts it and goes there. Without JavaScript it simply stays on the page.
  var toggle = document.getElementById("nav-toggle");
  var drawer = document.getElementById("navigator");
  var closer = document.getElementById("nav-close");
  if (toggle && drawer) {
    root.classList.add("exams-has-drawer");
    toggle.hidden = false;
    if (closer) { closer.hidden = false; }
    var setOpen = function (open, focusToggle) {
      drawer.classList.toggle("exams-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var first = drawer.querySelector("a");
        if (first) { first.focus(); }
      } else if (focusToggle) {
        toggle.focus();
      }
    };
    toggle.addEventListener("click", function () { setOpen(!drawer.classList.contains("exams-open"), true); });
    if (closer) { closer.addEventListener("click", function () { setOpen(false, true); }); }
    drawer.addEventListener("keydown", function (event) { if (event.key === "Escape") { setOpen(false, true); } });
    drawer.addEventListener("click", function (event) { if (event.target.closest("a")) { setOpen(false, false); } });
  }

  var left = parseInt(root.getAttribute("data-seconds-left"), 10);
  var timerEl = document.getElementById("timer");
  if (timerEl && !isNaN(left)) {
    var end = Date.now() + left * 1000;
    var tick = function () {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
      timerEl.textContent = (h ? h + ":" : "") + (m < 10 && h ? "0" : "") + m + ":" + (sec < 10 ? "0" : "") + sec;
      timerEl.parentNode.classList.toggle("exams-low", s <= 60);
      if (s === 0) {
        window.clearInterval(handle);
        flush().then(function () { window.localStorage.removeItem(storeKey); form.submit(); });
      }
    };
    var handle = window.setInterval(tick, 1000);
    tick();
  }
})();
