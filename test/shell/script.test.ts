import { describe, expect, it } from 'vitest';
import { analyzeScript, parseSleepSeconds, shellScriptOf } from '../../src/shell/script.js';

describe('analyzeScript', () => {
  it('sees an exec on the last command, in every branch of a final if', () => {
    expect(analyzeScript('set -e\n./prepare\nexec ./server --port 8080').endsWithExec).toBe(true);
    expect(analyzeScript('if [ -f x ]; then exec a; else exec b; fi').endsWithExec).toBe(true);
    expect(analyzeScript('if [ -f x ]; then exec a; fi').endsWithExec).toBe(false);
    expect(analyzeScript('./prepare && exec ./server').endsWithExec).toBe(true);
    expect(analyzeScript('exec ./server &').endsWithExec).toBe(false);
  });

  it('knows the last foreground command and the program an exec runs', () => {
    const facts = analyzeScript('mkdir -p /data\nvalkey-server /etc/valkey.conf --dir "/data"');
    expect(facts.endsWithSimpleCommand).toBe(true);
    expect(facts.lastArgv).toEqual(['valkey-server', '/etc/valkey.conf', '--dir', '/data']);
    expect(analyzeScript('exec node "server.js"').lastArgv).toEqual(['node', 'server.js']);
  });

  it('finds TERM traps and what defers them', () => {
    const deferred = analyzeScript('trap "exit 0" TERM\nwhile true; do\n  sleep 60\ndone');
    expect(deferred.termTrap).toBe('exit 0');
    expect(deferred.trapDeferredBy).toMatchObject({ seconds: 60 });
    const prompt = analyzeScript('trap \'kill $pid\' SIGTERM\n./server & pid=$!\nwait $pid');
    expect(prompt.termTrap).toBe('kill $pid');
    expect(prompt.trapDeferredBy).toBeUndefined();
    expect(prompt.waits).toBe(true);
    expect(analyzeScript('trap "" TERM\nsleep 5').termTrap).toBe('');
  });

  it('adds up sequential sleeps and understands durations', () => {
    expect(analyzeScript('sleep 5 && nginx -s quit').sleepSeconds).toBe(5);
    expect(analyzeScript('sleep 2; sleep 3s').sleepSeconds).toBe(5);
    expect(analyzeScript('sleep 1m').sleepSeconds).toBe(60);
    expect(analyzeScript('sleep 5 &').sleepSeconds).toBe(0);
    expect(parseSleepSeconds('1.5')).toBe(1.5);
    expect(parseSleepSeconds('$X')).toBeUndefined();
  });

  it('detects kill of PID 1 with any signal spelling', () => {
    expect(analyzeScript('sleep 10 && kill -TERM 1').killsPid1).toEqual({ signal: 'TERM' });
    expect(analyzeScript('kill 1').killsPid1).toEqual({ signal: 'TERM' });
    expect(analyzeScript('kill -s QUIT 1').killsPid1).toEqual({ signal: 'QUIT' });
    expect(analyzeScript('/bin/kill -9 1').killsPid1).toEqual({ signal: 'KILL' });
    expect(analyzeScript('kill -TERM 12').killsPid1).toBeUndefined();
  });

  it('parses here-docs and reports syntax errors instead of throwing', () => {
    const heredoc = analyzeScript('cat > /etc/app.conf <<EOF\nexec nothing\nEOF\nexec app');
    expect(heredoc.parsed).toBe(true);
    expect(heredoc.lastArgv).toEqual(['app']);
    const broken = analyzeScript('if then (');
    expect(broken.parsed).toBe(false);
    expect(broken.error).toMatch(/must be followed/);
  });
});

describe('shellScriptOf', () => {
  it('finds the script of sh -c style invocations', () => {
    expect(shellScriptOf(['/bin/sh', '-c', 'echo hi'])).toEqual({ shell: 'sh', script: 'echo hi' });
    expect(shellScriptOf(['bash', '-ecx', 'exec x'])).toEqual({ shell: 'bash', script: 'exec x' });
    expect(shellScriptOf(['bash', '-e', '-c', 'exec x'])).toEqual({ shell: 'bash', script: 'exec x' });
    expect(shellScriptOf(['sh', 'script.sh'])).toBeUndefined();
    expect(shellScriptOf(['node', '-c', 'x'])).toBeUndefined();
  });
});
