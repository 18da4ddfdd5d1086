// The container runtime the drill drives. Docker's Engine API is the one implemented (it is
// what GitHub's runners have, and podman serves the same API on its socket); another runtime
// only has to implement this interface.

export interface ImageInfo {
  id: string;
  entrypoint?: string[];
  cmd?: string[];
  stopSignal?: string;
  user?: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  /** Replaces the image's ENTRYPOINT (Kubernetes `command`); the image's CMD is then dropped too. */
  entrypoint?: string[];
  /** Replaces the image's CMD (Kubernetes `args`). */
  cmd?: string[];
  env: string[];
  workingDir?: string;
  user?: string;
  labels: Record<string, string>;
}

export interface ContainerState {
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  pid: number;
  /** When it stopped, by the runtime's clock (ms since the epoch, sub-ms precision kept). */
  finishedAtMs?: number;
  error?: string;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string;
}

export interface ExecResult {
  exitCode?: number;
  output: string;
  timedOut: boolean;
}

export interface ContainerRuntime {
  readonly name: string;
  /** A version line, or throws RuntimeUnavailable with advice. */
  version(): Promise<string>;
  /** The local image, or undefined when it is not present. */
  image(reference: string): Promise<ImageInfo | undefined>;
  pull(reference: string, timeoutMs: number): Promise<void>;
  /** Creates the container on the host's network (ports stay the manifest's, on loopback). */
  create(spec: ContainerSpec): Promise<string>;
  start(id: string): Promise<void>;
  processes(id: string): Promise<ProcessInfo[]>;
  exec(id: string, argv: string[], timeoutMs: number): Promise<ExecResult>;
  kill(id: string, signal: string): Promise<void>;
  /** Resolves with the exit code when the container next stops (call it before start). */
  wait(id: string): Promise<number>;
  state(id: string): Promise<ContainerState>;
  logs(id: string, tail: number): Promise<string>;
  remove(id: string): Promise<void>;
}

/** No runtime to talk to: the drill is skipped with this advice. */
export class RuntimeUnavailable extends Error {}
