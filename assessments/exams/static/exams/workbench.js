// The workbench's small behaviours: reorder ordering items in the question preview, and show each
// blueprint rule's pool size as its category or difficulty changes. Both pages work without it.
(function () {
  "use strict";
  document.querySelectorAll(".exams-ordering").forEach(function (list) {
    list.addEventListener("click", function (event) {
      var button = event.target.closest(".exams-move");
      if (!button) return;
      var item = button.closest("li");
      if (button.dataset.move === "-1" && item.previousElementSibling) {
        list.insertBefore(item, item.previousElementSibling);
      } else if (button.dataset.move === "1" && item.nextElementSibling) {
        list.insertBefore(item.nextElementSibling, item);
      }
      button.focus();
    });
  });

  var blueprint = document.querySelector("[data-pool-url]");
  if (!blueprint) return;
  var url = blueprint.dataset.poolUrl;
  blueprint.querySelectorAll(".exams-wb-rule").forEach(function (row) {
    var category = row.querySelector("select[name$='-category']");
    var difficulty = row.querySelector("select[name$='-difficulty']");
    var count = row.querySelector("input[name$='-count']");
    var cell = row.querySelector(".exams-wb-pool");
    function refresh() {
      if (!category.value) { cell.textContent = "—"; cell.classList.remove("exams-wb-short"); return; }
      var query = "?category=" + encodeURIComponent(category.value) + "&difficulty=" + encodeURIComponent(difficulty.value);
      fetch(url + query, { credentials: "same-origin" })
        .then(function (reply) { return reply.ok ? reply.json() : null; })
        .then(function (data) {
          if (!data || data.pool === null) { cell.textContent = "—"; return; }
          cell.textContent = data.pool + " " + blueprint.dataset.poolLabel;
          cell.classList.toggle("exams-wb-short", data.pool < (parseInt(count.value, 10) || 0));
        });
    }
    [category, difficulty, count].forEach(function (field) { field.addEventListener("change", refresh); });
  });
})();

// The editor shows the answer fields of the chosen type only (all of them stay in the form without script).
(function () {
  "use strict";
  var qtype = document.querySelector(".exams-wb-editor select[name='qtype']");
  if (!qtype) return;
  var only = {
    answers: ["multichoice", "shortanswer", "numerical", "matching", "ordering"],
    multiple: ["multichoice"],
    case_sensitive: ["shortanswer"],
    tf_correct: ["truefalse"],
    tf_feedback_true: ["truefalse"],
    tf_feedback_false: ["truefalse"]
  };
  function apply() {
    Object.keys(only).forEach(function (name) {
      var box = document.querySelector(".exams-wb-field-" + name);
      if (box) box.hidden = only[name].indexOf(qtype.value) === -1;
    });
  }
  qtype.addEventListener("change", apply);
  apply();
})();
