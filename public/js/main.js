// Small progressive enhancements only: every page works without this file.
'use strict';

(function () {
  // "Écouter": reads a block aloud with the browser's own French voice (the content is in
  // French). An exercise is read as a person would: the question, the scene (the imitation
  // of an e-mail, an SMS...), the sentence to judge, the steps to order, then the answers
  // chosen so far; never the lists of its drop-downs. No French voice: no button, one line
  // that says why.
  var english = document.documentElement.lang === 'en';
  var words = english
    ? {
        listen: 'Listen',
        stop: 'Stop',
        yours: 'Your answer:',
        none: 'Your browser has no French voice, so it cannot read aloud.',
      }
    : { listen: 'Écouter', stop: 'Arrêter', yours: 'Votre réponse\u00a0:', none: 'Votre navigateur n’a pas de voix française.' };

  // Spaces and line breaks as one space; the non-breaking spaces of French typography stay.
  function clean(text) {
    return (text || '').replace(/[ \t\r\n]+/g, ' ').trim();
  }

  // The visible text of an element, without buttons, hidden helpers and drop-down lists.
  function textOf(el) {
    if (!el) return '';
    var copy = el.cloneNode(true);
    copy.querySelectorAll('select, button, .visually-hidden, [aria-hidden="true"], script').forEach(function (x) {
      x.remove();
    });
    // One line, one pause: a full stop after a line that has none.
    copy.querySelectorAll('p, li, dt, dd, figcaption, h2, h3, h4').forEach(function (x) {
      x.append(/[.!?:;,…»]\s*$/.test(x.textContent) ? ' ' : '. ');
    });
    return clean(copy.textContent);
  }

  function labelOf(field) {
    var label = field.closest('label') || (field.id && document.querySelector('label[for="' + field.id + '"]'));
    return label ? textOf(label) : '';
  }

  // What "Écouter" says for one block (exposed for the tests: KRN.listenText).
  function listenText(block) {
    if (block.getAttribute('data-listen') !== 'exercise') return textOf(block);
    var parts = [];
    ['.question', '.scene', '.statement', '.shuffled'].forEach(function (selector) {
      var el = block.querySelector(selector);
      if (el) parts.push(textOf(el));
    });
    var chosen = [];
    block.querySelectorAll('input[type="radio"]:checked, input[type="checkbox"]:checked').forEach(function (input) {
      chosen.push(labelOf(input));
    });
    block.querySelectorAll('select').forEach(function (select) {
      var option = select.options[select.selectedIndex];
      if (select.value && option) chosen.push(labelOf(select) + (english ? ': ' : '\u00a0: ') + clean(option.textContent));
    });
    block.querySelectorAll('input[type="text"]').forEach(function (input) {
      if (clean(input.value)) chosen.push(clean(input.value));
    });
    if (chosen.length) parts.push(words.yours + ' ' + chosen.join('. '));
    return parts
      .filter(function (p) {
        return p;
      })
      .join('. ')
      .replace(/([.?!:])\./g, '$1');
  }
  window.KRN = { listenText: listenText };

  function frenchVoice() {
    return speechSynthesis.getVoices().some(function (v) {
      return /^fr\b/i.test(v.lang);
    });
  }

  function addButtons(blocks) {
    blocks.forEach(function (block) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-secondary button-small listen-button';
      button.textContent = '▶ ' + words.listen;
      var reset = function () {
        button.textContent = '▶ ' + words.listen;
      };
      button.addEventListener('click', function () {
        if (button.textContent.indexOf(words.stop) >= 0) {
          speechSynthesis.cancel();
          reset();
          return;
        }
        speechSynthesis.cancel();
        var utterance = new SpeechSynthesisUtterance(listenText(block));
        utterance.lang = 'fr-FR';
        utterance.rate = 0.9;
        utterance.onend = reset;
        utterance.onerror = reset;
        button.textContent = '■ ' + words.stop;
        speechSynthesis.speak(utterance);
      });
      block.parentNode.insertBefore(button, block);
    });
  }

  // One line, in place of the first button, when nothing can be read aloud.
  function sayWhyNot(blocks) {
    var line = document.createElement('p');
    line.className = 'hint listen-none';
    line.textContent = words.none;
    blocks[0].parentNode.insertBefore(line, blocks[0]);
  }

  var blocks = Array.prototype.slice.call(document.querySelectorAll('[data-listen]'));
  if (blocks.length) {
    var canSpeak = 'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function';
    if (!canSpeak) sayWhyNot(blocks);
    else if (frenchVoice()) addButtons(blocks);
    else {
      // Voices may load a moment after the page: wait for them, a little.
      var decided = false;
      var decide = function () {
        if (decided) return;
        decided = true;
        if (frenchVoice()) addButtons(blocks);
        else sayWhyNot(blocks);
      };
      speechSynthesis.addEventListener('voiceschanged', function () {
        if (frenchVoice()) decide();
      });
      window.setTimeout(decide, 1500);
    }
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
