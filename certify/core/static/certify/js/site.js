// Progressive enhancement only: the site works without JavaScript.
document.documentElement.classList.replace("no-js", "js");

// A "Print this page" button is shown only where printing can be started from the page.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
