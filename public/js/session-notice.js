// The idle warning, in the page: a minute before the session ends, a notice with
// "Rester connecté" (one click or one key, nothing typed is lost); at the end, the page
// leaves for the warning page, which leads to the login page. The server decides: the page
// only asks it (/session/etat, which is not activity) before showing or leaving, so that
// activity in another tab counts. Without this script the page says when the session ends.
'use strict';

(function () {
  var clock = document.getElementById('session-end');
  if (!clock || !window.fetch) return;
  var notice = document.getElementById('session-notice');
  var keepForm = document.getElementById('session-keep');
  var warningMs = Number(clock.getAttribute('data-warning-ms')) || 60000;
  var lang = document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR';
  var timer = null;
  var focusBefore = null;

  function later(fn, ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(fn, Math.max(0, ms));
  }

  function showTime(endsInMs) {
    var text = new Date(Date.now() + endsInMs).toLocaleTimeString(lang, {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Europe/Paris',
    });
    document.querySelectorAll('.session-time').forEach(function (el) {
      el.textContent = text;
    });
  }

  function status() {
    return window
      .fetch('/session/etat', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : { active: false };
      });
  }

  // The warning page, which leads to the login page and then back here (or, from the
  // warning page itself, back to the page it was about).
  function leave() {
    var loc = window.location;
    var here =
      loc.pathname === '/session' ? new window.URLSearchParams(loc.search).get('retour') || '/' : loc.pathname + loc.search;
    loc.replace('/session?retour=' + encodeURIComponent(here));
  }

  function show() {
    if (!notice || !notice.hidden) return;
    focusBefore = document.activeElement;
    notice.hidden = false;
    var button = notice.querySelector('button');
    if (button) button.focus();
  }

  function hide() {
    if (!notice || notice.hidden) return;
    notice.hidden = true;
    if (focusBefore && typeof focusBefore.focus === 'function' && document.contains(focusBefore)) focusBefore.focus();
    focusBefore = null;
  }

  // Waits for the warning, asks the server, then shows the notice or waits again.
  function schedule(endsInMs) {
    showTime(endsInMs);
    later(check, endsInMs - warningMs);
  }

  function check() {
    status().then(
      function (s) {
        if (!s.active) return leave();
        showTime(s.endsInMs);
        if (s.endsInMs > warningMs + 1000) {
          hide();
          return schedule(s.endsInMs);
        }
        show();
        // Just past the end: the server then finds the session over.
        later(check, s.endsInMs + 1000);
      },
      function () {
        // The network failed: ask again shortly, leave nothing on screen for ever.
        later(check, 5000);
      },
    );
  }

  if (keepForm) {
    keepForm.addEventListener('submit', function (event) {
      event.preventDefault();
      window
        .fetch(keepForm.action, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
          body: new window.URLSearchParams(new window.FormData(keepForm)),
        })
        .then(function (res) {
          return res.ok ? res.json() : { active: false };
        })
        .then(
          function (s) {
            if (!s.active) return leave();
            hide();
            schedule(s.endsInMs);
          },
          function () {
            later(check, 5000);
          },
        );
    });
  }

  schedule(Number(clock.getAttribute('data-ends-in-ms')));
})();
