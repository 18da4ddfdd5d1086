// Which options of kill, pkill, pgrep, killall and pidof take an argument decides what the rest
// of the command line means (issue 16: `pkill -s <sid>` was read as "signal <sid>").
import { describe, expect, it } from 'vitest';
import { parseProcessCommand } from '../../src/shell/process-command.js';
import { killCommand } from '../../src/shell/script.js';

const parse = (line: string) => {
  const command = parseProcessCommand(line.split(' '));
  return command && { signal: command.signal, operands: command.operands, flags: [...command.flags].sort(), lists: command.listsSignals };
};

describe('parseProcessCommand', () => {
  it.each([
    // procps-ng pkill: -s is the session, -n the newest match, -u/-U/-g/-G/-P/-t/-F take values.
    ['pkill -s 1234 app', 'TERM', ['app'], []],
    ['pkill -n app', 'TERM', ['app'], ['n']],
    ['pkill -n -INT app', 'INT', ['app'], ['n']],
    ['pkill -fu www-data server.js', 'TERM', ['server.js'], ['f']],
    ['pkill -uroot -x app', 'TERM', ['app'], ['x']],
    ['pkill -P 1 -t pts/0 app', 'TERM', ['app'], []],
    ['pkill --session 7 --signal QUIT app', 'QUIT', ['app'], []],
    ['pkill --signal=HUP app', 'HUP', ['app'], []],
    ['pkill -hup app', 'HUP', ['app'], []],
    ['pkill -SIGUSR1 memcached', 'USR1', ['memcached'], []],
    ['pkill -9 app', 'KILL', ['app'], []],
    ['pkill app -f', 'TERM', ['app'], ['f']],
    ['pkill -F /run/app.pid', 'TERM', [], []],
    ['pkill -- -f', 'TERM', ['-f'], []],
    // psmisc killall: -s is the signal, but -n is a PID namespace and -o/-y/-u/-Z take values.
    ['killall -s INT app worker', 'INT', ['app', 'worker'], []],
    ['killall -n 42 app', 'TERM', ['app'], []],
    ['killall -o 5m -q app', 'TERM', ['app'], ['q']],
    ['killall -HUP app', 'HUP', ['app'], []],
    ['killall -9 app', 'KILL', ['app'], []],
    ['killall -eI app', 'TERM', ['app'], ['I', 'e']],
    ['killall --signal=QUIT nginx', 'QUIT', ['nginx'], []],
    // The shells' kill: -s and -n name the signal; the first other dash word is the signal, later ones process groups.
    ['kill -s QUIT 42', 'QUIT', ['42'], []],
    ['kill -n 3 42', 'QUIT', ['42'], []],
    ['kill -TERM -1234', 'TERM', ['-1234'], []],
    ['kill -9 1', 'KILL', ['1'], []],
    ['kill 1', 'TERM', ['1'], []],
    ['kill -- -1', 'TERM', ['-1'], []],
    ['kill --signal WINCH 1', 'WINCH', ['1'], []],
    ['kill --timeout 1000 KILL --signal QUIT 1', 'QUIT', ['1'], []],
    // pgrep and pidof send nothing.
    ['pgrep -d , -f java', undefined, ['java'], ['f']],
    ['pidof -o %PPID -s app', undefined, ['app'], ['s']],
  ])('%s', (line, signal, operands, flags) => {
    expect(parse(line)).toEqual({ signal, operands, flags, lists: false });
  });

  it('knows the listing options, which signal nothing', () => {
    expect(parse('kill -l')?.lists).toBe(true);
    expect(parse('killall -l')?.lists).toBe(true);
    expect(killCommand(['kill', '-l', '15'])).toBeUndefined();
  });

  it('is undefined for other commands', () => {
    expect(parseProcessCommand(['sleep', '5'])).toBeUndefined();
    expect(parseProcessCommand([])).toBeUndefined();
  });

  it('killCommand reads through it', () => {
    expect(killCommand(['/usr/bin/pkill', '-s', '1234', 'app'])).toEqual({ tool: 'pkill', signal: 'TERM', targets: ['app'] });
    expect(killCommand(['pkill', '-n', 'app'])).toEqual({ tool: 'pkill', signal: 'TERM', targets: ['app'] });
    expect(killCommand(['killall', '-n', '42', 'app'])).toEqual({ tool: 'killall', signal: 'TERM', targets: ['app'] });
  });
});
