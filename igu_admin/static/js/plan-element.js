// The schooling plan's element form: picking a common AMU course from the
// title's list fills in the kind, the course number, the last day (the
// course's days counted as working days from the first day, skipping
// weekends and the public holidays the page lists) and the hours (the days
// at a school day's hours), in the fields still empty. The AMU number's
// field is hidden while another kind is chosen. Without JavaScript the form
// works the same, with nothing filled in.
(function () {
  'use strict';
  var form = document.getElementById('plan-element-form');
  if (!form) {
    return;
  }
  var title = document.getElementById('title');
  var number = document.getElementById('course_number');
  var numberGroup = document.getElementById('course-number-group');
  var start = document.getElementById('start');
  var end = document.getElementById('end');
  var hours = document.getElementById('hours');
  var kinds = form.querySelectorAll('input[name="kind"]');
  var holidays = (form.dataset.holidays || '').split(' ').filter(Boolean);
  var hoursPerDay = Number(form.dataset.hoursPerDay);

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function iso(day) {
    return day.getFullYear() + '-' + pad(day.getMonth() + 1) + '-' + pad(day.getDate());
  }

  function parseDay(text) {
    var m = /^(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4})$/.exec(text.trim());
    if (m) {
      return new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1]));
    }
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  }

  function isWorkingDay(day) {
    return day.getDay() !== 0 && day.getDay() !== 6 && holidays.indexOf(iso(day)) === -1;
  }

  // The day the course ends when it takes `days` working days from `first`.
  function lastDay(first, days) {
    var day = new Date(first.getTime());
    while (!isWorkingDay(day)) {
      day.setDate(day.getDate() + 1);
    }
    for (var left = days - 1; left > 0;) {
      day.setDate(day.getDate() + 1);
      if (isWorkingDay(day)) {
        left -= 1;
      }
    }
    return day;
  }

  function danishNumber(value) {
    return String(Math.round(value * 100) / 100).replace('.', ',');
  }

  function chosenKind() {
    for (var i = 0; i < kinds.length; i += 1) {
      if (kinds[i].checked) {
        return kinds[i].value;
      }
    }
    return '';
  }

  function showNumber() {
    var kind = chosenKind();
    numberGroup.hidden = kind !== '' && kind !== 'amu' && number.value.trim() === '';
  }

  function pick() {
    var option = Array.prototype.find.call(
      document.querySelectorAll('#amu-course-titles option'),
      function (o) { return o.value === title.value; });
    if (!option) {
      return;
    }
    var amu = form.querySelector('input[name="kind"][value="amu"]');
    if (amu && chosenKind() === '') {
      amu.checked = true;
    }
    if (number.value.trim() === '' && option.dataset.number) {
      number.value = option.dataset.number;
    }
    var days = Number(option.dataset.days);
    var first = parseDay(start.value);
    if (days > 0 && first && end.value.trim() === '') {
      var last = lastDay(first, days);
      end.value = pad(last.getDate()) + '.' + pad(last.getMonth() + 1) + '.' + last.getFullYear();
    }
    if (days > 0 && hours.value.trim() === '' && hoursPerDay > 0) {
      hours.value = danishNumber(days * hoursPerDay);
    }
    showNumber();
  }

  title.addEventListener('change', pick);
  start.addEventListener('change', function () {
    if (title.value) {
      pick();
    }
  });
  Array.prototype.forEach.call(kinds, function (k) { k.addEventListener('change', showNumber); });
  showNumber();
}());
