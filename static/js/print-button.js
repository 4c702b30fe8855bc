// A button that prints the page (the print stylesheet decides what is on paper). Shown only
// when this script runs: without it the browser's own print command does the same.
"use strict";
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
