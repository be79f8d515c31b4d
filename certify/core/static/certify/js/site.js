// Progressive enhancement only: the site works without JavaScript.
document.documentElement.classList.replace("no-js", "js");
