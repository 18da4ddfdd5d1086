// The watcher's reading of EndpointSlices (when a pod stopped being routed to) and the CLI's
// --trials, without a cluster.
import { describe, expect, it } from 'vitest';
import { parseInvocation } from '../../src/cli-args.js';
import type { Kube } from '../../src/smoke/kube.js';
import { NamespaceWatcher } from '../../src/smoke/watcher.js';
import { repoRoot } from '../helpers.js';

const pod = (uid: string, name: string, deleting = false) => ({
  metadata: { uid, name, creationTimestamp: '2026-01-01T00:00:00Z', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:10Z', deletionGracePeriodSeconds: 10 } : {}) },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
const slice = (endpoints: { uid: string; ready?: boolean }[]) => ({
  metadata: { name: 'web-abcde' },
  endpoints: endpoints.map(({ uid, ready }) => ({ addresses: ['10.88.0.5'], targetRef: { kind: 'Pod', uid }, ...(ready === undefined ? {} : { conditions: { ready, serving: true, terminating: !ready } }) })),
});

describe('the namespace watcher', () => {
  it('takes when the EndpointSlices stopped listing a pod as ready: ready false, or gone from the slice', () => {
    let now = 1000;
    const watcher = new NamespaceWatcher({} as Kube, 'ns', () => now);
    const handle = watcher as unknown as { onPod: (type: string, object: object) => void };
    handle.onPod('ADDED', pod('a', 'web-a'));
    handle.onPod('ADDED', pod('b', 'web-b'));
    watcher.onSlice('ADDED', slice([{ uid: 'a' }, { uid: 'b', ready: true }]));
    now = 2000;
    handle.onPod('MODIFIED', pod('a', 'web-a', true));
    now = 2040;
    watcher.onSlice('MODIFIED', slice([{ uid: 'a', ready: false }, { uid: 'b', ready: true }]));
    expect(watcher.pods.get('a')?.unroutedMs).toBe(2040);
    expect(watcher.pods.get('b')?.unroutedMs).toBeUndefined();
    now = 3000;
    watcher.onSlice('MODIFIED', slice([{ uid: 'b', ready: true }]));
    expect(watcher.pods.get('a')?.unroutedMs).toBe(2040); // the first time counts
    now = 4000;
    watcher.onSlice('DELETED', slice([{ uid: 'b', ready: true }]));
    expect(watcher.pods.get('b')?.unroutedMs).toBe(4000);
  });
});

describe('--trials', () => {
  const parse = (args: string[]) => parseInvocation(['smoke', 'examples/', ...args], repoRoot, { isTTY: false, noColor: true }, import.meta.url);

  it('sets smoke.trials over the config, and refuses what is not a count from 1 to 25', async () => {
    const invocation = await parse(['--trials', '5']);
    expect(invocation.command === 'smoke' && invocation.settings.config.smoke.trials).toBe(5);
    const defaulted = await parse([]);
    expect(defaulted.command === 'smoke' && defaulted.settings.config.smoke.trials).toBe(1);
    await expect(parse(['--trials', '0'])).rejects.toThrow('--trials must be a whole number from 1 to 25 (got "0")');
    await expect(parse(['--trials', '2.5'])).rejects.toThrow('--trials must be a whole number from 1 to 25');
  });
});

describe('smoke.kindConfigPatches', () => {
  it('takes kubeadm patches that name their kind, and refuses anything else', async () => {
    const { parseConfig } = await import('../../src/analysis/config.js');
    const good = parseConfig('smoke:\n  kindConfigPatches:\n    - |\n      kind: KubeletConfiguration\n      failCgroupV1: false\n', 'c.yml');
    expect(good.errors).toEqual([]);
    expect(good.config.smoke.kindConfigPatches).toEqual(['kind: KubeletConfiguration\nfailCgroupV1: false\n']);
    const bad = parseConfig('smoke:\n  kindConfigPatches: [failCgroupV1]\n', 'c.yml');
    expect(bad.errors[0]?.message).toMatch(/smoke\.kindConfigPatches must be a list of kubeadm config patches/);
  });
});
