// The simulator page: a feature phone that speaks to this service as Africa's Talking does.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var screen = $('screen'), reply = $('reply'), entry = $('entry'), kind = $('kind'), count = $('count'), log = $('log');
  var session = null; // { id, code, inputs: [] } while a dialogue is open
  var lastCode = '';
  var busy = false;

  // GSM 03.38: basic table characters cost one septet, extension table characters two.
  var BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
  var EXTENSION = '^{}\\[~]|€\f';
  function septets(text) {
    var n = 0;
    for (var ch of text) n += BASIC.indexOf(ch) >= 0 ? 1 : EXTENSION.indexOf(ch) >= 0 ? 2 : NaN;
    return n;
  }

  function note(line) {
    var li = document.createElement('li');
    li.textContent = line;
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  function show(state, text) {
    kind.textContent = state;
    reply.textContent = text;
    var n = septets(text);
    count.textContent = state === 'READY' ? '' : isNaN(n) ? 'UCS-2!' : n + ' septets';
    screen.classList.toggle('ended', state === 'END');
    entry.value = '';
    entry.placeholder = state === 'CON' ? 'answer' : '*384#';
    entry.focus();
  }

  function post(url, fields) {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async function hop(text) {
    busy = true;
    try {
      var res = await post('ussd/africastalking', {
        sessionId: session.id, serviceCode: session.code, phoneNumber: $('phone').value, networkCode: '63902', text: text,
      });
      var body = await res.text();
      if (res.status !== 200) { show('ERROR', 'HTTP ' + res.status + '\n' + body); session = null; return; }
      var ended = body.indexOf('END ') === 0;
      show(ended ? 'END' : 'CON', body.slice(4));
      note((text === '' ? 'dial ' + session.code : '> ' + text) + '\n' + body);
      if (ended) session = null;
    } catch (err) {
      show('ERROR', String(err));
      session = null;
    } finally {
      busy = false;
    }
  }

  function dial(code) {
    lastCode = code;
    session = { id: 'SIM' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8), code: code, inputs: [] };
    return hop('');
  }

  function send() {
    if (busy) return;
    var value = entry.value.trim();
    if (!session) {
      if (/^\*[0-9*]*#$/.test(value)) dial(value);
      else show('READY', 'Dial a service code such as *384#, then press the green key.');
      return;
    }
    session.inputs.push(value);
    hop(session.inputs.join('*'));
  }

  function hangUp() {
    if (session) {
      post('ussd/africastalking/events', { sessionId: session.id, serviceCode: session.code, phoneNumber: $('phone').value, status: 'Incomplete' });
      note('hung up (the gateway reports Incomplete)');
      session = null;
    }
    show('READY', 'Dial a service code, then press the green key.');
  }

  $('keypad').addEventListener('click', function (e) {
    var key = e.target.closest('[data-key]');
    if (key) { entry.value += key.dataset.key; entry.focus(); }
  });
  $('send').addEventListener('click', send);
  $('clear').addEventListener('click', function () { entry.value = entry.value.slice(0, -1); entry.focus(); });
  $('hangup').addEventListener('click', hangUp);
  entry.addEventListener('keydown', function (e) { if (e.key === 'Enter') send(); if (e.key === 'Escape') hangUp(); });
  $('restart').addEventListener('click', function () {
    var code = session ? session.code : lastCode;
    hangUp();
    if (code) dial(code);
  });

  fetch('simulator/menus.json').then(function (r) { return r.json(); }).then(function (menus) {
    menus.forEach(function (m) {
      m.serviceCodes.forEach(function (code) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = code + ' ' + m.id;
        b.addEventListener('click', function () { hangUp(); dial(code); });
        $('codes').appendChild(b);
      });
    });
  });

  show('READY', 'Dial a service code, then press the green key.');
})();
