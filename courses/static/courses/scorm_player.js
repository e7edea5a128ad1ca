// The SCORM 1.2 runtime (window.API) for the package in this lesson: values live here between commits;
// LMSCommit and LMSFinish send what changed to the lesson's runtime endpoint, which checks it again.
(function () {
  "use strict";
  var configNode = document.getElementById("scorm-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var frame = document.querySelector("[data-testid=scorm-frame]");
  var statusNode = document.querySelector("[data-testid=scorm-status]");
  var values = Object.assign({}, config.values);
  var changed = {};
  var state = "not initialized"; // → "running" → "finished"
  var lastError = "0";

  var STATUSES = ["passed", "completed", "failed", "incomplete", "browsed"];
  var DECIMAL = /^-?\d{1,10}(\.\d{1,7})?$/;
  function score(v) { return v === "" || (DECIMAL.test(v) && +v >= 0 && +v <= 100); }
  var WRITABLE = {
    "cmi.core.lesson_status": function (v) { return STATUSES.indexOf(v) >= 0; },
    "cmi.core.lesson_location": function (v) { return v.length <= 255; },
    "cmi.core.score.raw": score,
    "cmi.core.score.min": score,
    "cmi.core.score.max": score,
    "cmi.core.session_time": function (v) { return /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/.test(v); },
    "cmi.core.exit": function (v) { return ["time-out", "suspend", "logout", ""].indexOf(v) >= 0; },
    "cmi.suspend_data": function (v) { return v.length <= 4096; },
    "cmi.comments": function (v) { return v.length <= 4096; }
  };
  var WRITE_ONLY = ["cmi.core.session_time", "cmi.core.exit"];
  var CHILDREN = {
    "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score._children": "raw,min,max"
  };
  var ERRORS = {
    "0": "No error", "101": "General exception", "201": "Invalid argument error",
    "202": "Element cannot have children", "203": "Element not an array - cannot have count",
    "301": "Not initialized", "401": "Not implemented error", "402": "Invalid set value, element is a keyword",
    "403": "Element is read only", "404": "Element is write only", "405": "Incorrect data type"
  };

  function fail(code, result) { lastError = code; return result; }
  function running() { return state === "running"; }

  function show(text) { if (statusNode) statusNode.textContent = text; }

  // One request at a time, in order: a commit and the finish right after it must not race each other.
  var queue = Promise.resolve();
  function commit(keepalive) {
    queue = queue.then(function () { return send(keepalive); });
    return queue;
  }

  function send(keepalive) {
    if (!Object.keys(changed).length) return Promise.resolve();
    var sent = changed;
    changed = {};
    return fetch(config.runtime, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf },
      body: JSON.stringify({ values: sent })
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || response.status);
        show(data.completed ? config.labels.completed : config.labels.saved);
        var markComplete = document.querySelector(".lesson-footer form");
        if (data.completed && markComplete) markComplete.style.display = "none"; // the package completed the lesson
      });
    }).catch(function () {
      changed = Object.assign(sent, changed); // kept for the next commit
      show(config.labels.failed);
    });
  }

  window.API = {
    LMSInitialize: function (arg) {
      if (arg !== "" && arg !== undefined) return fail("201", "false");
      if (state !== "not initialized") return fail("101", "false");
      state = "running";
      return fail("0", "true");
    },
    LMSFinish: function (arg) {
      if (arg !== "" && arg !== undefined) return fail("201", "false");
      if (!running()) return fail("301", "false");
      commit(true);
      state = "finished";
      return fail("0", "true");
    },
    LMSGetValue: function (element) {
      if (!running()) return fail("301", "");
      element = String(element);
      if (CHILDREN[element]) return fail("0", CHILDREN[element]);
      if (/\._count$/.test(element)) return fail("203", "");
      if (WRITE_ONLY.indexOf(element) >= 0) return fail("404", "");
      if (!Object.prototype.hasOwnProperty.call(values, element)) return fail("401", "");
      return fail("0", String(values[element]));
    },
    LMSSetValue: function (element, value) {
      if (!running()) return fail("301", "false");
      element = String(element);
      value = String(value);
      if (CHILDREN[element] || /\._count$/.test(element)) return fail("402", "false");
      var rule = WRITABLE[element];
      if (!rule) return fail(Object.prototype.hasOwnProperty.call(values, element) ? "403" : "401", "false");
      if (!rule(value)) return fail("405", "false");
      values[element] = value;
      changed[element] = value;
      return fail("0", "true");
    },
    LMSCommit: function (arg) {
      if (arg !== "" && arg !== undefined) return fail("201", "false");
      if (!running()) return fail("301", "false");
      commit(false);
      return fail("0", "true");
    },
    LMSGetLastError: function () { return lastError; },
    LMSGetErrorString: function (code) { return ERRORS[String(code)] || ""; },
    LMSGetDiagnostic: function (code) { return ERRORS[String(code || lastError)] || ""; }
  };

  window.addEventListener("pagehide", function () {
    if (running() && Object.keys(changed).length) commit(true);
  });
  frame.src = frame.getAttribute("data-src");
})();
