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

  // « Écouter »: the browser's speech synthesis reads an element aloud in the page's language.
  var canSpeak = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;
  function showListenButtons(root) {
    if (!canSpeak) return;
    root.querySelectorAll(".listen[hidden]").forEach(function (button) { button.hidden = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirst(document);
    showListenButtons(document);
  });

  // Polled regions are swapped often: keep the person's focus, ticks, open panels and typing.
  var kept = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.hasAttribute("hx-trigger")) { kept = null; return; }
    var active = document.activeElement;
    kept = {
      focus: active && active.id && target.contains(active) ? active.id : null,
      checked: [], open: [], values: {}
    };
    target.querySelectorAll("input[type=checkbox]:checked[id]").forEach(function (box) { kept.checked.push(box.id); });
    target.querySelectorAll("details[open] > summary[id]").forEach(function (summary) { kept.open.push(summary.id); });
    target.querySelectorAll("input[type=text][id], textarea[id]").forEach(function (field) {
      if (field.value) kept.values[field.id] = field.value;
    });
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target) target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) return;
    target.removeAttribute("aria-busy");
    showListenButtons(target);
    if (kept && target.hasAttribute("hx-trigger")) {
      kept.checked.forEach(function (id) { var box = document.getElementById(id); if (box) box.checked = true; });
      kept.open.forEach(function (id) { var summary = document.getElementById(id); if (summary) summary.parentElement.open = true; });
      Object.keys(kept.values).forEach(function (id) { var field = document.getElementById(id); if (field) field.value = kept.values[id]; });
      if (kept.focus) { var again = document.getElementById(kept.focus); if (again) again.focus(); }
      var news = target.querySelector("[data-wall-announce]");
      var status = document.getElementById(target.dataset.status || (target.id === "wall" ? "wall-status" : "board-status"));
      if (news && status) { status.textContent = news.textContent; }
      kept = null;
      return;
    }
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
  document.addEventListener("htmx:responseError", function (event) {
    // A poll refused (the workshop closed, the device was forgotten) stops quietly.
    if (event.detail.elt && event.detail.elt.hasAttribute("hx-trigger")) return;
    announce(document.documentElement.lang === "en"
      ? "The server did not answer. Try again."
      : "Le serveur n'a pas répondu. Réessayez.");
  });

  // Commune picker: remove a chosen commune.
  document.addEventListener("click", function (event) {
    var listen = event.target.closest("[data-speak-from]");
    if (listen && canSpeak) {
      var source = document.getElementById(listen.dataset.speakFrom);
      if (!source) return;
      if (window.speechSynthesis.speaking) { window.speechSynthesis.cancel(); return; }
      var utterance = new window.SpeechSynthesisUtterance(source.innerText);
      utterance.lang = document.documentElement.lang || "fr";
      window.speechSynthesis.speak(utterance);
      return;
    }
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
    if (event.target.closest("[data-print]")) { window.print(); return; }
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

  // Presentation mode: arrow keys, Page Up / Page Down (presenters' clickers) change slide.
  document.addEventListener("keydown", function (event) {
    var deck = document.querySelector("[data-slides]");
    if (!deck || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest("input, textarea, select")) return;
    var next = ["ArrowRight", "PageDown", " "].indexOf(event.key) >= 0;
    var previous = ["ArrowLeft", "PageUp"].indexOf(event.key) >= 0;
    var link = next ? deck.querySelector("[data-next]") : previous ? deck.querySelector("[data-previous]") : null;
    if (link) { event.preventDefault(); window.location.assign(link.href); }
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
