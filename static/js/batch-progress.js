// Follows a bulk issuance to the end: polls the batch's progress and moves the bar.
(function () {
  "use strict";
  const box = document.getElementById("batch-progress");
  if (!box || box.dataset.finished === "true") return;
  const bar = document.getElementById("batch-bar");
  const field = (name) => box.querySelector(`[data-field="${name}"]`);

  function show(p) {
    bar.max = p.total;
    bar.value = p.done;
    bar.textContent = p.percent + "%";
    field("done").textContent = p.done;
    field("total").textContent = p.total;
    field("percent").textContent = p.percent;
    field("failing").textContent = p.failing;
    field("failing-note").hidden = !p.failing;
    field("finished-note").hidden = !p.finished;
    box.dataset.finished = p.finished ? "true" : "false";
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const progress = await response.json();
        show(progress);
        if (progress.finished) return;
      }
    } catch (error) {
      // A lost connection: try again on the next tick.
    }
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 500);
})();
