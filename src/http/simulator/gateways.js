// How the simulator speaks each gateway it offers: what it POSTs for a dial, an answer and a
// hang-up, and how it reads the reply. Each mirrors that gateway's real callbacks.
(function () {
  'use strict';
  function form(url, fields) {
    return { url: url, init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() } };
  }
  function json(url, body) {
    return { url: url, init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } };
  }

  window.SIM_GATEWAYS = {
    // Form fields; `text` is every answer so far joined by `*`; the reply is `CON …` or `END …`.
    africastalking: {
      dial: function (s) { return form('ussd/africastalking', at(s, '')); },
      answer: function (s) { return form('ussd/africastalking', at(s, s.inputs.join('*'))); },
      hangUp: function (s) { return form('ussd/africastalking/events', { sessionId: s.id, serviceCode: s.code, phoneNumber: s.phone, status: 'Incomplete' }); },
      read: function (body) { return { end: body.indexOf('END ') === 0, text: body.slice(4) }; },
    },
    // JSON; `Message` is the dial string, then the latest answer only; `Sequence` numbers the hops.
    hubtel: {
      dial: function (s) { return hubtelHop(s, 'Initiation', s.code); },
      answer: function (s) { return hubtelHop(s, 'Response', s.inputs[s.inputs.length - 1]); },
      hangUp: function (s) { return hubtelHop(s, 'Release', ''); },
      read: function (body) { var r = JSON.parse(body); return { end: r.Type === 'Release', text: r.Message }; },
    },
  };

  function at(s, text) {
    return { sessionId: s.id, serviceCode: s.code, phoneNumber: s.phone, networkCode: '63902', text: text };
  }
  function hubtelHop(s, type, message) {
    s.seq = (s.seq || 0) + 1;
    return json('ussd/hubtel', { Type: type, Mobile: s.phone, SessionId: s.id, ServiceCode: s.code.replace(/^\*|#$/g, ''), Message: message, Operator: 'mtn', Sequence: s.seq, ClientState: '' });
  }
})();
