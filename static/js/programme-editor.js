// The programme editor: learning outcomes and assessment components are added, removed and reordered in the
// page (Django formsets underneath), and the national rules are checked as the author types (the server checks
// them again and stays the authority). Messages come from data attributes that Django rendered in the author's
// language. The page knows when what is shown differs from what is saved: it says so, asks before the author
// leaves, and says that "Save and submit" saves first. After a refused save or submission, focus goes to the first
// error, and the links of the summary above the form move focus to the field they name.
(function () {
  "use strict";
  const form = document.getElementById("programme-editor");
  if (!form) return;

  const $ = (selector, root) => (root || form).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || form).querySelectorAll(selector));
  const list = (name) => $(`[data-formset="${name}"]`);
  const rows = (name) => $$(":scope > [data-row]", list(name)).filter((row) => !row.hidden);
  const total = (name) => $(`#id_${name}-TOTAL_FORMS`);
  const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);

  function renumber(name) {
    rows(name).forEach((row, index) => {
      const order = $(`input[name$="-ORDER"]`, row);
      if (order) order.value = index + 1;
      $(".row-number", row).textContent = `${index + 1}.`;
    });
  }

  function outcomeRows() {
    return rows("outcomes").map((row, index) => ({
      key: $('input[name$="-key"]', row).value,
      number: index + 1,
      text: ($('textarea[name$="-text_ka"]', row).value || $('textarea[name$="-text_en"]', row).value || "").slice(0, 120),
    }));
  }

  function rebuildChecks() {
    const outcomes = outcomeRows();
    $$(".outcome-checks").forEach((fieldset, fieldsetIndex) => {
      if (fieldset.closest("template")) return;
      const checked = new Set(
        $$("input[type=checkbox]", fieldset).length
          ? $$("input[type=checkbox]:checked", fieldset).map((box) => box.value)
          : (fieldset.dataset.checked || "").split(" ").filter(Boolean)
      );
      $$("input[type=checkbox], label", fieldset).forEach((node) => node.remove());
      outcomes.forEach((outcome) => {
        const id = `${fieldset.dataset.name}-${fieldsetIndex}-${outcome.key}`;
        const box = Object.assign(document.createElement("input"), {
          type: "checkbox", name: fieldset.dataset.name, value: outcome.key, id, checked: checked.has(outcome.key),
        });
        const label = Object.assign(document.createElement("label"), { htmlFor: id, textContent: String(outcome.number), title: outcome.text });
        fieldset.append(box, label);
      });
    });
  }

  function validate() {
    const components = rows("components");
    const sum = components.reduce((acc, row) => acc + (parseInt($('input[name$="-weight"]', row).value, 10) || 0), 0);
    const weights = $("#weights-message", document);
    weights.textContent = components.length ? format(sum === 100 ? form.dataset.msgWeightsOk : form.dataset.msgWeights, { total: sum }) : "";
    weights.className = `live-message ${sum === 100 ? "ok" : "problem"}`;

    const assessed = new Set($$(".outcome-checks input[type=checkbox]:checked").map((box) => box.value));
    const unassessed = outcomeRows().filter((outcome) => !assessed.has(outcome.key));
    const outcomesMessage = $("#outcomes-message", document);
    outcomesMessage.textContent = unassessed.map((o) => format(form.dataset.msgUnassessed, { number: o.number })).join(" ");
    outcomesMessage.className = `live-message ${unassessed.length ? "problem" : "ok"}`;

    const ects = parseFloat($("#id_ects_credits").value.replace(",", "."));
    const hours = parseFloat($("#id_workload_hours").value);
    const workload = $("#workload-message", document);
    workload.textContent = "";
    if (ects > 0 && hours > 0) {
      const expected = ects * parseInt(form.dataset.hoursPerEcts, 10);
      if (Math.abs(hours - expected) > (expected * parseInt(form.dataset.tolerance, 10)) / 100) {
        workload.textContent = format(form.dataset.msgWorkload, { ects, expected: Math.round(expected), hours });
        workload.className = "live-message problem";
      }
    }
  }

  function refresh() {
    renumber("outcomes");
    renumber("components");
    rebuildChecks();
    validate();
  }

  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    const remove = event.target.closest("[data-remove]");
    const move = event.target.closest("[data-move]");
    if (add) {
      const name = add.dataset.add;
      const index = parseInt(total(name).value, 10);
      const html = document.getElementById(`${name}-template`).innerHTML.replace(/__prefix__/g, index);
      list(name).insertAdjacentHTML("beforeend", html);
      total(name).value = index + 1;
      const row = rows(name).at(-1);
      const key = $('input[name$="-key"]', row);
      if (key) key.value = `n${Date.now().toString(36)}${index}`;
      refresh();
      $("textarea, input[type=text]", row).focus();
    } else if (remove) {
      const row = remove.closest("[data-row]");
      $('input[name$="-DELETE"]', row).value = "on";
      row.hidden = true;
      refresh();
    } else if (move) {
      const row = move.closest("[data-row]");
      const siblings = rows(row.parentElement.dataset.formset);
      const at = siblings.indexOf(row);
      const other = siblings[move.dataset.move === "up" ? at - 1 : at + 1];
      if (other) {
        if (move.dataset.move === "up") other.before(row); else other.after(row);
        refresh();
        move.focus();
      }
    }
  });
  // A live message is part of the field's description, and an out-of-bounds value marks the field invalid, as
  // the server's own error does (which the live check never takes away).
  function describe(field, id, invalid) {
    const ids = new Set((field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
    if (invalid) ids.add(id); else ids.delete(id);
    if (ids.size) field.setAttribute("aria-describedby", [...ids].join(" ")); else field.removeAttribute("aria-describedby");
    if (invalid) {
      field.dataset.liveInvalid = "true";
      field.setAttribute("aria-invalid", "true");
    } else if (field.dataset.liveInvalid) {
      delete field.dataset.liveInvalid;
      if (!ids.has(`${field.id}_error`)) field.removeAttribute("aria-invalid");
    }
  }

  const ectsField = $("#id_ects_credits");
  const ectsMessage = $("#ects-message", document);
  function checkEcts() {
    if (!ectsField) return;
    const raw = ectsField.value.trim().replace(",", ".");
    const value = Number(raw);
    const outside = raw !== "" && Number.isFinite(value)
      && (value < parseFloat(form.dataset.minEcts) || value > parseFloat(form.dataset.maxEcts));
    // The server said the same of the value it was sent: one message is enough.
    const serverError = document.getElementById(`${ectsField.id}_error`);
    const said = serverError && ectsField.value === ectsField.defaultValue
      && serverError.textContent.includes(form.dataset.msgEcts);
    const show = outside && !said;
    ectsMessage.textContent = show ? form.dataset.msgEcts : "";
    ectsMessage.className = `live-message${show ? " problem" : ""}`;
    describe(ectsField, ectsMessage.id, show);
  }

  // The live messages belong beside the fields they are about.
  if (ectsField) ectsField.after(ectsMessage);
  const hoursField = $("#id_workload_hours");
  if (hoursField) hoursField.after($("#workload-message", document));

  form.addEventListener("input", (event) => {
    if (event.target.matches('textarea[name^="outcomes-"]')) rebuildChecks();
    if (event.target === ectsField) checkEcts();
    validate();
  });
  form.addEventListener("change", validate);
  refresh();
  checkEcts();

  // Unsaved changes: what the form would send now, against what it would have sent when the page was shown (a
  // page shown after a refused save holds changes that are not saved from the start).
  const serialize = () => new URLSearchParams(new FormData(form)).toString();
  const shown = serialize();
  const unsavedNote = document.getElementById("unsaved-note");
  let sending = false;
  const unsaved = () => form.dataset.unsaved === "true" || serialize() !== shown;
  const showUnsaved = () => { if (unsavedNote) unsavedNote.hidden = !unsaved(); };
  form.addEventListener("input", showUnsaved);
  form.addEventListener("change", showUnsaved);
  form.addEventListener("click", () => window.setTimeout(showUnsaved));

  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.confirmSubmit) {
      const question = unsaved() ? button.dataset.confirmSubmitUnsaved : button.dataset.confirmSubmit;
      if (!window.confirm(question)) {
        event.preventDefault();
        return;
      }
    }
    sending = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (sending || !unsaved()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Errors: each link of the summary moves focus to its field, and the first error has focus when the page opens.
  function focusTarget(id) {
    let target = document.getElementById(id);
    if (!target) return;
    if (!target.matches("input, select, textarea, [tabindex]")) target = $("input, select, textarea", target) || target;
    target.focus({ preventScroll: true });
    (target.closest("div, section") || target).scrollIntoView({ block: "start" });
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest("#error-summary a[href^='#'], .submit-card .problems a[href^='#']");
    if (!link) return;
    event.preventDefault();
    focusTarget(decodeURIComponent(link.hash.slice(1)));
  });
  const first = document.querySelector("#error-summary a[href^='#']");
  if (first) focusTarget(decodeURIComponent(first.hash.slice(1)));
})();
