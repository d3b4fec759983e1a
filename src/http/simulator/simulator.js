// The simulator page: a feature phone that speaks to this service as a chosen gateway does.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var screen = $('screen'), reply = $('reply'), entry = $('entry'), kind = $('kind'), count = $('count'), log = $('log'), picker = $('gateway');
  var session = null; // { id, code, phone, inputs: [], seq, busy } while a dialogue is open
  var lastCode = '';
  var limits = {}; // gateway name → the most septets it carries in one reply
  var READY = 'Dial a service code, then press the green key.';

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
    var n = document.createElement('span');
    n.className = 'n';
    n.textContent = String(log.children.length + 1);
    li.appendChild(n);
    li.appendChild(document.createTextNode(line));
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  // The counter shows septets against the chosen gateway's limit: amber from 90 %, red at the
  // limit (the service paginates screens for the gateway; a full one is an END or a value longer
  // than its menu declared, cut to fit).
  function showCount(state, text) {
    count.className = '';
    if (state !== 'CON' && state !== 'END') { count.textContent = ''; return; }
    var n = septets(text), max = limits[picker.value];
    if (isNaN(n)) { count.textContent = 'UCS-2!'; count.className = 'full'; return; }
    count.textContent = max ? Math.min(n, max) + '/' + max : n + ' septets';
    if (max) count.className = n >= max ? 'full' : n >= 0.9 * max ? 'near' : 'ok';
  }

  function show(state, text) {
    kind.textContent = state;
    reply.textContent = text;
    reply.scrollTop = 0;
    showCount(state, text);
    screen.classList.toggle('ended', state === 'END');
    entry.value = '';
    entry.placeholder = state === 'CON' ? 'answer' : 'dial, e.g. ' + (lastCode || '*384#');
    entry.focus();
  }

  // A refused request shows on the screen as text: status, then the problem's title and detail.
  async function describe(res) {
    var body = await res.text();
    try {
      var p = JSON.parse(body);
      return 'HTTP ' + res.status + ' ' + (p.title || '') + (p.detail ? ': ' + p.detail : '') + (p.errors ? '\n' + p.errors.join('\n') : '');
    } catch (e) {
      return 'HTTP ' + res.status + '\n' + body;
    }
  }

  // A reply that comes after its dialogue was left (another dial, a hang-up, a restart) belongs to
  // no screen: it is dropped, and only the dialogue on screen waits for its own reply.
  async function hop(request, label) {
    var s = session;
    s.busy = true;
    var res = null;
    try {
      res = await fetch(request.url, request.init);
      var body = res.status === 200 ? await res.text() : await describe(res);
      if (session !== s) return;
      if (res.status !== 200) { show('ERROR', body); note(label + '\n' + body); session = null; return; }
      var r = window.SIM_GATEWAYS[s.gateway].read(body);
      show(r.end ? 'END' : 'CON', r.text);
      note(label + '\n' + (r.end ? 'END ' : 'CON ') + r.text);
      if (r.end) session = null;
    } catch (err) {
      if (session !== s) return;
      // No HTTP answer at all: the service is down or restarting, not refusing the request.
      var why = res ? String(err) : 'No answer from the service at ' + request.url + ': is it running? (' + String(err) + ')';
      show('ERROR', why);
      note(label + '\n' + why);
      session = null;
    } finally {
      s.busy = false;
    }
  }

  function dial(code) {
    // No gateways: the setup did not load (said on the screen); there is nothing to dial through.
    if (!window.SIM_GATEWAYS[picker.value]) return Promise.resolve();
    lastCode = code;
    session = { id: 'SIM' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8), code: code, phone: $('phone').value, gateway: picker.value, inputs: [] };
    return hop(window.SIM_GATEWAYS[session.gateway].dial(session), 'dial ' + code + ' (' + session.gateway + ')');
  }

  // With no dialogue open (before a dial, or after an END), what was typed is a new dial.
  function send() {
    if (session && session.busy) return;
    var value = entry.value.trim();
    if (!session) {
      if (/^\*[0-9*]*#$/.test(value)) dial(value);
      else show('READY', 'Dial a service code such as ' + (lastCode || '*384#') + ', then press the green key.');
      return;
    }
    session.inputs.push(value);
    hop(window.SIM_GATEWAYS[session.gateway].answer(session), '> ' + value);
  }

  function hangUp() {
    if (session) {
      var r = window.SIM_GATEWAYS[session.gateway].hangUp(session);
      fetch(r.url, r.init);
      note('hung up (the gateway reports it)');
      session = null;
    }
    show('READY', READY);
  }

  $('keypad').addEventListener('click', function (e) {
    var key = e.target.closest('[data-key]');
    if (!key) return;
    if (screen.classList.contains('ended')) show('READY', READY);
    entry.value += key.dataset.key;
    entry.focus();
  });
  entry.addEventListener('input', function () { if (screen.classList.contains('ended')) screen.classList.remove('ended'); });
  $('send').addEventListener('click', send);
  $('clear').addEventListener('click', function () { entry.value = entry.value.slice(0, -1); entry.focus(); });
  $('hangup').addEventListener('click', hangUp);
  entry.addEventListener('keydown', function (e) { if (e.key === 'Enter') send(); });
  // Escape hangs up from anywhere on the phone: the text box, and the keys a keyboard user tabs to.
  document.querySelector('.phone').addEventListener('keydown', function (e) { if (e.key === 'Escape') hangUp(); });
  picker.addEventListener('change', function () { hangUp(); });
  $('restart').addEventListener('click', function () {
    var code = session ? session.code : lastCode;
    hangUp();
    if (code) dial(code);
  });

  function button(label, code) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.dial = code;
    b.addEventListener('click', function () { hangUp(); dial(code); });
    $('codes').appendChild(b);
  }

  fetch('simulator/setup.json').then(function (r) { return r.json(); }).then(function (setup) {
    setup.gateways.forEach(function (g) {
      limits[g.name] = g.maxChars;
      var o = document.createElement('option');
      o.value = g.name;
      o.textContent = g.label + ' (' + g.maxChars + ')';
      picker.appendChild(o);
    });
    setup.dials.forEach(function (d) { button(d.label, d.code); });
  }).catch(function (err) {
    var why = 'Could not load the simulator setup (' + String(err) + '): is the service running? Reload the page.';
    show('ERROR', why);
    note(why);
  });

  show('READY', READY);
})();
