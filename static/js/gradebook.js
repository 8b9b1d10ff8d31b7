// Gradebook keyboard: Tab moves along a row (the browser's own order); Enter moves down the column, as in a
// spreadsheet, instead of submitting the form half-typed.
(function () {
  "use strict";
  const table = document.querySelector(".gradebook");
  if (!table) return;
  table.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
    event.preventDefault();
    const cell = event.target.closest("td");
    const column = Array.from(cell.parentElement.children).indexOf(cell);
    let row = cell.parentElement;
    do { row = event.shiftKey ? row.previousElementSibling : row.nextElementSibling; }
    while (row && !row.children[column]?.querySelector("input:not([readonly])"));
    (row ? row.children[column].querySelector("input") : event.target).focus();
  });
})();
