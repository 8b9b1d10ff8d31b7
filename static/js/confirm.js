// Forms that cannot be undone ask first: a form with data-confirm="question" is sent only when the person agrees.
// The question (translated, with its counts) is written by the server; pages may include this file more than once.
(function () {
  "use strict";
  if (window.microcredConfirm) return;
  window.microcredConfirm = true;
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
