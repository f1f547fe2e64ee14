/* Alliance Portal: small enhancements of pages that work without JavaScript (served from 'self' under the CSP). */
(function () {
  "use strict";

  /* Tables reflow on narrow screens: each cell is labelled with its column heading, and CSS stacks the rows. */
  function labelTableCells() {
    document.querySelectorAll("table").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!headings.length) { return; }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (headings[index] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", headings[index]); }
        });
      });
      table.classList.add("stacks");
    });
  }

  /* The main navigation collapses into a menu button on narrow screens. */
  function collapsibleNavigation() {
    var nav = document.querySelector(".site-header nav");
    var list = nav && nav.querySelector(".nav");
    if (!list) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "menu-button";
    button.textContent = nav.getAttribute("data-menu-label") || "Menu";
    button.setAttribute("aria-expanded", "false");
    list.id = list.id || "main-navigation";
    button.setAttribute("aria-controls", list.id);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      nav.classList.toggle("nav-open", !open);
    });
    nav.insertBefore(button, list);
    nav.classList.add("nav-collapsible");
  }

  /* Nothing typed is lost unawares: leaving a changed form without saving asks first. */
  function warnBeforeLeavingChangedForms() {
    var changed = false;
    document.querySelectorAll("form[method=post]:not([data-no-warn])").forEach(function (form) {
      form.addEventListener("input", function () { changed = true; });
      form.addEventListener("change", function () { changed = true; });
      form.addEventListener("submit", function () { changed = false; });
    });
    window.addEventListener("beforeunload", function (event) {
      if (!changed) { return undefined; }
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  }

  /* A failed form moves the focus to its error summary, so keyboard and screen-reader users hear it first. */
  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary[tabindex]");
    if (summary) { summary.focus(); }
  }

  /* Final or destructive actions ask for confirmation: buttons carry the question in data-confirm. */
  function confirmFinalActions() {
    document.addEventListener("submit", function (event) {
      var button = event.submitter;
      var question = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
      if (question && !window.confirm(question)) { event.preventDefault(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelTableCells();
    collapsibleNavigation();
    warnBeforeLeavingChangedForms();
    focusErrorSummary();
    confirmFinalActions();
  });
}());
