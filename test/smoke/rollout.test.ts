// The rollout waiter on a fake API and watcher: done when the status is complete and the old pods
// are gone, and the terminal's status line told how long it has run and what is left.
import { describe, expect, it } from 'vitest';
import type { Kube } from '../../src/smoke/kube.js';
import { waitForRollout } from '../../src/smoke/rollout.js';
import type { NamespaceWatcher } from '../../src/smoke/watcher.js';

describe('waitForRollout', () => {
  it('reports its progress on each poll until the old pod is gone', async () => {
    let reads = 0;
    const complete = { metadata: { generation: 2 }, spec: { replicas: 1 }, status: { observedGeneration: 2, updatedReplicas: 1, replicas: 1, availableReplicas: 1 } };
    const kube = { read: async () => (++reads >= 3 ? complete : { ...complete, status: { observedGeneration: 2, updatedReplicas: 1, replicas: 2, availableReplicas: 1 } }) } as unknown as Kube;
    const old = { uid: 'old', goneMs: undefined as number | undefined };
    const watcher = { version: 0, pods: new Map([['old', old]]), pendingReason: () => undefined } as unknown as NamespaceWatcher;
    const polls: Array<[number, number]> = [];
    const wait = await waitForRollout(kube, 'Deployment', 'apps/v1', 'ns', 'api', watcher, {
      timeoutMs: 5_000,
      stallMs: 5_000,
      pollMs: 5,
      oldPods: new Set(['old']),
      onPoll: (elapsed, left) => {
        polls.push([elapsed, left]);
        if (polls.length === 4) old.goneMs = 1;
      },
    });
    expect(wait.outcome).toBe('complete');
    expect(polls.length).toBe(4);
    expect(polls.every(([elapsed, left]) => elapsed >= 0 && left === 1)).toBe(true);
  });
});
