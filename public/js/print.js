// The "Imprimer" button of the printable workbook. Without this file the button stays
// hidden and the hint beside it (Ctrl + P) still works.
'use strict';
(function () {
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener('click', function () {
      window.print();
    });
  }
})();
