// The wage step: choosing a collective agreement fills the wage fields with
// its rates at once, if they are current on the start date. Without
// JavaScript the server fills the empty fields when the step is saved.
// Fields the employer typed are left alone. An agreement without a current
// rate fills in nothing: its warning shows until both wage fields are typed.
(function () {
  'use strict';
  var select = document.getElementById('collective_agreement');
  if (!select) {
    return;
  }
  var fields = ['year1', 'year2'].map(function (id) { return document.getElementById(id); });
  var notices = Array.prototype.slice.call(document.querySelectorAll('[data-no-current-rate]'));

  function danish(amount) {
    var parts = Number(amount).toFixed(2).split('.');
    return parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, '.') + ',' + parts[1];
  }

  function typedInFull() {
    return fields.every(function (field) { return !field || field.value.trim() !== ''; });
  }

  function showNotice() {
    var full = typedInFull();
    notices.forEach(function (notice) {
      notice.hidden = full || notice.dataset.noCurrentRate !== select.value;
    });
  }

  function fill() {
    var row = document.querySelector('tr[data-rate="' + CSS.escape(select.value) + '"]');
    if (!row || row.dataset.current !== 'true') {
      // Rates filled in here from another agreement are taken back.
      fields.forEach(function (field) {
        if (field && field.dataset.filled && field.value === field.dataset.filled) {
          field.value = '';
          delete field.dataset.filled;
        }
      });
      showNotice();
      return;
    }
    var filled = false;
    fields.forEach(function (field, index) {
      // Replace only an empty field or a rate filled in here before.
      if (field && (field.value.trim() === '' || field.value === field.dataset.filled)) {
        field.value = danish(row.dataset['year' + (index + 1)]);
        field.dataset.filled = field.value;
        filled = true;
      }
    });
    var basis = document.querySelector('input[name="basis"][value="' + row.dataset.basis + '"]');
    if (basis && filled) {
      basis.checked = true;
    }
    showNotice();
  }

  select.addEventListener('change', fill);
  fields.forEach(function (field) {
    if (field) {
      field.addEventListener('input', showNotice);
    }
  });
}());
