// A local HTTP server that answers like GitHub's REST API for the calls termination-guard
// makes, and checks every request against GitHub's published OpenAPI description
// (@octokit/openapi): the operation must exist, and a JSON body must match its schema.
// It keeps comments and reviews in memory so tests can assert on what a user would see, and
// injects faults on demand (5xx, secondary rate limit, 422 on bad anchors, read-only token).
// GraphQL (POST /graphql, not in the REST description) answers the one query we send:
// `viewer { login }`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  schema?: object;
}

let operations: Operation[] | undefined;
type Validator = { (data: unknown): boolean; errors?: unknown[] | null };
const validators = new Map<string, Validator>();
let ajv: { compile(schema: object): Validator } | undefined;

function loadOperations(): Operation[] {
  if (operations) return operations;
  const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8'));
  operations = [];
  for (const [template, item] of Object.entries<Record<string, any>>(spec.paths)) {
    // `{path}` (repository contents) spans slashes; every other parameter is one segment.
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{path\}/g, '(?<path>.+)').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
      const operation = item[method];
      if (!operation) continue;
      operations.push({ method: method.toUpperCase(), template, pattern, schema: operation.requestBody?.content?.['application/json']?.schema });
    }
  }
  const Ajv = require('ajv').default;
  const addFormats = require('ajv-formats').default;
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return operations;
}

export interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface ReviewCommentRecord {
  id: number;
  body: string;
  path: string;
  line: number;
  start_line?: number;
  user: { login: string };
  review_id?: number;
}

/** A check run as GitHub keeps it: each update's annotations appended to the earlier ones. */
export interface CheckRunRecord {
  id: number;
  name: string;
  head_sha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  details_url?: string;
  external_id?: string;
  output: { title?: string; summary?: string; text?: string };
  annotations: { path: string; start_line: number; end_line: number; annotation_level: string; message: string; title?: string; raw_details?: string }[];
  /** Every request body that created or changed it, in order. */
  history: Record<string, any>[];
}

export interface FakeGitHubOptions {
  /** The token's account (default: github-actions[bot] for an installation token, else a user). */
  login?: string;
  /** GET /user answers 403 like an installation token (GITHUB_TOKEN, or a GitHub App's). */
  installationToken?: boolean;
  /** The host name in the server's URL (default 127.0.0.1); it must resolve to 127.0.0.1. */
  host?: string;
  readOnly?: boolean;
  /**
   * The repository as GitHub holds it: a git directory and the PR's base and head commits. Files,
   * patches, comparisons, contents and the PR itself are answered from it with real git.
   */
  git?: { dir: string; base: string; head: string; number?: number; headRepository?: string };
}

interface PullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  previous_filename?: string;
  patch?: string;
}

