// Workflow commands in a step's output, read the way the Actions runner reads them
// (actions/runner, src/Runner.Common/ActionCommand.cs and ActionCommandManager.cs): the output is
// split into lines at \n, \r and \r\n; a line is a command when, after leading blanks, it starts
// with `::name…::` or when it contains `##[name…]` anywhere, for a registered name. Between
// `::stop-commands::token` and `::token::` nothing is a command.

export interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  data: string;
  line: string;
}

const registered = new Set(['error', 'warning', 'notice', 'debug', 'group', 'endgroup', 'add-mask', 'add-matcher', 'remove-matcher', 'echo', 'set-output', 'save-state', 'set-env', 'add-path', 'stop-commands']);

const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (text: string) => unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','));

function parseLine(line: string, names: Set<string>): WorkflowCommand | undefined {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2);
    if (end >= 0) {
      const info = trimmed.slice(2, end);
      const space = info.indexOf(' ');
      const name = space < 0 ? info : info.slice(0, space);
      if (names.has(name.toLowerCase())) {
        const properties: Record<string, string> = {};
        if (space > 0) {
          for (const pair of info.slice(space + 1).trim().split(',').filter(Boolean)) {
            const at = pair.indexOf('=');
            if (at > 0) properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
          }
        }
        return { name: name.toLowerCase(), properties, data: unescapeData(trimmed.slice(end + 2)), line };
      }
    }
  }
  const prefix = line.indexOf('##[');
  if (prefix >= 0) {
    const close = line.indexOf(']', prefix);
    if (close >= 0) {
      const info = line.slice(prefix + 3, close);
      const name = info.split(' ')[0];
      if (names.has(name.toLowerCase())) return { name: name.toLowerCase(), properties: {}, data: line.slice(close + 1), line };
    }
  }
  return undefined;
}

/** Every command the runner would act on in `output`, in order. */
export function workflowCommands(output: string): WorkflowCommand[] {
  const names = new Set(registered);
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const line of output.split(/\r\n|\r|\n/)) {
    const command = parseLine(line, names);
    if (!command) continue;
    if (stopToken !== undefined) {
      if (command.name === stopToken) {
        names.delete(stopToken);
        stopToken = undefined;
      }
      continue;
    }
    if (command.name === 'stop-commands') {
      stopToken = command.data.toLowerCase();
      names.add(stopToken);
      continue;
    }
    commands.push(command);
  }
  return commands;
}

/** The annotations among them. */
export const annotations = (output: string) => workflowCommands(output).filter((c) => c.name === 'error' || c.name === 'warning' || c.name === 'notice');
