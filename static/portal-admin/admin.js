/* Names for the admin's form controls that Django's own widgets leave unnamed (WCAG 2.2 AA:
   4.1.2 name, role, value; 1.3.1 info and relationships), on every admin page
   (templates/admin/base_site.html). Each fix is small and runs again whenever the page changes,
   since Django adds inline rows and select2 redraws its boxes:

   - a box in a tabular inline row is named by its column's heading and the row's number
     ("Title, row 2"): Django heads the columns but labels no box;
   - select2's autocomplete boxes (Django's vendored copy) are named by the field's label:
     the box itself, what a single box shows, and the search box of one that takes several
     records; its list of chosen records is marked as presentation, as it also holds a
     non-item (the clear button);
   - Django's help icons beside a filter list's search box carry an aria-label on a plain
     span: they become images, whose label is then read.
*/
(function () {
  "use strict";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").replace(/[:*]\s*$/, "").trim() : "";
  }

  function unnamed(control) {
    if (control.type === "hidden" || control.getAttribute("aria-label")) {
      return false;
    }
    if (control.id && document.querySelector('label[for="' + control.id + '"]')) {
      return false;
    }
    return !control.closest("label");
  }

  function nameTabularRows() {
    document.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
      var headings = {};
      table.querySelectorAll("thead th").forEach(function (heading) {
        heading.classList.forEach(function (name) {
          if (name.indexOf("column-") === 0) {
            headings[name.slice("column-".length)] = text(heading);
          }
        });
      });
      var deleteHeading = text(table.querySelector("thead th:last-child"));
      // Not the hidden row Django copies for "Add another": the copy is named once added.
      table.querySelectorAll("tbody tr.form-row:not(.empty-form)").forEach(function (row, index) {
        var number = ", row " + (index + 1);
        row.querySelectorAll("td").forEach(function (cell) {
          var heading = "";
          cell.classList.forEach(function (name) {
            if (name.indexOf("field-") === 0 && headings[name.slice("field-".length)]) {
              heading = headings[name.slice("field-".length)];
            }
          });
          if (!heading && cell.classList.contains("delete")) {
            heading = deleteHeading || "Delete";
          }
          if (!heading) {
            return;
          }
          cell.querySelectorAll("input, select, textarea").forEach(function (control) {
            if (unnamed(control)) {
              control.setAttribute("aria-label", heading + number);
            }
          });
        });
      });
    });
  }

  var hiddenNames = 0;

  function nameOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return text(label) || select.getAttribute("aria-label") || "";
  }

  function nameSelect2Boxes() {
    document.querySelectorAll(".select2-container").forEach(function (container) {
      var select = container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") {
        return;
      }
      var name = nameOf(select);
      if (!name) {
        return;
      }
      var combobox = container.querySelector('.select2-selection[role="combobox"]');
      if (combobox && !combobox.dataset.portalNamed) {
        var nameElement = document.createElement("span");
        hiddenNames += 1;
        nameElement.id = "select2-name-" + hiddenNames;
        nameElement.className = "visually-hidden";
        nameElement.textContent = name;
        container.appendChild(nameElement);
        var shown = combobox.getAttribute("aria-labelledby");
        combobox.setAttribute("aria-labelledby", shown ? nameElement.id + " " + shown : nameElement.id);
        combobox.dataset.portalNamed = "yes";
      }
      // What a single box shows (its choice, or nothing) is a read-only text box of its own.
      container.querySelectorAll('.select2-selection__rendered[role="textbox"]').forEach(function (shown) {
        if (!shown.getAttribute("title")) {
          shown.setAttribute("title", name);
        }
      });
      container.querySelectorAll(".select2-search__field").forEach(function (search) {
        search.setAttribute("aria-label", name);
      });
      container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
        list.setAttribute("role", "presentation");
        Array.prototype.forEach.call(list.children, function (child) {
          if (child.tagName === "LI") {
            child.setAttribute("role", "presentation");
          }
        });
      });
    });
  }

  function nameHelpIcons() {
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function nameEverything() {
    nameTabularRows();
    nameSelect2Boxes();
    nameHelpIcons();
  }

  var scheduled = false;

  function schedule() {
    if (scheduled) {
      return;
    }
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      nameEverything();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameEverything();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", nameEverything);
})();
