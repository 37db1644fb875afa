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
})();
