// Names the admin's autocomplete boxes (select2) for screen readers: each gets the text of its
// field's label, or of its column's heading in a tabular inline. Runs again when a row is added.
"use strict";
(function () {
  function labelOf(select) {
    const label = document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      return label.textContent.replace(/[:：]\s*$/, "").trim();
    }
    const cell = select.closest("td");
    const table = select.closest("table");
    if (cell && table) {
      const index = Array.prototype.indexOf.call(cell.parentNode.children, cell);
      const heading = table.querySelectorAll("thead th")[index];
      if (heading) {
        return heading.textContent.trim();
      }
    }
    return "";
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const name = labelOf(select);
      if (!name) {
        return;
      }
      // The box itself, and the text inside it that select2 marks as a read-only textbox.
      select.parentNode
        .querySelectorAll('.select2-selection[role="combobox"], .select2-selection__rendered[role]')
        .forEach(function (element) {
          if (!element.hasAttribute("aria-label")) {
            element.setAttribute("aria-label", name);
          }
        });
    });
  }

  function soon() {
    window.setTimeout(nameAll, 0);
  }

  document.addEventListener("DOMContentLoaded", soon);
  document.addEventListener("formset:added", soon);
  new MutationObserver(nameAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
