// Forms, as progressive enhancement (ADR 0043). Without JavaScript every field shows and a
// refused form comes back scrolled to its error summary (the form's action ends with its id).
//
// - A field marked data-show-when="<name>=<value>" shows only while the radio button <name> of
//   its form has that value: the evidence type's own inputs, hours per week or in total.
// - A summary's link brings its field into view with the label and the error above it.
// - A refused form's error summary ([data-error-summary]) takes the focus when the page opens,
//   and when htmx puts a refused form back after its submit button was pressed. An autosave
//   (a change, not a submit) never moves the focus: the field being typed in keeps it.
// - When htmx puts back a list after a submit that worked (a job added), what was added
//   ([data-focus-after-swap]) takes the focus, which would otherwise fall to the top of the page.
(() => {
  const showWhen = (element) => {
    const [name, value] = element.dataset.showWhen.split("=");
    const form = element.closest("form");
    const chosen = form && form.querySelector(`input[name="${CSS.escape(name)}"]:checked`);
    return !chosen || chosen.value === value;
  };

  const update = (root) => {
    for (const element of root.querySelectorAll("[data-show-when]")) {
      element.hidden = !showWhen(element);
    }
  };

  const focusSummary = (root) => {
    const summary = root.querySelector("[data-error-summary]");
    if (summary) summary.focus();
    return Boolean(summary);
  };

  // A summary's link focuses its field with the field's label and error in view (a jump to the
  // input alone would scroll them out of sight above it), as the GOV.UK pattern does.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    (field.closest("p, fieldset, .field") || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  document.addEventListener("change", (event) => {
    const form = event.target.closest && event.target.closest("form");
    if (form) update(form);
  });

  document.addEventListener("DOMContentLoaded", () => {
    update(document);
    focusSummary(document);
  });

  // htmx replaces a form (a refused one, or the job list with a new empty form): show the right
  // fields in it, and after a submit, bring the person to what went wrong.
  let focusedId = "";
  document.addEventListener("htmx:beforeSwap", () => {
    focusedId = document.activeElement ? document.activeElement.id : "";
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    update(document);
    const config = event.detail && event.detail.requestConfig;
    const trigger = config && config.triggeringEvent;
    // The form that was sent, as htmx put it back (the old element is gone, its id stays).
    const sent = config && config.elt && config.elt.id && document.getElementById(config.elt.id);
    if (trigger && trigger.type === "submit") {
      if (sent && focusSummary(sent)) return;
      const added = document.querySelector("[data-focus-after-swap]");
      if (added) {
        added.removeAttribute("data-focus-after-swap");
        added.focus();
        return;
      }
    }
    if (focusedId && document.activeElement === document.body) {
      const again = document.getElementById(focusedId);
      if (again) again.focus();
    }
  });
})();
