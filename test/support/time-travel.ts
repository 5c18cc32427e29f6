// Moves this test process's wall clock to FENJI_TIME_TRAVEL (an ISO instant) and lets it run
// on from there, as libfaketime's "@" does. vitest.config.ts runs the date-sensitive suites again
// under it, on the first working day of 2027 and on 2031-03-01: a test that takes its day from
// the wall clock instead of the one injected clock (domain/clock.ts) fails there, not on the day
// the calendar reaches its fixture. Only Date is moved; timers and performance.now() run as usual.
//
// Node's HTTP server writes its Date header from its own internal clock, which this cannot move;
// the AWS SDK corrects its signing time by that header, and s3rver then refuses the request as
// skewed. So the header is written here, from the moved clock, as a server on that day would.
import { ServerResponse } from 'node:http';

const target = process.env.FENJI_TIME_TRAVEL;
if (target) {
  const RealDate = Date;
  const at = RealDate.parse(target);
  if (Number.isNaN(at)) throw new Error(`FENJI_TIME_TRAVEL must be an ISO instant; got ${target}`);
  const offset = at - RealDate.now();
  const now = () => RealDate.now() + offset;
  globalThis.Date = new Proxy(RealDate, {
    construct: (real, args, newTarget) => Reflect.construct(real, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (real, key, receiver) => (key === 'now' ? now : Reflect.get(real, key, receiver)),
  });
  const writeHead = ServerResponse.prototype.writeHead;
  ServerResponse.prototype.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (this.sendDate && !this.hasHeader('date')) {
      this.sendDate = false;
      this.setHeader('date', new Date().toUTCString());
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof writeHead;
}
