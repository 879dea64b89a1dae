// Attendance of a workshop session: filters the list as you type and counts the ticks.
// Without this file the page works the same: "Chercher" posts the form, ticks and all.
'use strict';

(function () {
  var form = document.querySelector('form[data-attendance]');
  if (!form) return;
  var input = form.querySelector('input[name="q"]');
  var counter = form.querySelector('[data-tick-count]');
  var noMatch = form.querySelector('[data-no-match]');
  var rows = Array.prototype.slice.call(form.querySelectorAll('label.choice'));
  var groups = Array.prototype.slice.call(form.querySelectorAll('[data-group]'));

  function words(s) {
    return s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[\s'’.,\-/—]+/)
      .filter(Boolean);
  }

  // A row matches when each typed word starts one of its words (as the server's search).
  function matches(row, typed) {
    var own = words(row.getAttribute('data-name') || '');
    return typed.every(function (w) {
      return own.some(function (o) {
        return o.indexOf(w) === 0;
      });
    });
  }

  function filter() {
    var typed = words(input.value);
    var shown = 0;
    rows.forEach(function (row) {
      var show = matches(row, typed);
      row.hidden = !show;
      if (show) shown++;
    });
    groups.forEach(function (g) {
      g.hidden = !g.querySelector('label.choice:not([hidden])');
    });
    if (noMatch) noMatch.hidden = shown > 0 || typed.length === 0;
  }

  function count() {
    var n = form.querySelectorAll('input[name="present"]:checked').length;
    var text = n === 0 ? counter.getAttribute('data-zero') : n === 1 ? counter.getAttribute('data-one') : counter.getAttribute('data-other');
    counter.textContent = text.replace('{n}', String(n));
  }

  input.addEventListener('input', filter);
  form.addEventListener('change', function (e) {
    if (e.target && e.target.name === 'present') count();
  });
  filter();
  count();
})();
