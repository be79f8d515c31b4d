// The menu button: at phone width the navigation folds behind it (an accessible disclosure:
// the button says whether the menu is open with aria-expanded). Without JavaScript the button
// stays hidden and the navigation is a plain list, so nothing depends on this file.
(function () {
  "use strict";
  var button = document.querySelector(".menu-button");
  var nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!button || !nav) return;
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("site-nav--open", open);
  }
  button.hidden = false;
  nav.classList.add("site-nav--collapsible");
  set(false);
  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu and gives focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
})();
