// The wage step: choosing a collective agreement fills the wage fields with
// its rates at once. Without JavaScript the server fills the empty fields
// when the step is saved. Fields the employer typed are left alone.
(function () {
  'use strict';
  var select = document.getElementById('collective_agreement');
  if (!select) {
    return;
  }
  var fields = ['year1', 'year2'].map(function (id) { return document.getElementById(id); });

  function danish(amount) {
    var parts = Number(amount).toFixed(2).split('.');
    return parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, '.') + ',' + parts[1];
  }

  function fill() {
    var row = document.querySelector('tr[data-rate="' + CSS.escape(select.value) + '"]');
    if (!row) {
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
  }

  select.addEventListener('change', fill);
}());
