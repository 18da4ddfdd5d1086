// What an image's name tells about its /bin/sh (README "Images"; TERMINATION-FACTS §4).
import { describe, expect, it } from 'vitest';
import { imageFacts } from '../../src/k8s/images.js';

describe('imageFacts: shell families known by name', () => {
  it.each([
    // HashiCorp's images are Alpine; two are not, and -ubi tags are UBI.
    ['hashicorp/vault:1.18.1', 'ash'],
    ['docker.io/hashicorp/consul:1.20', 'ash'],
    ['hashicorp/vault-k8s:1.5.0', 'ash'],
    ['hashicorp/vault:1.18.1-ubi', 'bash'],
    ['hashicorp/consul-dataplane:1.6.1', 'none'],
    ['hashicorp/consul-dataplane:1.6.1-ubi', 'bash'],
    ['hashicorp/http-echo:1.0', 'none'],
    // Bitnami: Debian (bitnami/minideb), whatever the tag.
    ['bitnami/nginx:1.27.3', 'dash'],
    ['docker.io/bitnami/redis:7.4.1-debian-12-r2', 'dash'],
    ['bitnamilegacy/postgresql:16', 'dash'],
    // quay.io app images.
    ['quay.io/prometheus/prometheus:v3.0.1', 'ash'],
    ['quay.io/prometheus-operator/prometheus-config-reloader:v0.79.0', 'ash'],
    ['quay.io/thanos/thanos:v0.36.1', 'ash'],
    ['quay.io/kiwigrid/k8s-sidecar:1.28.0', 'ash'],
    ['quay.io/jetstack/cert-manager-controller:v1.16.2', 'none'],
    ['quay.io/argoproj/argocd:v2.13.1', 'dash'],
    // Variant tags name the base whoever builds the image.
    ['example.com/team/api:1.4-alpine', 'ash'],
    ['example.com/team/api:1.4-alpine3.20', 'ash'],
    ['example.com/team/api:1.4-debian-12', 'dash'],
    ['example.com/team/api:1.4-debian12', 'dash'],
    ['example.com/team/api:debian', 'dash'],
    ['example.com/team/api:2.0-ubi9-minimal', 'bash'],
  ])('%s: %s', (reference, shell) => {
    expect(imageFacts(reference).shell).toBe(shell);
  });

  it('leaves other images unknown (dash is then assumed, and the claims say "if")', () => {
    for (const reference of ['example/app:1', 'quay.io/acme/app:2', 'hashicorpx/app:1', 'ghcr.io/bitnami-fan/app:1', 'example.com/debianish/app:1', 'example.com/app:subiquity']) {
      expect(imageFacts(reference)).toMatchObject({ shell: 'unknown', basis: 'unknown base image' });
    }
  });

  it('says why, for the evidence', () => {
    expect(imageFacts('bitnami/nginx:latest').basis).toBe('Bitnami image (Debian, bitnami/minideb): /bin/sh is dash');
    expect(imageFacts('hashicorp/vault:1.18.1').basis).toBe('HashiCorp image (Alpine): /bin/sh is BusyBox ash');
  });
});
