// Signal names as kill(1), STOPSIGNAL and image configs spell them: `SIGQUIT`, `quit`, `3`.

const byNumber: Record<string, string> = { '1': 'HUP', '2': 'INT', '3': 'QUIT', '9': 'KILL', '10': 'USR1', '12': 'USR2', '15': 'TERM', '28': 'WINCH' };

/** The bare upper-case name (`TERM`); unknown numbers stay as written. */
export function signalName(text: string): string {
  const upper = text.trim().toUpperCase().replace(/^SIG/, '');
  return byNumber[upper] ?? upper;
}
