// Moves the keyboard focus to a form's error summary when the page shows one (RGAA 11.10),
// so that a screen reader reads it first; the page works the same without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".perfml-erreurs");
  if (summary) {
    summary.focus();
  }
});
