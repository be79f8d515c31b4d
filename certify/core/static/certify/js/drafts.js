// Drafts that are never lost (docs/decisions/0037-drafts-kept-in-the-browser.md).
//
// A form marked `data-draft="<field id>"` with one textarea saves itself as the person types.
// Until the server has stored that exact text (it echoes the SHA-256 of what it received), a
// copy stays in this browser's localStorage under the signed-in account's draft key id (from
// <meta name="certify-drafts">), never under an e-mail address. The copy comes back after a
// reload or a new sign-in, is removed at sign-out and after 14 days, and is never shown to
// another account. The status beside each field says only what is true:
// "Saving…", "Saved at 3:04 p.m.", "Not saved: retrying…", "Offline: kept on this device",
// "Your session ended: sign in again to save", and for a save the server refused, why: the
// thing is closed (its words), this account may not change it, or the page's security check
// (CSRF) expired and a reload is needed. The CSRF check's 403 is marked `X-Refused: csrf`
// (`core/error_pages.py`); any other 403 refuses the person.
(function () {
  "use strict";

  var PREFIX = "certify.draft.";
  var SIGNED_IN_EVENT = "certify.signed-in";
  var MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
  var DEBOUNCE_MS = 1500;
  var RETRY_MS = [2000, 4000, 8000, 16000, 30000, 60000];

  var meta = document.querySelector('meta[name="certify-drafts"]');
  var account = meta ? meta.content : "";
  var storage = (function () {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private mode, storage full or turned off: save to the server only
    }
  })();

  // --- SHA-256 of a string's UTF-8 bytes (the server hashes the same; no secure context needed)
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];

  function sha256(text) {
    var bytes = new TextEncoder().encode(text);
    var bitLength = bytes.length * 8;
    var padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[bytes.length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
    view.setUint32(padded.length - 4, bitLength >>> 0);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
      for (i = 16; i < 64; i++) {
        var s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    return h.map(function (word) { return ("00000000" + (word >>> 0).toString(16)).slice(-8); }).join("");
  }

  function ror(value, bits) {
    return (value >>> bits) | (value << (32 - bits));
  }

  // --- The copy kept on this device
  function storageKey(field) {
    return PREFIX + account + "." + field;
  }

  function draftRead(field) {
    if (!storage || !account) return null;
    try {
      var draft = JSON.parse(storage.getItem(storageKey(field)) || "null");
      if (draft && Date.now() - draft.at > MAX_AGE_MS) {
        storage.removeItem(storageKey(field));
        return null;
      }
      return draft;
    } catch (error) {
      return null;
    }
  }

  function draftWrite(field, text, base) {
    if (!storage || !account) return false;
    try {
      storage.setItem(storageKey(field), JSON.stringify({ t: text, base: base, at: Date.now() }));
      return true;
    } catch (error) {
      return false; // storage full: the status says the text is not kept
    }
  }

  function draftRemove(field) {
    if (storage && account) storage.removeItem(storageKey(field));
  }

  function draftsOf(owner) {
    var keys = [];
    if (!storage) return keys;
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (key && key.indexOf(PREFIX + owner + ".") === 0) keys.push(key);
    }
    return keys;
  }

  // Drafts older than 14 days go, whoever's they are: a shared computer keeps none for long.
  function sweep() {
    if (!storage) return;
    var old = [];
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) continue;
      try {
        var draft = JSON.parse(storage.getItem(key) || "null");
        if (!draft || !(Date.now() - draft.at <= MAX_AGE_MS)) old.push(key);
      } catch (error) {
        old.push(key);
      }
    }
    old.forEach(function (key) { storage.removeItem(key); });
  }

  // --- Talking to the server
  var csrfToken = null;
  var sessionState = "ok"; // "ok" | "ended" | "other": another account signed in meanwhile
  var fields = [];
  var banner = null;
  var leaving = false;

  function token(form) {
    if (csrfToken) return csrfToken;
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function timeNow() {
    // The site's 12-hour clock (certify/formats, ADR 0076): "3:04 p.m.", in the device's time.
    var now = new Date();
    var hours = now.getHours() % 12 || 12;
    var minutes = ("0" + now.getMinutes()).slice(-2);
    return hours + ":" + minutes + (now.getHours() < 12 ? " a.m." : " p.m.");
  }

  function Field(form) {
    this.form = form;
    this.id = form.getAttribute("data-draft");
    this.textarea = form.querySelector("textarea");
    this.status = form.querySelector(".draft-status");
    this.serverVersion = form.getAttribute("data-draft-version") || "";
    // What the server sent, not what the browser may have put back after a reload.
    this.serverText = this.textarea.defaultValue;
    this.inFlight = false;
    this.again = false;
    this.timer = null;
    this.failures = 0;
    this.choice = null;
  }

  Field.prototype.say = function (text, state) {
    if (!this.status) return;
    if (this.status.textContent !== text) this.status.textContent = text;
    this.status.setAttribute("data-state", state);
  };

  Field.prototype.unsaved = function () {
    return this.inFlight || this.textarea.value !== this.serverText;
  };

  Field.prototype.typed = function () {
    this.keep();
    clearTimeout(this.timer);
    var field = this;
    this.timer = setTimeout(function () { field.save(); }, DEBOUNCE_MS);
    if (sessionState === "ok" && this.status.getAttribute("data-state") !== "retrying") {
      this.say("Not saved yet", "editing");
    }
  };

  Field.prototype.keep = function () {
    if (leaving) return false; // signing out: nothing more is kept on this device
    if (this.textarea.value === this.serverText) {
      draftRemove(this.id);
      return true;
    }
    var existing = draftRead(this.id);
    // The base stays the server version the first unsaved change started from.
    var base = existing && existing.t !== this.serverText ? existing.base : this.serverVersion;
    return draftWrite(this.id, this.textarea.value, base);
  };

  Field.prototype.retryLater = function (message) {
    var delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)];
    this.failures += 1;
    this.say(message + " retrying in " + Math.round(delay / 1000) + " s", "retrying");
    clearTimeout(this.timer);
    var field = this;
    this.timer = setTimeout(function () { field.save(); }, delay);
  };

  Field.prototype.offline = function () {
    var kept = this.keep();
    this.say(
      kept ? "Offline: kept on this device" : "Offline: not saved. Keep this page open.",
      "offline"
    );
  };

  Field.prototype.save = function () {
    clearTimeout(this.timer);
    if (this.choice) return; // the person decides first between the two versions
    if (this.inFlight) {
      this.again = true;
      return;
    }
    if (this.textarea.value === this.serverText && !this.restoring) {
      draftRemove(this.id);
      return;
    }
    if (sessionState !== "ok") {
      this.keep();
      sessionSay(this);
      return;
    }
    if (navigator.onLine === false) {
      this.offline();
      return;
    }
    var field = this;
    var text = this.textarea.value;
    var sent = sha256(text);
    var body = new URLSearchParams();
    body.set("csrfmiddlewaretoken", token(this.form));
    body.set(this.textarea.name, text); // not FormData: its encoding would rewrite line breaks
    this.inFlight = true;
    this.restoring = false;
    this.say("Saving…", "saving");
    fetch(this.form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: { "HX-Request": "true", "X-CSRFToken": token(this.form) },
    })
      .then(function (response) {
        return response.text().then(function (html) { field.answered(response, html, text, sent); });
      })
      .catch(function () {
        field.inFlight = false;
        if (navigator.onLine === false) field.offline();
        else field.retryLater(field.keep() ? "Not saved (kept on this device):" : "Not saved:");
      });
  };

  Field.prototype.answered = function (response, html, text, sent) {
    this.inFlight = false;
    var status = response.type === "opaqueredirect" ? 401 : response.status;
    if (status === 401 || status === 403) {
      this.keep();
      // A 403 not from the CSRF check refuses this account the change: a new token cannot help.
      var refusedMe = status === 403 && response.headers.get("X-Refused") !== "csrf";
      sessionCheck(this, refusedMe);
      return;
    }
    if (status !== 200) {
      this.retryLater("Not saved:");
      return;
    }
    if (response.headers.get("X-Draft-Received") !== sent) {
      var refusal = parseRefusal(html);
      this.keep();
      if (refusal) this.say("Not saved: " + refusal, "refused");
      else this.retryLater("Not saved:");
      return;
    }
    // The server stored exactly this text.
    this.failures = 0;
    this.tokenRetried = false;
    this.serverText = text;
    this.serverVersion = response.headers.get("X-Draft-Version") || "";
    if (window.htmx) window.htmx.swap(this.status, html, { swapStyle: "none" }); // the checklist
    if (this.textarea.value === text) {
      draftRemove(this.id);
      this.say("Saved at " + timeNow(), "saved");
    } else {
      this.keep();
    }
    if (this.again || this.textarea.value !== text) {
      this.again = false;
      var field = this;
      this.timer = setTimeout(function () { field.save(); }, 300);
    }
  };

  function parseRefusal(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var error = holder.content.querySelector(".errorlist");
    return error ? error.textContent.trim() : "";
  }

  // --- A refused save: the session ended, the CSRF token went stale, or another account
  function probe() {
    return fetch(meta.getAttribute("data-session"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); });
  }

  var EXPIRED =
    "Not saved: this page's security check expired. Reload the page (your text is kept on " +
    "this device), and sign in again if it asks.";
  var NOT_ALLOWED = "Not saved: your account cannot change this now. Your text is kept on this device.";

  function sessionCheck(field, refusedMe) {
    if (!meta) return;
    probe()
      .then(function (who) {
        if (who.signed_in && who.key === account) {
          if (refusedMe) {
            field.say(NOT_ALLOWED, "refused");
            return;
          }
          // Signed in as the same account: the token changed (a sign-in rotates it). Once.
          csrfToken = who.csrf;
          fields.forEach(function (f) {
            var input = f.form.querySelector('input[name="csrfmiddlewaretoken"]');
            if (input) input.value = who.csrf;
          });
          if (field.tokenRetried) {
            field.say(EXPIRED, "expired"); // refused again with a fresh token: only a reload helps
            return;
          }
          field.tokenRetried = true;
          field.save();
          return;
        }
        sessionState = who.signed_in ? "other" : "ended";
        fields.forEach(function (f) { if (f.unsaved()) sessionSay(f); });
        showBanner();
      })
      .catch(function () { field.retryLater("Not saved:"); });
  }

  function sessionSay(field) {
    field.say(
      sessionState === "other"
        ? "Not saved: you are signed in as someone else now. Kept on this device."
        : "Your session ended: sign in again to save. Kept on this device.",
      "session"
    );
  }

  function showBanner() {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "message message--error draft-session";
      banner.setAttribute("role", "alert");
      var text = document.createElement("p");
      var link = document.createElement("a");
      link.className = "button";
      link.href = meta.getAttribute("data-login");
      link.target = "_blank";
      link.textContent = "Sign in again (opens a new tab)";
      banner.appendChild(text);
      banner.appendChild(link);
      var main = document.getElementById("main") || document.body;
      main.insertBefore(banner, main.firstChild);
    }
    banner.firstChild.textContent =
      sessionState === "other"
        ? "You are signed in as someone else now. What you typed here is kept on this device: " +
          "sign in again with the account you were writing with to save it."
        : "Your session ended. What you typed is kept on this device: sign in again to save it. " +
          "You stay on this page.";
  }

  function backAfterSignIn() {
    if (sessionState === "ok" || !meta) return;
    probe().then(function (who) {
      if (!(who.signed_in && who.key === account)) {
        if (who.signed_in) {
          sessionState = "other";
          showBanner();
        }
        return;
      }
      sessionState = "ok";
      csrfToken = who.csrf;
      fields.forEach(function (f) {
        var input = f.form.querySelector('input[name="csrfmiddlewaretoken"]');
        if (input) input.value = who.csrf;
        f.failures = 0;
        f.tokenRetried = false;
        if (f.unsaved()) f.save();
      });
      if (banner) {
        banner.remove();
        banner = null;
      }
    }).catch(function () {});
  }

  // --- A copy newer than the server's: back after a reload or a new sign-in
  Field.prototype.restore = function () {
    var draft = draftRead(this.id);
    if (!draft) {
      // No copy, yet the browser refilled the field (a reload): that text is not saved either.
      if (this.textarea.value !== this.serverText) this.save();
      return;
    }
    if (draft.t === this.serverText) {
      draftRemove(this.id);
      if (this.textarea.value !== this.serverText) this.save();
      return;
    }
    if (draft.base === this.serverVersion) {
      // The server still has the text this draft started from: nothing of its is lost.
      this.textarea.value = draft.t;
      this.restoring = true;
      this.say("Restored what you typed on this device", "restored");
      this.save();
      return;
    }
    this.offerChoice(draft); // the server's copy changed since: never overwrite it silently
  };

  Field.prototype.offerChoice = function (draft) {
    var field = this;
    var box = document.createElement("div");
    box.className = "message message--warning draft-choice";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Two versions of this text");
    var when = new Date(draft.at);
    var p = document.createElement("p");
    p.textContent =
      "This device kept text you typed on " + when.toLocaleString() +
      " that is not the saved version, which changed since.";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = "Restore what you typed on this device";
    var keepSaved = document.createElement("button");
    keepSaved.type = "button";
    keepSaved.className = "button button--secondary";
    keepSaved.textContent = "Keep the saved version";
    box.appendChild(p);
    box.appendChild(restore);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(keepSaved);
    this.textarea.parentNode.insertBefore(box, this.textarea.nextSibling);
    this.choice = box;
    restore.addEventListener("click", function () {
      field.textarea.value = draft.t;
      field.choice = null;
      box.remove();
      field.textarea.focus();
      field.save();
    });
    this.textarea.value = this.serverText;
    keepSaved.addEventListener("click", function () {
      draftRemove(field.id);
      field.choice = null;
      box.remove();
      field.say("Kept the saved version", "saved");
      field.textarea.focus();
    });
  };

  // --- Sign-out removes this account's drafts (after asking, when one is not saved)
  function signingOut(event) {
    var form = event.target;
    if (!meta || !(form instanceof HTMLFormElement)) return;
    if (new URL(form.action, location.href).pathname !== meta.getAttribute("data-logout")) return;
    var unsaved = fields.some(function (f) { return f.unsaved(); }) || draftsOf(account).length > 0;
    if (
      unsaved &&
      !window.confirm(
        "Some text you typed has not reached the server and is kept only on this device. " +
          "Signing out removes it from this device. Sign out anyway?"
      )
    ) {
      event.preventDefault();
      return;
    }
    leaving = true;
    fields.forEach(function (f) { clearTimeout(f.timer); });
    if (storage) draftsOf(account).forEach(function (key) { storage.removeItem(key); });
  }

  function start() {
    sweep();
    document.addEventListener("submit", signingOut, true);
    if (!meta) return;
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      if (!form.querySelector("textarea")) return;
      var field = new Field(form);
      fields.push(field);
      field.textarea.addEventListener("input", function () { field.typed(); });
      field.textarea.addEventListener("change", function () { field.save(); });
      form.addEventListener("submit", function (event) { // the no-script button, if shown
        event.preventDefault();
        field.save();
      });
      field.restore();
    });
    if (!fields.length) return;
    window.addEventListener("online", function () {
      fields.forEach(function (f) { if (f.unsaved()) { f.failures = 0; f.save(); } });
    });
    window.addEventListener("offline", function () {
      fields.forEach(function (f) { if (f.unsaved()) f.offline(); });
    });
    window.addEventListener("focus", backAfterSignIn);
    window.addEventListener("storage", function (event) {
      if (event.key === SIGNED_IN_EVENT) backAfterSignIn();
    });
    window.addEventListener("beforeunload", function (event) {
      if (leaving || !fields.some(function (f) { return f.unsaved(); })) return;
      event.preventDefault();
      event.returnValue = ""; // the browser shows its own "leave this page?" question
    });
  }

  // The page a sign-in opened from here returns to tells the other tabs.
  if (document.querySelector("[data-signed-in-again]") && storage) {
    storage.setItem(SIGNED_IN_EVENT, String(Date.now()));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
