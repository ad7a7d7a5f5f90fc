// Copy buttons beside the VITAS-ready values. Progressive enhancement: the
// values are plain, selectable text; the buttons are hidden until this runs
// in a browser that can write to the clipboard.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var status = document.getElementById("copy-status");
  document.querySelectorAll("button.igu-copy[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent).then(function () {
        if (status) {
          status.textContent = status.getAttribute("data-copied-text") + ": " +
            (button.getAttribute("aria-describedby") ?
              document.getElementById(button.getAttribute("aria-describedby")).textContent : "");
        }
      });
    });
  });
})();
