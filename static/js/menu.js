// The header's menu button on narrow screens. Without JavaScript the menu is simply open (the button stays hidden);
// with it, the menu starts collapsed below the breakpoint and the button opens and closes it.
(() => {
  const button = document.querySelector(".menu-button[aria-controls]");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  const header = button.closest(".site-header");

  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("menu-open", open);
  };

  header.classList.add("menu-enhanced");
  button.hidden = false;
  setOpen(false);

  // A disclosure button: the focus stays on it, and the next Tab goes into the menu, which follows it.
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));

  // Escape closes the open menu and gives the focus back to its button.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
    if (getComputedStyle(button).display === "none") return;
    setOpen(false);
    button.focus();
  });
})();
