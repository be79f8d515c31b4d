// What an htmx autosave sent is not lost when the session has ended (ADR 0037, "Autosaved
// forms keep their change through a sign-in").
//
// A form marked `data-autosave="<name>"` saves itself with htmx as the person changes it (an
// application's education and jobs, a reviewer's ratings, a course's map), or is sent by htmx
// with its button (a new job). When the session has ended, the server answers 401 with the
// sign-in page in `HX-Redirect` and htmx goes there, then back to this page: the change it sent
// would be gone. So every change is also kept in this tab's sessionStorage, under
// `certify.unsaved.<account key id>.<page>.<form>`, each field by its name with the value it had
// when the page opened, until the server answers the save. When the page opens again for the
// same account (after the sign-in), the kept values are put back, and saved if the form saves
// on a change (else they wait for its button); the form says so. A field the server changed
// since (it no longer holds the value the change started from) is not overwritten: the form
// shows what was typed, to copy. Nothing is kept for another account, sign-out removes what
// this tab kept, and every page, signed in or not, removes a copy kept more than 14 days (a tab
// left open on a shared computer: the rulings' limit for drafts kept in the browser, as drafts.js).
// Password and one-time-code fields are never kept.
//
// Leaving the page by a link waits for its saves: a change still waiting its turn behind another
// save (the application page's forms take turns, `hx-sync="closest main:queue all"`) is never
// sent once the page goes, so "I confirm…" ticked just before "Check your answers" was lost. The
// link is followed once every form that saves itself has its answer, at once if none is saving,
// and after 10 seconds whatever happens (the change is kept, as above, for the page's return);
// a save that fails keeps the person on the page, where the form says why.
(function () {
  "use strict";

  var PREFIX = "certify.unsaved.";
  var MAX_AGE = 14 * 24 * 60 * 60 * 1000; // 14 days, in milliseconds
  var meta = document.querySelector('meta[name="certify-drafts"]');
  var account = meta ? meta.content : "";
  var storage = (function () {
    try {
      var probe = PREFIX + "probe";
      window.sessionStorage.setItem(probe, "1");
      window.sessionStorage.removeItem(probe);
      return window.sessionStorage;
    } catch (error) {
      return null; // storage turned off: the autosave works as before
    }
  })();

  function autosaveForm(element) {
    var form = element && element.closest ? element.closest("form[data-autosave]") : null;
    return form && form.getAttribute("data-autosave") ? form : null;
  }

  function keyOf(form) {
    return PREFIX + account + "." + location.pathname + "." + form.getAttribute("data-autosave");
  }

  function kept(element) {
    if (!element.name || element.matches(":disabled")) return false; // a closed review's too
    if (element.name === "csrfmiddlewaretoken") return false;
    var type = element.type;
    if (type === "password" || element.autocomplete === "one-time-code") return false;
    return !(type === "submit" || type === "button" || type === "reset" || type === "file" ||
      type === "hidden" || type === "image");
  }

  function selected(select) {
    return Array.prototype.filter.call(select.options, function (o) { return o.selected; })
      .map(function (o) { return o.value; }).join("\n");
  }

  function defaultSelected(select) {
    var chosen = Array.prototype.filter.call(select.options, function (o) {
      return o.defaultSelected;
    });
    if (!chosen.length && !select.multiple && select.options.length) chosen = [select.options[0]];
    return chosen.map(function (o) { return o.value; }).join("\n");
  }

  // Each field that differs from what the page opened with: {name, type, value, base}.
  function changes(form) {
    var found = [];
    var radios = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) return;
      if (element.type === "radio") {
        var group = radios[element.name] || (radios[element.name] = { now: "", base: "" });
        if (element.checked) group.now = element.value;
        if (element.defaultChecked) group.base = element.value;
      } else if (element.type === "checkbox") {
        if (element.checked !== element.defaultChecked) {
          found.push({ n: element.name, t: "checkbox", v: element.value, c: element.checked });
        }
      } else if (element.tagName === "SELECT") {
        var now = selected(element);
        var base = defaultSelected(element);
        if (now !== base) found.push({ n: element.name, t: "select", v: now, b: base });
      } else if (element.value !== element.defaultValue) {
        found.push({ n: element.name, t: "text", v: element.value, b: element.defaultValue });
      }
    });
    Object.keys(radios).forEach(function (name) {
      if (radios[name].now !== radios[name].base) {
        found.push({ n: name, t: "radio", v: radios[name].now, b: radios[name].base });
      }
    });
    return found;
  }

  function keep(form) {
    if (!storage || !account) return;
    var found = changes(form);
    try {
      if (found.length) {
        storage.setItem(keyOf(form), JSON.stringify({ at: Date.now(), changes: found }));
      }
      else storage.removeItem(keyOf(form));
    } catch (error) {
      // storage full: the autosave works as before
    }
  }

  function forget(form) {
    if (storage && account) storage.removeItem(keyOf(form));
  }

  // A kept copy's changes, or null when it is unreadable or older than MAX_AGE.
  function readCopy(raw) {
    var copy;
    try {
      copy = JSON.parse(raw);
    } catch (error) {
      return null;
    }
    if (!copy || typeof copy.at !== "number" || !Array.isArray(copy.changes)) return null;
    var age = Date.now() - copy.at;
    return age <= MAX_AGE ? copy.changes : null; // a clock set back keeps it
  }

  // Every page, signed in or not: a copy too old (or unreadable) goes, whoever's it is.
  function sweep() {
    var gone = [];
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (key && key.indexOf(PREFIX) === 0 && !readCopy(storage.getItem(key))) gone.push(key);
    }
    gone.forEach(function (key) { storage.removeItem(key); });
  }

  // --- Putting back what a tab kept, once signed in again
  function fieldsNamed(form, name) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name === name && kept(element);
    });
  }

  function labelOf(element) {
    var label = element.type !== "radio" && element.id &&
      element.form.querySelector('label[for="' + CSS.escape(element.id) + '"]');
    if (!label) {
      var fieldset = element.closest("fieldset");
      label = fieldset && fieldset.querySelector("legend");
    }
    return label ? label.textContent.trim() : element.name;
  }

  // Put one kept change back. Returns the field changed, "conflict" when the server's value is
  // no longer the one the change started from, or null when there is nothing to do.
  function putBack(form, change) {
    var elements = fieldsNamed(form, change.n);
    if (!elements.length) return null;
    var first = elements[0];
    if (change.t === "checkbox") {
      var box = elements.filter(function (e) { return e.value === change.v; })[0];
      if (!box || box.checked === change.c) return null;
      box.checked = change.c;
      return box;
    }
    if (change.t === "radio") {
      var now = elements.filter(function (e) { return e.checked; }).map(function (e) {
        return e.value;
      })[0] || "";
      if (now === change.v) return null;
      if (now !== change.b) return "conflict";
      var radio = elements.filter(function (e) { return e.value === change.v; })[0];
      if (!radio) return null;
      radio.checked = true;
      return radio;
    }
    if (change.t === "select") {
      var current = selected(first);
      if (current === change.v) return null;
      if (current !== change.b) return "conflict";
      var values = change.v.split("\n");
      Array.prototype.forEach.call(first.options, function (o) {
        o.selected = values.indexOf(o.value) !== -1;
      });
      return first;
    }
    if (first.value === change.v) return null;
    if (first.value !== change.b) return "conflict";
    first.value = change.v;
    return first;
  }

  function say(form, lines) {
    var note = document.createElement("div");
    note.className = "message message--info autosave-restored";
    note.setAttribute("role", "status");
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      note.appendChild(p);
    });
    var heading = form.querySelector("h2, h3, h4");
    if (heading && heading.parentNode === form) form.insertBefore(note, heading.nextSibling);
    else form.insertBefore(note, form.firstChild);
  }

  function restore(form) {
    var raw = storage.getItem(keyOf(form));
    if (!raw) return;
    storage.removeItem(keyOf(form));
    var stored = readCopy(raw);
    if (!stored) return;
    var changed = null;
    var conflicts = [];
    stored.forEach(function (change) {
      var outcome = putBack(form, change);
      if (outcome === "conflict") {
        var element = fieldsNamed(form, change.n)[0];
        conflicts.push("“" + labelOf(element) + "” was changed since, so it keeps the saved " +
          "value. You had typed: " + (change.v || "(nothing)"));
      } else if (outcome) {
        changed = outcome;
      }
    });
    if (!changed && !conflicts.length) return;
    // A form that saves on a change sends it again; one with a button waits for the person.
    var saves = /(^|[\s,])change\b/.test(form.getAttribute("hx-trigger") || "");
    var lines = [];
    if (changed && saves) {
      lines.push("We put back what you changed before your session ended, and saved it.");
    } else if (changed) {
      lines.push("We put back what you typed before your session ended. It is not saved yet.");
    }
    say(form, lines.concat(conflicts));
    if (changed && saves) {
      // The autosave sends it, as if the person had just made the change.
      changed.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  // --- Listening
  function changedField(event) {
    var form = autosaveForm(event.target);
    if (form) keep(form);
  }

  document.addEventListener("input", changedField, true);
  document.addEventListener("change", changedField, true);

  // --- Leaving by a link waits for the saves
  var WAIT = 10000; // milliseconds: then the link is followed anyway
  var leaving = null; // {href, timer} while a link waits

  // Whether the form saves on a change (the education and job forms), not only by its button.
  function savesItself(form) {
    return /\b(change|input|keyup)\b/.test(form.getAttribute("hx-trigger") || "");
  }

  function pendingForms() {
    return Array.prototype.filter.call(
      document.querySelectorAll("form[data-autosave]"),
      function (form) { return form.autosavePending; }
    );
  }

  function changedToSave(event) {
    var form = autosaveForm(event.target);
    if (form && savesItself(form)) form.autosavePending = true;
  }

  function leaveNow() {
    if (!leaving) return;
    var href = leaving.href;
    window.clearTimeout(leaving.timer);
    leaving = null;
    window.location.assign(href);
  }

  document.addEventListener("change", changedToSave, true);

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.hasAttribute("download")) return;
    if (link.target && link.target !== "_self") return;
    var to = new URL(link.href, location.href);
    if (to.pathname === location.pathname && to.search === location.search) return; // a fragment
    var saving = pendingForms();
    if (!saving.length) return;
    event.preventDefault();
    var status = saving[0].querySelector('[role="status"]');
    if (status) status.textContent = "Saving your change before going on…";
    if (leaving) window.clearTimeout(leaving.timer);
    leaving = { href: to.href, timer: window.setTimeout(leaveNow, WAIT) };
  });

  // htmx is about to send a form: what it sends is what is kept.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = autosaveForm(event.detail && event.detail.elt);
    if (form) {
      keep(form);
      form.autosaveSent = JSON.stringify(changes(form));
    }
  });

  // The server answered a save: nothing is kept unless the person changed the form since.
  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail || {};
    // The form sent (`elt` is an ancestor still on the page when the answer replaced the form).
    var sent = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    var form = sent && sent.matches && sent.matches("form[data-autosave]") ? sent : null;
    if (!form) return;
    if (!detail.successful) { // a 401 goes to sign in, keeping the copy; a refusal stays here
      form.autosavePending = false;
      if (leaving) { window.clearTimeout(leaving.timer); leaving = null; }
      return;
    }
    var again = form.isConnected && document.querySelector(
      'form[data-autosave="' + CSS.escape(form.getAttribute("data-autosave")) + '"]'
    );
    if (!again || JSON.stringify(changes(again)) === form.autosaveSent) {
      forget(again || form);
      form.autosavePending = false;
      if (again) again.autosavePending = false;
    } else keep(again);
    if (leaving && !pendingForms().length) leaveNow();
  });

  // Signing out removes what this tab kept for the account (drafts.js may ask first).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!storage || !meta || event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    if (new URL(form.action, location.href).pathname !== meta.getAttribute("data-logout")) return;
    var gone = [];
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (key && key.indexOf(PREFIX) === 0) gone.push(key);
    }
    gone.forEach(function (key) { storage.removeItem(key); });
  });

  function start() {
    if (!storage) return;
    sweep();
    if (!account) return;
    document.querySelectorAll("form[data-autosave]").forEach(restore);
  }

  // After htmx has set up the page's forms, so that the change put back is sent by the form's
  // own autosave: htmx does that on DOMContentLoaded (a deferred script runs before it, while the
  // state is already "interactive"), and this script, after htmx's, listens after it.
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
