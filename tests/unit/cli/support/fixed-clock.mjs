// Loaded with `node --import` by the single-file command's tests: every reading of the clock in the
// command (new Date(), Date.now()) gives PLAINSEC_TEST_NOW, so scores that age answers never read
// the machine's clock.
const fixed = Date.parse(process.env.PLAINSEC_TEST_NOW ?? '');
if (Number.isNaN(fixed)) throw new Error('PLAINSEC_TEST_NOW must be an ISO date for fixed-clock.mjs');
const RealDate = Date;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(fixed);
    else super(...args);
  }
  static now() {
    return fixed;
  }
}
globalThis.Date = FixedDate;
