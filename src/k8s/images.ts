// What an image reference tells us about the shell inside it. Only well-known images are
// classified; everything else is "unknown", and rules that need a fact about the image say
// which assumption they made (TERMINATION-FACTS §4: unknown base ⇒ assume dash).

export type ShellFamily = 'dash' | 'ash' | 'bash' | 'none' | 'unknown';

export interface ImageFacts {
  reference: string;
  repository: string;
  tag: string;
  /** What `/bin/sh` is in this image, as far as we know. */
  shell: ShellFamily;
  /** Why we believe that (shown as evidence). */
  basis: string;
}

export function parseImageReference(reference: string): { repository: string; tag: string } {
  const withoutDigest = reference.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > lastSlash) return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
  return { repository: withoutDigest, tag: reference.includes('@') ? '' : 'latest' };
}

/** Images known to carry no shell (and usually no sleep/curl either). */
const shellLess: { pattern: RegExp; basis: string }[] = [
  { pattern: /(^|\/)distroless\//, basis: 'distroless images have no shell' },
  { pattern: /^cgr\.dev\/chainguard\//, basis: 'Chainguard images have no shell (only -dev variants do)' },
  { pattern: /(^|\/)pause$/, basis: 'the pause image is a single static binary' },
  { pattern: /(^|\/)kube-rbac-proxy$/, basis: 'kube-rbac-proxy is built on distroless/static' },
  { pattern: /(^|\/)metrics-server$/, basis: 'metrics-server is built on distroless' },
  { pattern: /^registry\.k8s\.io\/(kube-apiserver|kube-controller-manager|kube-scheduler)$/, basis: 'control-plane images are distroless' },
  { pattern: /(^|\/)coredns$/, basis: 'the CoreDNS image is built FROM scratch' },
  { pattern: /^(docker\.io\/)?hashicorp\/http-echo$/, basis: 'hashicorp/http-echo is built FROM scratch' },
  { pattern: /^(docker\.io\/)?hashicorp\/consul-dataplane$/, basis: 'hashicorp/consul-dataplane is built on distroless (its -ubi tags are UBI)' },
  { pattern: /^quay\.io\/jetstack\/cert-manager-/, basis: 'the cert-manager images are built on distroless/static' },
];

const debianTags = /(^|[-.])(debian(-?\d+)?|slim|bookworm|bullseye|buster|stretch|trixie|jammy|focal|noble|bionic|xenial)([-.]|$)/;
/** Red Hat UBI variants of vendor images (`hashicorp/vault:1.18-ubi`, `…-ubi9`). */
const ubiTags = /(^|[-.])ubi(\d+)?(-minimal|-micro)?([-.]|$)/;
const debianRepositories = /(^|\/)(debian|ubuntu)$/;
/**
 * Vendor families by name. Bitnami images are built on bitnami/minideb (Debian); HashiCorp's on
 * Alpine (vault, consul, terraform, nomad, vault-k8s, consul-k8s…); on quay.io, the Prometheus
 * operator's and Thanos' images on quay.io/prometheus/busybox, kiwigrid's sidecar on
 * python:alpine, Argo CD on Ubuntu.
 */
const vendorFamilies: { pattern: RegExp; shell: ShellFamily; basis: string }[] = [
  { pattern: /^(docker\.io\/)?bitnami(legacy)?\//, shell: 'dash', basis: 'Bitnami image (Debian, bitnami/minideb): /bin/sh is dash' },
  { pattern: /^(docker\.io\/)?hashicorp\//, shell: 'ash', basis: 'HashiCorp image (Alpine): /bin/sh is BusyBox ash' },
  { pattern: /^quay\.io\/(prometheus-operator|thanos)\//, shell: 'ash', basis: 'built on quay.io/prometheus/busybox: /bin/sh is BusyBox ash' },
  { pattern: /^quay\.io\/kiwigrid\//, shell: 'ash', basis: 'kiwigrid image (python:alpine): /bin/sh is BusyBox ash' },
  { pattern: /^quay\.io\/argoproj\/argocd$/, shell: 'dash', basis: 'the Argo CD image is built on Ubuntu: /bin/sh is dash' },
];
// Official images whose default tags are Debian/Ubuntu based.
const debianDefaults = /^(docker\.io\/)?(library\/)?(python|node|ruby|golang|openjdk|eclipse-temurin|postgres|redis|nginx|httpd|mysql|mariadb|php|perl|rabbitmq|mongo|cassandra|elasticsearch|memcached|tomcat|maven|gradle)$/;

export function imageFacts(reference: string): ImageFacts {
  const { repository, tag } = parseImageReference(reference);
  const base = { reference, repository, tag };
  for (const { pattern, basis } of shellLess) {
    if (pattern.test(repository)) {
      if (/(^|[-.])(debug|dev)([-.]|$)/.test(tag)) {
        return { ...base, shell: 'ash', basis: `${tag} variants add a BusyBox shell` };
      }
      if (ubiTags.test(tag)) return { ...base, shell: 'bash', basis: 'UBI variant (Red Hat Universal Base Image): /bin/sh is bash' };
      return { ...base, shell: 'none', basis };
    }
  }
  // A variant tag names the base whoever builds the image.
  if (/(^|\/)(alpine|busybox)$/.test(repository) || /(^|[-.])alpine/.test(tag) || /^quay\.io\/prometheus\//.test(repository)) {
    return { ...base, shell: 'ash', basis: 'Alpine/BusyBox image: /bin/sh is BusyBox ash' };
  }
  if (debianRepositories.test(repository) || debianTags.test(tag)) {
    return { ...base, shell: 'dash', basis: 'Debian/Ubuntu image: /bin/sh is dash' };
  }
  if (ubiTags.test(tag)) return { ...base, shell: 'bash', basis: 'UBI variant (Red Hat Universal Base Image): /bin/sh is bash' };
  const vendor = vendorFamilies.find(({ pattern }) => pattern.test(repository));
  if (vendor) return { ...base, shell: vendor.shell, basis: vendor.basis };
  if (debianDefaults.test(repository)) {
    return { ...base, shell: 'dash', basis: 'Debian/Ubuntu image: /bin/sh is dash' };
  }
  if (redHatRepositories.test(repository)) {
    return { ...base, shell: 'bash', basis: 'Red Hat family image (UBI, Fedora, CentOS, Rocky, Alma, Amazon Linux): /bin/sh is bash' };
  }
  return { ...base, shell: 'unknown', basis: 'unknown base image' };
}

const redHatRepositories = /(^|\/)(ubi\d*(-minimal|-micro|-init)?|fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux)$/;

/** Family from the package manager a build runs (RUN lines, or an image's history). */
export function familyFromCommands(commands: readonly string[]): { shell: ShellFamily; basis: string } | undefined {
  const text = commands.join('\n');
  if (/\balpine-minirootfs\b|(^|[\s;&|])apk\s+(add|update|upgrade|--no-cache)/.test(text)) return { shell: 'ash', basis: 'Alpine (it runs apk): /bin/sh is BusyBox ash' };
  if (/\bdebian\.sh\b|(^|[\s;&|])(apt-get|apt|dpkg)\s/.test(text)) return { shell: 'dash', basis: 'Debian/Ubuntu (it runs apt-get/dpkg): /bin/sh is dash' };
  if (/(^|[\s;&|])(microdnf|dnf|yum|rpm)\s/.test(text)) return { shell: 'bash', basis: 'Red Hat family (it runs dnf/yum): /bin/sh is bash' };
  return undefined;
}

/**
 * Graceful stop signals that well-known official images set with STOPSIGNAL, so that the
 * runtime's signal starts a graceful rather than a fast shutdown.
 */
export function knownStopSignal(reference: string): { signal: string; basis: string } | undefined {
  const { repository, tag } = parseImageReference(reference);
  const name = repository.replace(/^(docker\.io\/)?(library\/)?/, '');
  if (name === 'nginx' || name === 'nginxinc/nginx-unprivileged') return { signal: 'SIGQUIT', basis: 'the official nginx image sets STOPSIGNAL SIGQUIT' };
  if (name === 'php' && /(^|-)fpm(-|$)/.test(tag)) return { signal: 'SIGQUIT', basis: 'the official php *-fpm images set STOPSIGNAL SIGQUIT' };
  if (name === 'httpd') return { signal: 'SIGWINCH', basis: 'the official httpd image sets STOPSIGNAL SIGWINCH' };
  return undefined;
}

/** What `sh` means for a given shell name inside an image. */
export function effectiveShell(shellName: string, image: { shell: ShellFamily }): { family: ShellFamily; assumed: boolean } {
  const name = shellName.replace(/^.*\//, '');
  if (name === 'bash') return { family: 'bash', assumed: false };
  if (name === 'dash') return { family: 'dash', assumed: false };
  if (name === 'ash') return { family: 'ash', assumed: false };
  if (image.shell === 'unknown' || image.shell === 'none') return { family: 'dash', assumed: true };
  return { family: image.shell, assumed: false };
}
