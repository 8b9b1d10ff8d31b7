// Catalogue filters: the narrow fields offered follow the broad field chosen (ISCED-F codes nest: 061 is in 06).
(function () {
  "use strict";
  const broad = document.getElementById("id_broad_field");
  const narrow = document.getElementById("id_narrow_field");
  if (!broad || !narrow) return;
  function follow() {
    const code = broad.value;
    Array.from(narrow.options).forEach((option) => {
      option.hidden = Boolean(code && option.value && !option.value.startsWith(code));
    });
    if (narrow.selectedOptions[0]?.hidden) narrow.value = "";
  }
  broad.addEventListener("change", follow);
  follow();
})();