const git = (dir: string, args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** `git diff` of base...head split per file, in the shape of GitHub's file entries. */
function diffFiles(dir: string, base: string, head: string): { mergeBase: string; files: PullFile[] } {
  const mergeBase = git(dir, ['merge-base', base, head]).trim();
  const files: PullFile[] = [];
  for (const section of git(dir, ['diff', '-M', '-U3', '--no-color', mergeBase, head]).split(/^(?=diff --git )/m)) {
    if (!section.startsWith('diff --git ')) continue;
    const lines = section.split('\n');
    const hunk = lines.findIndex((l) => l.startsWith('@@'));
    const header = lines.slice(0, hunk === -1 ? lines.length : hunk);
    const field = (prefix: string) => header.find((l) => l.startsWith(prefix))?.slice(prefix.length);
    const renamedTo = field('rename to ');
    const newPath = field('+++ b/') ?? renamedTo;
    const oldPath = field('--- a/') ?? field('rename from ');
    const status = header.some((l) => l.startsWith('new file mode')) ? 'added' : header.some((l) => l.startsWith('deleted file mode')) ? 'removed' : renamedTo ? 'renamed' : 'modified';
    const file: PullFile = { filename: (status === 'removed' ? oldPath : newPath) as string, status };
    if (status === 'renamed') file.previous_filename = field('rename from ');
    if (hunk !== -1) file.patch = lines.slice(hunk).join('\n').replace(/\n$/, '');
    files.push(file);
  }
  return { mergeBase, files };
}

export class FakeGitHub {
  /** Every request answered; `from` is the client's port (a proxy's, when one is in between). */
  readonly requests: { method: string; path: string; operation?: string; status: number; from?: number }[] = [];
  readonly violations: string[] = [];
  readonly comments: Comment[] = [];
  readonly reviewComments: ReviewCommentRecord[] = [];
  readonly reviews: { id: number; body: string; event: string; commit_id: string; user: { login: string } }[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  /** Faults to inject, consumed in order: match `METHOD /path-prefix`. */
  readonly faults: { match: RegExp; status: number; headers?: Record<string, string>; body?: object }[] = [];
  /** Requests to hold before answering (at most until stop), consumed in order: match `METHOD /path`. */
  readonly holds: { match: RegExp; ms: number }[] = [];
  /** Called with each request as it arrives, before it is answered. */
  onRequest?: (method: string, path: string) => void;
  private readonly held = new Set<() => void>();
  private nextId = 1000;

  /** The requests that change something (a GraphQL query is a POST that only reads). */
  writes(): FakeGitHub['requests'] {
    return this.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql');
  }

  private server?: Server;
  url = '';

  constructor(readonly options: FakeGitHubOptions = {}) {
    loadOperations();
  }

  get login(): string {
    return this.options.login ?? (this.options.installationToken ? 'github-actions[bot]' : 'termination-guard-bot');
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        this.violations.push(`server error: ${(error as Error).stack}`);
        response.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = new URL(`http://${this.options.host ?? '127.0.0.1'}:${(this.server.address() as AddressInfo).port}`).origin;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const release of this.held) release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    /** JSON unless `headers` name another content type (then `data` is the body as is). */
    const send = (status: number, data?: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method, path: url.pathname, operation: operation?.template, status, from: request.socket.remotePort });
      const json = headers['content-type'] === undefined;
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(data === undefined ? undefined : json ? JSON.stringify(data) : String(data));
    };

    const operation = loadOperations().find((op) => op.method === method && op.pattern.test(url.pathname));
    if (method === 'POST' && url.pathname === '/graphql') return this.graphql(request, body, send);
    if (!operation) {
      this.violations.push(`${method} ${url.pathname}: no such operation in GitHub's OpenAPI description`);
      return send(404, { message: 'Not Found' });
    }
    if (!/^(token|Bearer) \S+/.test(request.headers.authorization ?? '')) this.violations.push(`${method} ${url.pathname}: no token`);
    if (operation.schema) {
      const key = `${method} ${operation.template}`;
      let validate = validators.get(key);
      if (!validate) {
        validate = ajv?.compile(operation.schema) as Validator;
        validators.set(key, validate);
      }
      if (!validate(body)) this.violations.push(`${key}: body does not match the schema: ${JSON.stringify(validate.errors)} in ${text}`);
    }

    this.onRequest?.(method, url.pathname);
    const hold = this.holds.findIndex((h) => h.match.test(`${method} ${url.pathname}`));
    if (hold !== -1) {
      const [{ ms }] = this.holds.splice(hold, 1);
      await new Promise<void>((resolve) => {
        const release = () => {
          clearTimeout(timer);
          this.held.delete(release);
          resolve();
        };
        const timer = setTimeout(release, ms);
        this.held.add(release);
      });
      if (response.destroyed) return;
    }
    const fault = this.faults.findIndex((f) => f.match.test(`${method} ${url.pathname}`));
    if (fault !== -1) {
      const [{ status, headers, body: faultBody }] = this.faults.splice(fault, 1);
      return send(status, faultBody ?? { message: 'injected fault' }, headers);
    }
    const write = method !== 'GET';
    if (write && this.options.readOnly) return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' });

    const page = Number(url.searchParams.get('page') ?? '1');
    const perPage = Number(url.searchParams.get('per_page') ?? '30');
    const paginate = (items: unknown[]) => {
      const slice = items.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < items.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      return send(200, slice, headers);
    };
    const now = '2026-11-21T00:00:00Z';
    const route = `${method} ${operation.template}`;
    switch (route) {
      case 'GET /user':
        if (this.options.installationToken) return send(403, { message: 'Resource not accessible by integration' });
        return send(200, { login: this.login, id: 1, type: 'User' });
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments':
        return paginate(this.comments);
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const comment = { id: this.nextId++, body: body.body, user: { login: this.login, type: 'Bot' }, html_url: `${this.url}/comment`, created_at: now, updated_at: now };
        this.comments.push(comment);
        return send(201, comment);
      }
      case 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
        const id = Number(url.pathname.split('/').pop());
        const comment = this.comments.find((c) => c.id === id);
        if (!comment) return send(404, { message: 'Not Found' });
        comment.body = body.body;
        return send(200, comment);
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': {
        // GitHub stops listing a PR's files at 3,000.
        const files = this.diff().files.slice(0, 3000).map((f) => ({ ...f, sha: 'x', additions: 1, deletions: 0, changes: 1 }));
        return paginate(files);
      }
      case 'GET /repos/{owner}/{repo}/compare/{basehead}': {
        const [base, head] = decodeURIComponent(url.pathname.split('/').pop() as string).split('...') as [string, string];
        const dir = this.options.git?.dir as string;
        const { mergeBase, files } = diffFiles(dir, git(dir, ['rev-parse', base]).trim(), git(dir, ['rev-parse', head]).trim());
        // A comparison lists at most 300 files.
        return send(200, { status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1, merge_base_commit: { sha: mergeBase }, base_commit: { sha: base }, commits: [], files: files.slice(0, 300) });
      }
      case 'GET /repos/{owner}/{repo}/contents/{path}': {
        const path = decodeURIComponent(operation.pattern.exec(url.pathname)?.groups?.path ?? '');
        const ref = url.searchParams.get('ref') ?? 'HEAD';
        if (!/raw/.test(request.headers.accept ?? '')) this.violations.push(`GET contents/${path}: asked for JSON (base64, 1 MB limit) rather than the raw media type`);
        let content: string;
        try {
          content = execFileSync('git', ['show', `${ref}:${path}`], { cwd: this.options.git?.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        } catch {
          return send(404, { message: 'Not Found' });
        }
        return send(200, content, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments':
        return paginate(this.reviewComments);
      case 'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}': {
        const id = Number(url.pathname.split('/').pop());
        const index = this.reviewComments.findIndex((c) => c.id === id);
        if (index === -1) return send(404, { message: 'Not Found' });
        this.reviewComments.splice(index, 1);
        return send(204);
      }
      case 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': {
        for (const comment of body.comments ?? []) {
          if (!this.inDiff(comment.path, comment.line, comment.start_line)) {
            return send(422, { message: 'Unprocessable Entity', errors: ['Pull request review thread line must be part of the diff'] });
          }
        }
        const review = { id: this.nextId++, body: body.body, event: body.event, commit_id: body.commit_id, user: { login: this.login } };
        this.reviews.push(review);
        for (const comment of body.comments ?? []) this.addReviewComment(comment, review.id);
        return send(200, { ...review, state: 'COMMENTED' });
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews':
        return paginate(this.reviews.map((r) => ({ ...r, state: 'COMMENTED' })));
      case 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}': {
        const review = this.reviews.find((r) => r.id === Number(url.pathname.split('/').pop()));
        if (!review) return send(404, { message: 'Not Found' });
        review.body = body.body;
        return send(200, { ...review, state: 'COMMENTED' });
      }
      case 'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments': {
        if (!this.inDiff(body.path, body.line, body.start_line)) return send(422, { message: 'Validation Failed', errors: [{ message: 'line must be part of the diff' }] });
        return send(201, this.addReviewComment(body));
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}': {
        const pr = this.options.git;
        if (!pr || Number(url.pathname.split('/').pop()) !== (pr.number ?? 7)) return send(404, { message: 'Not Found' });
        const full = url.pathname.split('/').slice(2, 4).join('/');
        return send(200, {
          number: pr.number ?? 7,
          state: 'open',
          head: { sha: pr.head, ref: 'feature', repo: { full_name: pr.headRepository ?? full } },
          base: { sha: pr.base, ref: 'main', repo: { full_name: full } },
        });
      }
      case 'POST /repos/{owner}/{repo}/check-runs': {
        if (!this.hasCommit(body.head_sha)) return send(422, { message: 'Validation Failed', errors: [{ resource: 'CheckRun', field: 'head_sha', code: 'invalid' }] });
        const checkRun: CheckRunRecord = {
          id: this.nextId++,
          name: body.name,
          head_sha: body.head_sha,
          status: body.conclusion ? 'completed' : (body.status ?? 'queued'),
          output: {},
          annotations: [],
          history: [body],
        };
        this.applyCheckRun(checkRun, body);
        this.checkRuns.push(checkRun);
        return send(201, this.checkRunView(checkRun));
      }
      case 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': {
        const checkRun = this.checkRuns.find((c) => c.id === Number(url.pathname.split('/').pop()));
        if (!checkRun) return send(404, { message: 'Not Found' });
        checkRun.history.push(body);
        this.applyCheckRun(checkRun, body);
        return send(200, this.checkRunView(checkRun));
      }
      default:
        this.violations.push(`${route}: a valid GitHub operation the fake does not implement`);
        return send(501, { message: 'not implemented in the fake' });
    }
  }

  /** GitHub's GraphQL endpoint, for the one query we send. */
  private graphql(request: IncomingMessage, body: { query?: string } | undefined, send: (status: number, data?: unknown) => void): void {
    if (!/^(token|bearer) \S+/i.test(request.headers.authorization ?? '')) return send(401, { message: 'This endpoint requires you to be authenticated.' });
    const fault = this.faults.findIndex((f) => f.match.test('POST /graphql'));
    if (fault !== -1) {
      const [{ status, body: faultBody }] = this.faults.splice(fault, 1);
      return send(status, faultBody ?? { message: 'injected fault' });
    }
    if (!/^\s*(query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(body?.query ?? '')) {
      this.violations.push(`POST /graphql: a query the fake does not answer: ${body?.query}`);
      return send(200, { errors: [{ message: 'not implemented in the fake' }] });
    }
    return send(200, { data: { viewer: { login: this.login } } });
  }

  /** Whether the repository holds this commit (any SHA passes without a repository). */
  private hasCommit(sha: string): boolean {
    const dir = this.options.git?.dir;
    if (!dir) return true;
    try {
      execFileSync('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd: dir, stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  /** GitHub's rules: a conclusion completes the run; an output replaces title, summary and text, and its annotations append. */
  private applyCheckRun(checkRun: CheckRunRecord, body: Record<string, any>): void {
    for (const field of ['name', 'details_url', 'external_id', 'started_at', 'completed_at', 'status', 'conclusion'] as const) if (body[field] !== undefined) (checkRun as any)[field] = body[field];
    if (body.conclusion !== undefined) checkRun.status = 'completed';
    if (checkRun.status === 'completed' && !checkRun.conclusion) this.violations.push(`check run ${checkRun.id}: completed without a conclusion`);
    if (body.output) {
      checkRun.output = { title: body.output.title ?? checkRun.output.title, summary: body.output.summary, ...(body.output.text !== undefined ? { text: body.output.text } : {}) };
      checkRun.annotations.push(...(body.output.annotations ?? []));
    }
  }

  private checkRunView(checkRun: CheckRunRecord) {
    return {
      id: checkRun.id,
      name: checkRun.name,
      head_sha: checkRun.head_sha,
      status: checkRun.status,
      conclusion: checkRun.conclusion ?? null,
      html_url: `${this.url}/checks/${checkRun.id}`,
      output: { ...checkRun.output, annotations_count: checkRun.annotations.length },
    };
  }

  private addReviewComment(comment: { path: string; line: number; start_line?: number; body: string }, reviewId?: number): ReviewCommentRecord {
    const record: ReviewCommentRecord = {
      id: this.nextId++,
      body: comment.body,
      path: comment.path,
      line: comment.line,
      ...(comment.start_line ? { start_line: comment.start_line } : {}),
      user: { login: this.login },
      ...(reviewId ? { review_id: reviewId } : {}),
    };
    this.reviewComments.push(record);
    return record;
  }

  private diffCache?: { key: string; value: ReturnType<typeof diffFiles> };

  /** The PR's files as GitHub would list them (all of them; the route caps the list). */
  diff(): ReturnType<typeof diffFiles> {
    const pr = this.options.git;
    if (!pr) return { mergeBase: '', files: [] };
    const key = `${pr.base}...${pr.head}`;
    if (this.diffCache?.key !== key) this.diffCache = { key, value: diffFiles(pr.dir, pr.base, pr.head) };
    return this.diffCache.value;
  }

  private inDiff(path: string, line: number, startLine?: number): boolean {
    const patch = this.diff().files.find((f) => f.filename === path)?.patch;
    if (!patch) return false;
    const lines = new Set<number>();
    let next = 0;
    for (const text of patch.split('\n')) {
      const header = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(text);
      if (header) next = Number(header[1]);
      else if (text.startsWith('+') || text.startsWith(' ')) lines.add(next++);
    }
    for (let l = startLine ?? line; l <= line; l++) if (!lines.has(l)) return false;
    return true;
  }
}
