// Security keys and passkeys (allauth's webauthn.js does the work): when the browser or the key
// says no, say so in the page, in words a person can act on. allauth only wrote the error to
// the browser's console, so a cancelled or timed-out key looked like a button that did nothing.
(function () {
  "use strict";

  function words(error) {
    const name = error && error.name;
    if (name === "NotAllowedError" || name === "AbortError") {
      return "The key did not answer, or the request was canceled. Press the button again when your key or device is ready.";
    }
    if (name === "InvalidStateError") {
      return "This key is already added to your account: use another key, or go back to your keys.";
    }
    if (name === "SecurityError") {
      return "This browser does not allow security keys at this address. Open the site at its usual address and try again.";
    }
    if (!window.PublicKeyCredential) {
      return "This browser cannot use security keys. Try another browser, or use an authenticator app.";
    }
    return "Something went wrong with the key. Try again, or use another way to sign in.";
  }

  document.addEventListener("allauth.error", function (event) {
    const box = document.getElementById("security-key-error");
    if (!box) {
      return;
    }
    event.preventDefault(); // said in the page instead of the console
    box.textContent = words(event.detail && event.detail.exception);
    box.hidden = false;
  });
})();
