// Where the config file is looked for when none is named (its own module: the CLI's usage text
// names it without loading the config parser and the rules behind it).
export const defaultConfigPath = '.github/termination-guard.yml';
