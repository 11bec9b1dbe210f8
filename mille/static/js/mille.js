/* Mille — behaviour shared by every page. No inline script: the CSP forbids it. */
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("live-status") || document.getElementById("messages");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // Move focus to an error summary or to a swapped region's heading, for keyboards and screen readers.
  function focusFirst(root) {
    var target = root.querySelector("[data-autofocus]");
    if (target) { target.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () { focusFirst(document); });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target) target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    target.removeAttribute("aria-busy");
    if (target.id === "chosen-communes") {
      var input = document.getElementById("commune-search");
      var suggestions = document.getElementById("commune-suggestions");
      if (suggestions) suggestions.innerHTML = "";
      if (input) { input.value = ""; input.focus(); }
      var added = target.lastElementChild;
      if (added && added.dataset.announce) announce(added.dataset.announce);
      return;
    }
    focusFirst(target);
    var summary = target.querySelector("[data-announce]");
    if (summary) announce(summary.dataset.announce);
  });
  document.addEventListener("htmx:responseError", function () {
    announce(document.documentElement.lang === "en"
      ? "The server did not answer. Try again."
      : "Le serveur n'a pas répondu. Réessayez.");
  });

  // Commune picker: remove a chosen commune.
  document.addEventListener("click", function (event) {
    var remove = event.target.closest("[data-remove-chip]");
    if (remove) {
      var chip = remove.closest("li");
      var label = remove.dataset.removeChip;
      chip.remove();
      announce(label);
      var input = document.getElementById("commune-search");
      if (input) input.focus();
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var field = document.getElementById(copy.dataset.copy);
      if (!field) return;
      field.select();
      if (navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(function () { announce(copy.dataset.copied); });
      }
    }
  });

  // Enter in the commune search must not send the whole group form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.id === "commune-search") {
      event.preventDefault();
      var first = document.querySelector("#commune-suggestions button");
      if (first) first.focus();
    }
  });
})();
