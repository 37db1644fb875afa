// Riktning's own behaviour on top of htmx. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // After htmx swaps in a region that asks for it, move focus there so keyboard and screen-reader
  // users land on the new content rather than at the top of the page.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.hasAttribute("data-focus-on-swap")) {
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: false });
    }
  });

  // A field checked as the user types gets its error list swapped in (see includes/field.html);
  // keep the field's inputs described by it and marked invalid, as the server would render them.
  // Also when the errors arrive out of band, as an autosaved report row sends them.
  function markField(event) {
    var slot = event.detail.target;
    if (!slot || !slot.classList || !slot.classList.contains("field-errors")) return;
    var field = slot.closest(".field");
    var list = slot.querySelector(".errorlist");
    field.classList.toggle("field--invalid", Boolean(list));
    field.querySelectorAll("input, select, textarea").forEach(function (input) {
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && !/_error$/.test(id);
      });
      if (list) {
        ids.push(list.id);
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    });
  }
  document.addEventListener("htmx:afterSwap", markField);
  document.addEventListener("htmx:oobAfterSwap", markField);

  // A rollout cell saved from an old version answers 409 with the current value and the form
  // (processes.views.rollout_cell): swap it in like a success, so the person sees both.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A table wider than its box scrolls inside it (.table-wrap). Keyboard users must be able to
  // reach and scroll it too (WCAG 2.1.1), so such a box takes focus and is named by its table's
  // caption; a box that fits the screen stays out of the tab order.
  function reachableScrollBoxes() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption) box.setAttribute("aria-label", caption.textContent.trim());
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", reachableScrollBoxes);
  document.addEventListener("htmx:afterSettle", reachableScrollBoxes);
  window.addEventListener("resize", reachableScrollBoxes);

  // A file input with data-max-bytes (the application form's CV) says at once when the chosen
  // file is too large, and keeps the form from being sent with it: the server would refuse the
  // whole request unread (413), and what was typed could not come back.
  function fileTooLarge(input) {
    var max = Number(input.getAttribute("data-max-bytes"));
    return Array.prototype.some.call(input.files || [], function (file) { return file.size > max; });
  }
  function showFileSize(input) {
    var slot = document.getElementById("errors-" + input.name);
    if (!slot) return;
    var id = input.id + "_size_error";
    var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
      return x && x !== id;
    });
    var old = document.getElementById(id);
    if (old) old.remove();
    if (fileTooLarge(input)) {
      var list = document.createElement("ul");
      list.className = "errorlist";
      list.id = id;
      var item = document.createElement("li");
      item.textContent = input.getAttribute("data-too-large");
      list.appendChild(item);
      slot.appendChild(list);
      ids.push(id);
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
    input.closest(".field").classList.toggle("field--invalid", fileTooLarge(input));
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-bytes]")) {
      showFileSize(event.target);
    }
  });
  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
    var tooLarge = Array.prototype.filter.call(inputs, fileTooLarge);
    if (!tooLarge.length) return;
    event.preventDefault();
    tooLarge.forEach(showFileSize);
    tooLarge[0].focus();
  });

  // A refused htmx request (403, 404) changes nothing on the page: say so in the page's status
  // region, as plain text.
  document.addEventListener("htmx:responseError", function (event) {
    var region = document.getElementById("htmx-status");
    if (!region) return;
    var status = event.detail.xhr.status;
    var text = status === 403 || status === 404 ? event.detail.xhr.responseText : "";
    region.textContent = (text && text.length < 300 && text.indexOf("<") === -1)
      ? text
      : region.getAttribute("data-error") || String(status);
  });
})();
