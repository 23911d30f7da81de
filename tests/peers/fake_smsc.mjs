// A fake SMSC for alarmd's SMS tests, on the npm `smpp` package's server: it binds any ESME,
// answers enquire_link and unbind, accepts submit_sm and sends a delivery receipt for each
// accepted one that asks for it. Every event is one JSON line on stdout, which the tests read:
//   {"event":"listening","port":N}
//   {"event":"bind","command":"bind_transceiver","system_id":"…"}
//   {"event":"submit","id":"m1","to":"…","from":"…","dc":8,"esm":64,"udh":["0003…"],"text":"…",
//    "status":0}                          (status != 0: refused, no id)
//   {"event":"dropped","after":N}         (the connection was cut, see --drop-after)
//   {"event":"unbind"}
//
//   node fake_smsc.mjs --port N [--throttle-first N] [--drop-after N] [--refuse-bind]
//                              [--no-receipts] [--answer-delay N]
// --throttle-first N  the first N submits are answered ESME_RTHROTTLED (0x58)
// --drop-after N      the Nth submit is not answered: the connection is closed instead (once),
//                     after the answers already given
// --refuse-bind       binds are answered ESME_RBINDFAIL (0x0D)
// --answer-delay N    each accepted submit is answered N ms after it came (its line is written
//                     when it comes)
import smpp from 'smpp';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const flag = (name) => args.includes(name);

const port = +opt('--port', 0);
let throttle = +opt('--throttle-first', 0);
let dropAfter = +opt('--drop-after', 0);
const refuseBind = flag('--refuse-bind');
const receipts = !flag('--no-receipts');
const answerDelay = +opt('--answer-delay', 0);

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
let submits = 0;
let accepted = 0;

const server = smpp.createServer((session) => {
  session.on('error', () => {});
  const bind = (pdu) => {
    out({ event: 'bind', command: pdu.command, system_id: pdu.system_id });
    if (refuseBind) {
      session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
      return;
    }
    session.send(pdu.response({ system_id: 'FAKESMSC' }));
  };
  session.on('bind_transceiver', bind);
  session.on('bind_transmitter', bind);
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => {
    out({ event: 'unbind' });
    session.send(pdu.response());
    session.close();
  });
  session.on('unknown', (pdu) => session.send(pdu.response()));
  session.on('deliver_sm_resp', () => {});
  let cut = false;  // this connection was cut: what was still in its buffer is not served
  session.on('submit_sm', (pdu) => {
    if (cut) return;
    submits++;
    if (dropAfter && submits === dropAfter) {
      dropAfter = 0;
      cut = true;
      out({ event: 'dropped', after: submits });
      // The answers already given still leave (a real SMSC's are on the wire by then); this
      // submit and whatever follows it on this connection are never answered.
      session.socket.end();
      return;
    }
    const sm = pdu.short_message || {};
    const line = {
      event: 'submit', to: pdu.destination_addr, from: pdu.source_addr, dc: pdu.data_coding,
      esm: pdu.esm_class, udh: sm.udh ? sm.udh.map((b) => b.toString('hex')) : [],
      text: typeof sm.message === 'string' ? sm.message : String(sm.message ?? ''),
      registered_delivery: pdu.registered_delivery,
    };
    if (throttle > 0) {
      throttle--;
      out({ ...line, status: smpp.ESME_RTHROTTLED });
      session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      return;
    }
    const id = 'm' + ++accepted;
    out({ ...line, status: 0, id });
    const answer = () => session.send(pdu.response({ message_id: id }));
    if (answerDelay > 0) {
      setTimeout(answer, answerDelay);
      return;  // no receipt: the test stops the ESME before it could take one
    }
    answer();
    if (receipts && (pdu.registered_delivery & 1)) {
      setTimeout(() => session.deliver_sm({
        source_addr: pdu.destination_addr,
        destination_addr: pdu.source_addr,
        esm_class: smpp.ESM_CLASS.MC_DELIVERY_RECEIPT,
        short_message: `id:${id} sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:DELIVRD err:000 text:`,
        receipted_message_id: id,
        message_state: smpp.MESSAGE_STATE.DELIVERED,
      }), 20);
    }
  });
});
server.listen(port, '127.0.0.1', () => out({ event: 'listening', port: server.address().port }));
process.on('SIGTERM', () => process.exit(0));
