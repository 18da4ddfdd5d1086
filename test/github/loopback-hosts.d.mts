// Side effects only: see loopback-hosts.mjs.
export {};
