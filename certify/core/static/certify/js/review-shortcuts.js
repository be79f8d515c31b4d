// Keyboard shortcuts between competencies on the reviewer's assess page: j or Alt+Down for the
// next competency, k or Alt+Up for the previous one. They never fire while the reviewer types in
// a text box, and the page lists them under "Keyboard shortcuts" (shown only with JavaScript).
(() => {
  const TYPING = new Set(["text", "search", "email", "url", "tel", "number", "password", "date"]);

  const typing = (element) => {
    if (!element) return false;
    if (element.isContentEditable) return true;
    const tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    return tag === "INPUT" && TYPING.has((element.type || "text").toLowerCase());
  };

  const direction = (event) => {
    if (event.ctrlKey || event.metaKey) return 0;
    if (event.altKey && event.key === "ArrowDown") return 1;
    if (event.altKey && event.key === "ArrowUp") return -1;
    if (event.altKey || event.shiftKey) return 0;
    if (event.key === "j") return 1;
    if (event.key === "k") return -1;
    return 0;
  };

  document.addEventListener("DOMContentLoaded", () => {
    const sections = [...document.querySelectorAll("[data-competency]")];
    if (!sections.length) return;
    const help = document.getElementById("shortcuts");
    if (help) help.hidden = false;

    const current = () => {
      const inside = sections.findIndex((s) => s.contains(document.activeElement));
      if (inside >= 0) return inside;
      // Otherwise the last competency whose top has scrolled past the top of the screen.
      let index = -1;
      sections.forEach((section, i) => {
        if (section.getBoundingClientRect().top <= 1) index = i;
      });
      return index;
    };

    document.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || typing(event.target)) return;
      const step = direction(event);
      if (!step) return;
      const from = current();
      const to = Math.min(Math.max(from + step, 0), sections.length - 1);
      if (from === to && from !== -1) return;
      event.preventDefault();
      const heading = sections[to].querySelector("h2");
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    });
  });
})();
