// The tool's version, as SARIF, the JSON report and --version state it (package.json's).
export const toolVersion = '0.1.0';
