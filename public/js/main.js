// Small progressive enhancements only: every page works without this file.
'use strict';

(function () {
  // "Écouter": reads a block aloud with the browser's own French voice.
  if ('speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function') {
    var lang = document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR';
    var label = document.documentElement.lang === 'en' ? 'Listen' : 'Écouter';
    var stopLabel = document.documentElement.lang === 'en' ? 'Stop' : 'Arrêter';
    document.querySelectorAll('[data-listen]').forEach(function (block) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-secondary button-small listen-button';
      button.textContent = '▶ ' + label;
      button.addEventListener('click', function () {
        if (speechSynthesis.speaking) {
          speechSynthesis.cancel();
          button.textContent = '▶ ' + label;
          return;
        }
        var utterance = new SpeechSynthesisUtterance(block.innerText);
        utterance.lang = lang;
        utterance.rate = 0.9;
        utterance.onend = function () {
          button.textContent = '▶ ' + label;
        };
        button.textContent = '■ ' + stopLabel;
        speechSynthesis.speak(utterance);
      });
      block.parentNode.insertBefore(button, block);
    });
  }

  // Zones on a picture: a click selects the zone's radio button below the picture.
  document.querySelectorAll('.zone-overlay rect[data-zone]').forEach(function (rect) {
    rect.addEventListener('click', function () {
      var radio = document.getElementById('zone-' + rect.getAttribute('data-zone'));
      if (!radio) return;
      radio.checked = true;
      radio.dispatchEvent(new Event('change', { bubbles: true }));
    });
  });
  document.querySelectorAll('input[type="radio"][id^="zone-"]').forEach(function (radio) {
    radio.addEventListener('change', function () {
      document.querySelectorAll('.zone-overlay rect').forEach(function (r) {
        r.classList.toggle('selected', 'zone-' + r.getAttribute('data-zone') === radio.id && radio.checked);
      });
    });
  });

  // A refused form: bring its summary into view and give it the focus, so that a screen
  // reader reads it first (without JavaScript it is the first thing after the heading).
  var problems = document.getElementById('form-problems');
  if (problems) problems.focus();
})();
