// Preloaded (node --import) into the Action's process by the proxy tests: the names listed in
// TG_TEST_HOSTS resolve to 127.0.0.1, as /etc/hosts would make them, and every lookup is
// appended to TG_TEST_LOOKUPS. Other `.test` names fail at once, so a test that goes wrong never
// asks a real resolver.
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';

const original = dns.lookup;
const names = new Set((process.env.TG_TEST_HOSTS ?? '').split(',').filter(Boolean));

dns.lookup = function lookup(hostname, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}];
  if (typeof options === 'number') options = { family: options };
  if (process.env.TG_TEST_LOOKUPS) appendFileSync(process.env.TG_TEST_LOOKUPS, `${hostname}\n`);
  if (names.has(hostname)) {
    const answer = { address: '127.0.0.1', family: 4 };
    process.nextTick(() => (options?.all ? callback(null, [answer]) : callback(null, answer.address, answer.family)));
    return;
  }
  if (/\.test\.?$/.test(hostname)) {
    process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname })));
    return;
  }
  return original.call(this, hostname, options, callback);
};
